/* kcost (structs): the parent's and grandparent's tgids, two and three
 * pointer hops from the current task, as execsnoop's ppid */
#include <linux/sched.h>

struct key_t {
	u32 ppid;
	u32 gppid;
};
BPF_HASH(parents, struct key_t, u64);

TRACEPOINT_PROBE(syscalls, sys_enter_getppid)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct key_t key = {};

	key.ppid = task->real_parent->tgid;
	key.gppid = task->real_parent->real_parent->tgid;
	parents.increment(key);
	return 0;
}
