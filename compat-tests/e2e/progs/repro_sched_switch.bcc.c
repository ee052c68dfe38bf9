// a non-syscall tracepoint read through args->field (sched:sched_switch)
BPF_HASH(switches, u32, u64);

TRACEPOINT_PROBE(sched, sched_switch)
{
	u32 pid = args->next_pid;

	if (args->prev_state == 0)
		switches.increment(pid);
	return 0;
}
