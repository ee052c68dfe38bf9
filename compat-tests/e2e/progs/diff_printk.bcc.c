/* diff e2e: printk lines. Each getppid() of process TGID (-DTGID=N) prints
 * its caller's tgid, a helper's value both sides agree on; with -DPARENT
 * also its parent's, read through task->real_parent->tgid, which BCC reads
 * at its headers' offsets (not this kernel's when they are another's). */
#include <linux/sched.h>

TRACEPOINT_PROBE(syscalls, sys_enter_getppid)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;

	if (tgid != TGID)
		return 0;
#ifdef PARENT
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	bpf_trace_printk("getppid by %u, parent %u\n", tgid, task->real_parent->tgid);
#else
	bpf_trace_printk("getppid by %u\n", tgid);
#endif
	return 0;
}
