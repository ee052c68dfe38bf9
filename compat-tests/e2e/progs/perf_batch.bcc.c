/* Perf buffer batching: prctl(PERF_BATCH_MAGIC, idx, n) submits n (1 or
 * PER_CALL) records for idx; stats[0] counts submissions, stats[1] the
 * ones that failed (buffer full: the kernel reports them as lost). An
 * unknown prctl option only fails with EINVAL. */
#define PERF_BATCH_MAGIC 0x62636332
#define PER_CALL 64

struct event {
	u64 ts;
	u32 idx;
	u32 seq;
};

BPF_PERF_OUTPUT(events);
BPF_ARRAY(stats, u64, 2);

TRACEPOINT_PROBE(syscalls, sys_enter_prctl)
{
	struct event e = {};
	u64 failed = 0;
	int k_sub = 0, k_fail = 1, ret;

	if (args->option != PERF_BATCH_MAGIC)
		return 0;
	e.ts = bpf_ktime_get_ns();
	e.idx = args->arg2;
	if (args->arg3 != PER_CALL) {
		ret = events.perf_submit(args, &e, sizeof(e));
		stats.increment(k_sub);
		if (ret < 0)
			stats.increment(k_fail);
		return 0;
	}
#pragma unroll
	for (int i = 0; i < PER_CALL; i++) {
		e.seq = i;
		ret = events.perf_submit(args, &e, sizeof(e));
		failed += (u32)ret >> 31;
	}
	stats.increment(k_sub, PER_CALL);
	if (failed)
		stats.increment(k_fail, failed);
	return 0;
}
