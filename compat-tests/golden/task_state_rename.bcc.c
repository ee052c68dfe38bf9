/* task_struct.state became __state in 5.14: BCC programs written with
 * either name convert to a CO-RE reader that works on kernels with either. */
#include <linux/sched.h>

BPF_HASH(states, u32, long);

int kprobe__finish_task_switch(struct pt_regs *ctx, struct task_struct *prev)
{
	u32 pid = prev->pid;
	long state = prev->state;

	if (prev->state == TASK_RUNNING)
		states.update(&pid, &state);
	return 0;
}

RAW_TRACEPOINT_PROBE(sched_switch)
{
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	long s = prev->__state;
	u32 pid = prev->pid;

	states.update(&pid, &s);
	return 0;
}

/* cfs_rq.nr_running became nr_queued in 6.14: the old name converts too */
RAW_TRACEPOINT_PROBE(sched_wakeup)
{
	struct task_struct *p = (struct task_struct *)ctx->args[0];
	u32 pid = p->pid;
	long queued = p->se.cfs_rq->nr_running;

	states.update(&pid, &queued);
	return 0;
}
