/* kcost: a per-CPU array counter on a syscall tracepoint */
BPF_PERCPU_ARRAY(calls, u64, 1);

TRACEPOINT_PROBE(syscalls, sys_enter_getppid)
{
	int zero = 0;

	calls.increment(zero);
	return 0;
}
