// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* runtime/perf_order.c: a read pass's records come out sorted by (time,
 * read order), the order qsort() of every record gives, for passes of one
 * ring or many, ties within and across rings, lost records, and records
 * whose data is kept byte for byte. */
#include <stdlib.h>

#include "internal.h"
#include "test.h"

struct rec {
	__u64 time;
	size_t seq;
	int cpu;
	__u64 lost;
	__u32 val;
};

static struct rec got[4096];
static size_t got_cnt;

static void collect(void *owner, int cpu, const void *data, __u32 size, __u64 lost)
{
	struct rec *r = &got[got_cnt < 4096 ? got_cnt : 4095];

	(void)owner;
	got_cnt++;	/* (more than were staged: the count check fails) */
	r->cpu = cpu;
	r->lost = data ? 0 : lost;
	r->val = data && size == sizeof(r->val) ? *(const __u32 *)data : 0;
}

static int by_time_seq(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* @cpus rings of up to @per records each (times from a range of @spread,
 * so that rings tie), read ring after ring, as the runtime reads them */
static void one_pass(struct perf_order *po, int cpus, int per, int spread, bool with_lost)
{
	static struct rec want[4096];
	size_t n = 0;
	bool ok = true;

	for (int c = 0; c < cpus; c++) {
		int cnt = rand() % (per + 1);
		__u64 t = rand() % spread;

		for (int i = 0; i < cnt; i++) {
			struct rec *w = &want[n];

			t += rand() % 3;	/* each ring in time order, ties too */
			*w = (struct rec){ .seq = n, .cpu = c, .val = (__u32)rand() };
			if (with_lost && rand() % 8 == 0) {
				/* perf_order__add_lost()'s time: the record before
				 * it from its own ring, else 0 */
				w->lost = 1 + rand() % 100;
				w->time = i ? want[n - 1].time : 0;
				ASSERT_OK(perf_order__add_lost(po, NULL, c, w->lost), "add_lost");
			} else {
				w->time = t;
				ASSERT_OK(perf_order__add_sample(po, t, NULL, c, &w->val, sizeof(w->val)),
					  "add_sample");
			}
			n++;
		}
	}
	qsort(want, n, sizeof(*want), by_time_seq);
	got_cnt = 0;
	perf_order__flush(po, collect);
	ASSERT_EQ(got_cnt, n, "count");
	for (size_t i = 0; i < n && i < got_cnt && ok; i++)
		ok = got[i].cpu == want[i].cpu && got[i].lost == want[i].lost &&
		     got[i].val == (want[i].lost ? 0 : want[i].val);
	ASSERT_TRUE(ok, "order");
}

static void test_random_passes(void)
{
	struct perf_order po = {};

	srand(1);
	for (int round = 0; round < 2000; round++) {
		int cpus = 1 + rand() % 16;

		one_pass(&po, cpus, 4096 / 16, 1 + rand() % 1000, round % 2);
	}
	perf_order__free(&po);
}

static void test_one_ring(void)
{
	struct perf_order po = {};

	srand(2);
	for (int round = 0; round < 200; round++)
		one_pass(&po, 1, 4096, 1000, round % 2);
	perf_order__free(&po);
}

/* rings read with the later CPU's records written first */
static void test_interleaved(void)
{
	struct perf_order po = {};
	__u32 v[6] = { 10, 30, 50, 0, 20, 40 };	/* CPU 0 wrote 10, 30, 50; CPU 1 0, 20, 40 */

	for (int i = 0; i < 6; i++)
		ASSERT_OK(perf_order__add_sample(&po, v[i], NULL, i / 3, &v[i], sizeof(v[i])), "add");
	got_cnt = 0;
	perf_order__flush(&po, collect);
	ASSERT_EQ(got_cnt, 6, "count");
	for (size_t i = 0; i < got_cnt; i++)
		ASSERT_EQ(got[i].val, 10 * i, "written order");
	perf_order__free(&po);
}

TEST_MAIN(test_random_passes, test_one_ring, test_interleaved)
