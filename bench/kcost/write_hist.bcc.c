/* kcost: a log2 histogram of write sizes */
BPF_HISTOGRAM(dist);

TRACEPOINT_PROBE(syscalls, sys_enter_write)
{
	dist.increment(bpf_log2l(args->count));
	return 0;
}
