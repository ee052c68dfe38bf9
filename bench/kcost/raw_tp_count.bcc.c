/* kcost: a raw tracepoint (tp_btf where the kernel has the BTF) that counts */
BPF_PERCPU_ARRAY(wakeups, u64, 1);

RAW_TRACEPOINT_PROBE(sched_wakeup)
{
	int zero = 0;

	wakeups.increment(zero);
	return 0;
}
