// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Perf buffer records handed out in the order they were written. A perf
 * buffer is one ring per CPU, and a reader woken by watermark reads the
 * rings one after another: a record written on CPU 1 before one on CPU 0
 * would come after it. Tools rely on that order (execsnoop prints an
 * exec's arguments, sent at sys_enter, when its return comes, often on
 * another CPU since exec moves the task), so each read pass copies what
 * every ring holds, with the time the kernel stamped on it, and hands the
 * records out sorted by that time. Each ring is in time order already:
 * a pass is a few sorted runs, one per CPU that wrote, which are merged
 * (a pass of one run, as when one CPU writes, is handed out as it is). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct perf_staged {
	__u64 time;
	size_t seq;	/* ties and lost records keep their read order */
	void *owner;
	int cpu;
	__u32 size;
	__u64 lost;	/* a lost record: how many, no data */
	size_t off;	/* of the data in perf_order.data */
};

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 64;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	q = realloc(*p, n * elem);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = n;
	return 0;
}

static int add(struct perf_order *po, __u64 time, void *owner, int cpu, const void *data,
	       __u32 size, __u64 lost)
{
	size_t off = (po->len + 7) & ~(size_t)7;	/* 8-aligned, as BTF types expect */
	struct perf_staged *s;

	if (grow((void **)&po->recs, &po->cap, po->cnt + 1, sizeof(*po->recs)) ||
	    grow((void **)&po->data, &po->data_cap, off + size, 1))
		return -ENOMEM;
	s = &po->recs[po->cnt];
	*s = (struct perf_staged){ .time = time, .seq = po->cnt, .owner = owner, .cpu = cpu,
				   .size = size, .lost = lost, .off = off };
	if (size)	/* a lost record has no data (and data may be NULL) */
		memcpy(po->data + off, data, size);
	po->len = off + size;
	po->cnt++;
	return 0;
}

int perf_order__add_sample(struct perf_order *po, __u64 time, void *owner, int cpu,
			   const void *data, __u32 size)
{
	return add(po, time, owner, cpu, data, size, 0);
}

/* A lost record carries no time: it goes after the record read before it
 * from its CPU's ring (one ring is read at a time), or first. */
int perf_order__add_lost(struct perf_order *po, void *owner, int cpu, __u64 cnt)
{
	const struct perf_staged *prev = po->cnt ? &po->recs[po->cnt - 1] : NULL;
	__u64 time = prev && prev->cpu == cpu && prev->owner == owner ? prev->time : 0;

	return add(po, time, owner, cpu, NULL, 0, cnt ?: 1);
}

static int by_time(const void *a, const void *b)
{
	const struct perf_staged *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* the end of the sorted run of @r that starts at @i */
static size_t run_end(const struct perf_staged *r, size_t i, size_t n)
{
	while (i + 1 < n && by_time(&r[i], &r[i + 1]) < 0)
		i++;
	return i + 1;
}

/* @r's @n records in by_time() order, by merging its runs pairwise
 * through @tmp (room for @n): the array that holds them */
static struct perf_staged *merge_runs(struct perf_staged *r, struct perf_staged *tmp, size_t n)
{
	size_t runs;

	if (run_end(r, 0, n) == n)
		return r;
	do {
		struct perf_staged *swap;

		runs = 0;
		for (size_t a = 0, b, c, x, y, k; a < n; a = c, runs++) {
			b = run_end(r, a, n);
			c = b < n ? run_end(r, b, n) : n;
			/* on a tie the left run's record first: the order is
			 * qsort()'s by_time() order, which has no ties */
			for (x = a, y = b, k = a; x < b && y < c; k++)
				tmp[k] = by_time(&r[y], &r[x]) < 0 ? r[y++] : r[x++];
			memcpy(&tmp[k], &r[x], (b - x) * sizeof(*r));
			k += b - x;
			memcpy(&tmp[k], &r[y], (c - y) * sizeof(*r));
		}
		swap = r;
		r = tmp;
		tmp = swap;
	} while (runs > 1);
	return r;
}

void perf_order__flush(struct perf_order *po, perf_order_fn fn)
{
	/* the callbacks may read buffers again (a poll from a callback): what
	 * they stage goes into a fresh set, handed out by their own flush */
	struct perf_order batch = *po;
	struct perf_staged *sorted;

	if (!po->cnt)
		return;
	memset(po, 0, sizeof(*po));
	if (!grow((void **)&batch.tmp, &batch.tmp_cap, batch.cnt, sizeof(*batch.tmp))) {
		sorted = merge_runs(batch.recs, batch.tmp, batch.cnt);
	} else {	/* no room to merge: in place */
		qsort(batch.recs, batch.cnt, sizeof(*batch.recs), by_time);
		sorted = batch.recs;
	}
	for (size_t i = 0; i < batch.cnt; i++) {
		struct perf_staged *s = &sorted[i];

		/* a lost record: NULL; an empty sample: "" (no data was kept) */
		fn(s->owner, s->cpu, s->lost ? NULL : s->size ? batch.data + s->off : "", s->size,
		   s->lost);
	}
	if (!po->recs && !po->data && !po->tmp) {	/* keep the memory for the next pass */
		*po = batch;
		po->cnt = po->len = 0;
	} else {
		perf_order__free(&batch);
	}
}

void perf_order__free(struct perf_order *po)
{
	free(po->recs);
	free(po->data);
	free(po->tmp);
	memset(po, 0, sizeof(*po));
}
