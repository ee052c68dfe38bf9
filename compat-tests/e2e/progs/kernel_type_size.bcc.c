// The size of a kernel struct computed with at run time, and a distance
// between two pointers to one: both by the running kernel's size of
// task_struct (bpf_core_type_size), not the build kernel's.
#include <linux/sched.h>

struct val_t {
	u64 size;
	s64 ahead;
	s64 behind;
};
BPF_HASH(sizes, u32, struct val_t);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *later = (struct task_struct *)((u64)task + 3 * sizeof(struct task_struct));
	struct val_t v = {};
	u32 pid = args->pid;

	v.size = sizeof(struct task_struct);
	v.ahead = later - task;
	v.behind = task - later;
	sizes.update(&pid, &v);
	return 0;
}
