/* kcost (structs): a hash keyed by the current task's tgid, read from the
 * task_struct as execsnoop's and exitsnoop's programs read it */
#include <linux/sched.h>

BPF_HASH(calls, u32, u64);

TRACEPOINT_PROBE(syscalls, sys_enter_getppid)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	u32 tgid = task->tgid;

	calls.increment(tgid);
	return 0;
}
