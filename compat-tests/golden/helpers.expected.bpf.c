/* Converted from helpers.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* the CPU count, set by bcc2core run before load */
const volatile int bcc2core_num_cpus = 1;

/* BCC-only helpers: printk with any argument count, bpf_num_cpus() as a
 * load-time constant, bpf_log2l's +1 bias, legacy bpf_probe_read* split
 * into kernel and user reads by what the program traces. */



struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, int);
	__type(value, u64);
} dist SEC(".maps") __attribute__((btf_decl_tag("bcc2core:histogram")));
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, u32);
} cpus SEC(".maps");

static __always_inline int kprobe__do_sys_openat2__body(void *ctx, int dfd, const char __user *filename)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *parent = NULL;
	char comm[TASK_COMM_LEN];
	u32 n = bcc2core_num_cpus;
	int zero = 0;

	bpf_probe_read_kernel(&parent, sizeof(parent), &task->real_parent);
	bpf_probe_read_kernel_str(comm, sizeof(comm), task->comm);
	bcc2core_map_increment_existing(&dist, bpf_log2l(bpf_ktime_get_ns() & 0xffff), 1);
	bpf_map_update_elem(&cpus, &zero, &n, BPF_ANY);
	bpf_printk("hello\n");
	bpf_printk("%s %d %d %d %d\n", comm, dfd, n, parent == NULL, zero);
	return 0;
}

SEC("kprobe/do_sys_openat2")
int BPF_KPROBE(kprobe__do_sys_openat2, int dfd, const char __user *filename)
{
	return kprobe__do_sys_openat2__body(ctx, dfd, filename);
}

SEC("fentry/do_sys_openat2") __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__do_sys_openat2__fentry, int dfd, const char __user *filename)
{
	return kprobe__do_sys_openat2__body(ctx, dfd, filename);
}

static __always_inline int syscall__read__body(void *ctx, int fd, char __user *buf, size_t count)
{
	char first[8];

	bpf_probe_read_user(first, sizeof(first), buf);
	bpf_probe_read_user_str(first, sizeof(first), buf);
	return 0;
}

SEC("ksyscall/read")
int BCC2CORE_KSYSCALL(syscall__read, 0x2, int fd, char __user *buf, size_t count)
{
	return syscall__read__body(ctx, fd, buf, count);
}

SEC("tracepoint/syscalls/sys_enter_read")
int syscall__read__tp(void *ctx)
{
	return syscall__read__body(ctx,
		(int)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[0],
		(char *)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[1],
		(size_t)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[2]);
}

SEC("fentry/__x64_sys_read") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(syscall__read__fentry, const struct pt_regs *regs)
{
	return syscall__read__body(ctx,
		(int)PT_REGS_PARM1_SYSCALL(regs),
		(char *)PT_REGS_PARM2_SYSCALL(regs),
		(size_t)PT_REGS_PARM3_SYSCALL(regs));
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
