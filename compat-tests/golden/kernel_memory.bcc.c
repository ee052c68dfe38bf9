/* Kernel memory as BCC programs read it: member chains, array elements at
 * i != 0 (BCC reads a wrong address there), char arrays as kernel pointers,
 * &member left alone, sizeof untouched, bitfields, a pointer kept in a map. */
#include <linux/sched.h>

struct info_t {
	u32 pid;
	u32 ppid;
	char c1;
	char c2;
	u32 comm_size;
	u32 len;
	char comm[TASK_COMM_LEN];
	char parent_comm[TASK_COMM_LEN];
	u64 exit_signal;
	u64 in_execve;
};

BPF_HASH(infos, u32, struct info_t);
BPF_HASH(tasks, u32, struct task_struct *);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct info_t info = {};
	u32 pid = task->tgid;

	info.pid = pid;
	info.ppid = task->real_parent->tgid;
	info.c1 = task->comm[1];
	info.c2 = task->comm[2];
	info.comm_size = sizeof(task->comm);
	bpf_probe_read_kernel_str(&info.comm, sizeof(info.comm), task->comm);
	bpf_probe_read_kernel_str(&info.parent_comm, sizeof(info.parent_comm),
				  &task->real_parent->comm);
	info.exit_signal = task->exit_signal;
	info.in_execve = task->in_execve;
	tasks.update(&pid, &task);
	infos.update(&pid, &info);
	return 0;
}

TRACEPOINT_PROBE(sched, sched_process_exit)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct task_struct **tp = tasks.lookup(&pid);
	struct info_t *info = infos.lookup(&pid);

	if (!tp || !info)
		return 0;
	/* a kernel pointer kept in a map, read again later */
	info->len = (*tp)->pid == pid;
	return 0;
}
