/* kcost (structs): at each context switch, the outgoing task's tgid and
 * nice level from its task_struct (the tracepoint record has its pid
 * only), as runqlat's and cpudist's programs read the task */
#include <linux/sched.h>

struct key_t {
	u32 tgid;
	int prio;
};
BPF_HASH(switches, struct key_t, u64, 10240);

TRACEPOINT_PROBE(sched, sched_switch)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct key_t key = {};

	key.tgid = task->tgid;
	key.prio = task->static_prio;
	switches.increment(key);
	return 0;
}
