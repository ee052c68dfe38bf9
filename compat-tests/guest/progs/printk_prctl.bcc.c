/* diff --guest: printk lines in the guest. Each prctl(PRINTK_MAGIC, n)
 * prints n and its caller's parent, read through task->real_parent->tgid
 * (right on both sides there: BCC has the guest kernel's headers). An
 * unknown prctl option only fails with EINVAL. */
#include <linux/sched.h>

#define PRINTK_MAGIC 0x62636333

TRACEPOINT_PROBE(syscalls, sys_enter_prctl)
{
	struct task_struct *task;

	if (args->option != PRINTK_MAGIC)
		return 0;
	task = (struct task_struct *)bpf_get_current_task();
	bpf_trace_printk("prctl %lu, parent %u\n", args->arg2, task->real_parent->tgid);
	return 0;
}
