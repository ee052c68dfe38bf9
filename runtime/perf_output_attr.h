/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* How the runtime opens a perf buffer's events (buffers.c), in a header of
 * its own so that bench/min_loader's counting reader opens them the same. */
#ifndef BCC2CORE_PERF_OUTPUT_ATTR_H
#define BCC2CORE_PERF_OUTPUT_ATTR_H

#include <linux/perf_event.h>
#include <stddef.h>
#include <unistd.h>

/* Wake the reader when a quarter of a CPU's perf buffer is written, not for
 * every record (libbpf's perf_buffer__new): the producer stops paying a
 * wakeup (an irq_work, often a self-IPI) per record, and the reader reads
 * in batches; three quarters are left for what comes while it wakes. */
#define WATERMARK_DIV 4

/* A BPF output event of @page_cnt pages a CPU, woken by watermark, each
 * record stamped with perf's clock (local_clock(): the TSC where it is
 * stable, in step across CPUs). Not CLOCK_MONOTONIC: where the clocksource
 * is not the TSC (hpet in the QEMU guest) each read costs microseconds, and
 * the producer pays one per record: execsnoop's exec program took 107 us
 * per exec there with CLOCK_MONOTONIC, 26 with perf's clock (BCC's: 21-26). */
static inline struct perf_event_attr perf_output_attr(size_t page_cnt)
{
	return (struct perf_event_attr){
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_BPF_OUTPUT,
		.size = sizeof(struct perf_event_attr),
		.sample_type = PERF_SAMPLE_TIME | PERF_SAMPLE_RAW,
		.sample_period = 1,
		.watermark = 1,
		.wakeup_watermark = page_cnt * (size_t)sysconf(_SC_PAGE_SIZE) / WATERMARK_DIV,
	};
}

#endif
