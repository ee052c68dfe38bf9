/* kcost: a process filter in front of the count, as syscount -p does */
BPF_ARRAY(target, u32, 1);
BPF_HASH(counts, u32, u64);

TRACEPOINT_PROBE(raw_syscalls, sys_exit)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32, zero = 0, id = args->id;
	u32 *want = target.lookup(&zero);

	if (want && *want && *want != tgid)
		return 0;
	if (args->ret < 0)
		return 0;
	counts.increment(id);
	return 0;
}
