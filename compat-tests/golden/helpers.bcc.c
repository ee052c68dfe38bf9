/* BCC-only helpers: printk with any argument count, bpf_num_cpus() as a
 * load-time constant, bpf_log2l's +1 bias, legacy bpf_probe_read* split
 * into kernel and user reads by what the program traces. */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>

BPF_HISTOGRAM(dist);
BPF_ARRAY(cpus, u32, 1);

int kprobe__do_sys_openat2(struct pt_regs *ctx, int dfd, const char __user *filename)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *parent = NULL;
	char comm[TASK_COMM_LEN];
	u32 n = bpf_num_cpus();
	int zero = 0;

	bpf_probe_read(&parent, sizeof(parent), &task->real_parent);
	bpf_probe_read_str(comm, sizeof(comm), task->comm);
	dist.increment(bpf_log2l(bpf_ktime_get_ns() & 0xffff));
	cpus.update(&zero, &n);
	bpf_trace_printk("hello\n");
	bpf_trace_printk("%s %d %d %d %d\n", comm, dfd, n, parent == NULL, zero);
	return 0;
}

int syscall__read(struct pt_regs *ctx, int fd, char __user *buf, size_t count)
{
	char first[8];

	bpf_probe_read(first, sizeof(first), buf);
	bpf_probe_read_str(first, sizeof(first), buf);
	return 0;
}
