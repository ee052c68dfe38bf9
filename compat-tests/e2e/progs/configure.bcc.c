/* What run configures before load: bpf_num_cpus() (a load-time constant),
 * and map sizes. */
BPF_ARRAY(cpus, u32, 1);
BPF_HASH(seen, u32, u64);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	int zero = 0;
	u32 n = bpf_num_cpus();
	u32 pid = args->pid;

	cpus.update(&zero, &n);
	seen.increment(pid);
	return 0;
}
