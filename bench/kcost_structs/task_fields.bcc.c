/* kcost (structs): several fields of the current task in one record (its
 * tgid, parent's tgid, flags, nice level and start time), as exitsnoop's
 * event */
#include <linux/sched.h>

struct info_t {
	u32 tgid;
	u32 ppid;
	u32 flags;
	int prio;
	u64 start;
};
BPF_HASH(infos, u32, struct info_t);

TRACEPOINT_PROBE(syscalls, sys_enter_getppid)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct info_t info = {};
	u32 pid = bpf_get_current_pid_tgid();

	info.tgid = task->tgid;
	info.ppid = task->real_parent->tgid;
	info.flags = task->flags;
	info.prio = task->static_prio;
	info.start = task->start_time;
	infos.update(&pid, &info);
	return 0;
}
