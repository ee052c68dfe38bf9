/*
 * drain: many small events per trigger, for bench/run.sh's event drain figures.
 *
 * Each hrtimer start whose expiry is DRAIN_MAGIC (bench/drain_load.c arms a
 * timerfd at that absolute CLOCK_MONOTONIC time in a loop; nothing else uses
 * that time, about 290 years of uptime) submits PER_TRIGGER 16-byte events.
 * timer:hrtimer_start fires with interrupts off (the hrtimer base lock is
 * held): a perf buffer record raises its reader's wakeup irq_work once per
 * trigger, not once per record as in a syscall tracepoint, where every record
 * costs a self-IPI (a VM exit here) and the producer, not the reader, limits
 * the rate.
 *
 * Built twice: with -DRINGBUF (BPF_RINGBUF_OUTPUT, 64 pages) and without
 * (BPF_PERF_OUTPUT, whose per-CPU buffers the reader sizes: 8 pages in BCC
 * and bcc2core). drain_stats[0] counts submissions, drain_stats[1] the ones
 * that failed (buffer full: the record is dropped; for a perf buffer the
 * kernel reports the same records to the reader as lost).
 */
#include <linux/hrtimer.h>	/* enum hrtimer_mode, for BCC's args struct */

#define DRAIN_MAGIC 0x7eadbeef00000000LL
#define PER_TRIGGER 64

struct event {
	u64 ts;
	u32 cpu;
	u32 idx;
};

#ifdef RINGBUF
BPF_RINGBUF_OUTPUT(events, 64);
#else
BPF_PERF_OUTPUT(events);
#endif
BPF_ARRAY(drain_stats, u64, 2);

TRACEPOINT_PROBE(timer, hrtimer_start)
{
	struct event e = {};
	u64 failed = 0;
	int k_sub = 0, k_fail = 1, ret;

	if (args->expires != DRAIN_MAGIC)
		return 0;
	e.ts = bpf_ktime_get_ns();
	e.cpu = bpf_get_smp_processor_id();
#pragma unroll
	for (int i = 0; i < PER_TRIGGER; i++) {
		e.idx = i;
#ifdef RINGBUF
		ret = events.ringbuf_output(&e, sizeof(e), 0);
#else
		ret = events.perf_submit(args, &e, sizeof(e));
#endif
		/* branch-free: a branch per output multiplies the verifier's states */
		failed += (u32)ret >> 31;
	}
	drain_stats.increment(k_sub, PER_TRIGGER);
	if (failed)
		drain_stats.increment(k_fail, failed);
	return 0;
}
