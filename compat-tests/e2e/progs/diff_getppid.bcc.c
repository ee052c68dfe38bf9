/* diff e2e: tracepoint arguments and helpers only; BCC and bcc2core agree */
BPF_HASH(calls, u32, u64);

TRACEPOINT_PROBE(syscalls, sys_enter_getppid)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;

	calls.increment(tgid);
	return 0;
}
