/* Reads from the current task: plain BTF-typed loads where the kernel has
 * bpf_get_current_task_btf(), probe reads where it does not (both written,
 * one chosen at load). Only a pointer that is the current task for sure
 * reads so (a variable assigned it later, as BCC's tools do, included): a
 * variable given another task, or whose address is taken, keeps its probe
 * reads. */
#include <linux/sched.h>

struct info_t {
	u32 tgid;
	u32 ppid;
	u32 other;
	u32 addr_taken;
	u32 cast;
	u32 later;
};
BPF_HASH(infos, u32, struct info_t);

TRACEPOINT_PROBE(sched, sched_process_fork)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *maybe = (struct task_struct *)bpf_get_current_task();
	struct task_struct *pinned = (struct task_struct *)bpf_get_current_task();
	struct task_struct **where = &pinned;
	struct task_struct *later;
	struct info_t info = {};
	u32 pid = args->child_pid;

	info.tgid = task->tgid;
	info.ppid = task->real_parent->tgid;
	if (pid & 1)
		maybe = maybe->real_parent;
	info.other = maybe->tgid;
	info.addr_taken = pinned->tgid;
	info.cast = ((struct task_struct *)bpf_get_current_task())->pid;
	later = (struct task_struct *)bpf_get_current_task();
	info.later = later->flags;
	infos.update(&pid, &info);
	return (long)where & 0;
}
