// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Perf and ring buffers: drained into one line per record, decoded through
 * the object's BTF with the record type the rewriter recorded, or handed to
 * an application's callbacks (bcc2core_runtime__open_buffer). One set of
 * buffers per runtime, polled together. Perf buffers wake their reader by
 * watermark, not per record; a poll reads every buffer at least each
 * BUFFER_LATENCY_MS, so what stays below the watermark is never stuck,
 * and hands what it read out in the order it was written (perf_order.c). */
#include <errno.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "perf_output_attr.h"

/* The longest a record waits below a perf buffer's wakeup watermark: no
 * poll waits longer than this before reading every buffer. */
#define BUFFER_LATENCY_MS 100
/* How long after reading half a CPU's perf buffer at once the reader keeps
 * reading instead of sleeping: see buffers__poll */
#define BUSY_NS 200000

struct buf_ctx {
	struct bcc2core_runtime *rt;
	const struct bpf_map *map;
	const char *name;
	__u32 type_id;
	/* the application's (open_buffer), or NULL: print */
	bcc2core_sample_fn sample_cb;
	bcc2core_lost_fn lost_cb;
	void *cb_ctx;
	struct strbuf line;	/* reused for every record */
	struct render_plan *plan;	/* of type_id, made at the first record */
	char *prefix;		/* {"type":"event","name":"..." */
};

/* @cpu: the CPU a perf buffer's record was written on (JSON's "cpu": diff
 * compares each CPU's records in order), -1 for a ring buffer's */
static void print_record(struct buf_ctx *bc, int cpu, const void *data, size_t size)
{
	struct bcc2core_runtime *rt = bc->rt;
	const struct btf *btf = bpf_object__btf(rt->obj);
	struct strbuf *sb = &bc->line;
	enum render_style style = rt->json ? RENDER_JSON : RENDER_TEXT;

	sb->len = 0;
	if (rt->json) {
		if (!bc->prefix) {
			struct strbuf p = {};

			strbuf_puts(&p, "{\"type\":\"event\",\"name\":");
			json_escape(&p, bc->name, strlen(bc->name));
			bc->prefix = strbuf_detach(&p);
		}
		strbuf_puts(sb, bc->prefix);
		if (cpu >= 0) {
			strbuf_puts(sb, ",\"cpu\":");
			strbuf_u64(sb, cpu);
		}
		strbuf_puts(sb, ",\"data\":");
	}
	if (!bc->plan)
		bc->plan = render_plan__new(btf, bc->type_id, style);
	if (!bc->plan || render_plan__run(bc->plan, data, size, sb))
		btf_render(btf, bc->type_id, data, size, style, sb);
	strbuf_append(sb, rt->json ? "}\n" : "\n", rt->json ? 2 : 1);
	fwrite(sb->buf, 1, sb->len, rt->out);
}

static void on_perf_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct buf_ctx *bc = ctx;

	bc->rt->records++;
	if (bc->sample_cb)
		bc->sample_cb(bc->cb_ctx, cpu, data, size);
	else
		print_record(bc, cpu, data, size);
}

static void on_perf_lost(void *ctx, int cpu, __u64 cnt)
{
	struct buf_ctx *bc = ctx;

	bc->rt->lost += cnt;
	if (bc->lost_cb)
		bc->lost_cb(bc->cb_ctx, cpu, cnt);
	else if (bc->rt->json)
		fprintf(bc->rt->out, "{\"type\":\"lost\",\"name\":\"%s\",\"count\":%llu}\n", bc->name,
			(unsigned long long)cnt);
	else
		fprintf(stderr, "Possibly lost %llu samples\n", (unsigned long long)cnt);
}

/* the records a BPF output event writes: PERF_SAMPLE_TIME, then
 * PERF_SAMPLE_RAW (perf's order of sample fields) */
struct perf_raw_sample {
	struct perf_event_header header;
	__u64 time;
	__u32 size;
	char data[];
};

struct perf_raw_lost {
	struct perf_event_header header;
	__u64 id;
	__u64 lost;
};

/* a record of perf_order, in time order */
static void on_perf_ordered(void *ctx, int cpu, const void *data, __u32 size, __u64 lost)
{
	if (data)
		on_perf_sample(ctx, cpu, (void *)data, size);
	else
		on_perf_lost(ctx, cpu, lost);
}

/* Stages each record for consume_all()'s sort. Out of memory, it is
 * handed out at once: out of order beats lost. */
static enum bpf_perf_event_ret on_perf_event(void *ctx, int cpu, struct perf_event_header *e)
{
	struct buf_ctx *bc = ctx;
	struct perf_order *po = &bc->rt->perf_order;

	bc->rt->perf_bytes += e->size;
	if (e->type == PERF_RECORD_SAMPLE) {
		struct perf_raw_sample *s = (struct perf_raw_sample *)e;

		if (perf_order__add_sample(po, s->time, bc, cpu, s->data, s->size))
			on_perf_sample(bc, cpu, s->data, s->size);
	} else if (e->type == PERF_RECORD_LOST) {
		__u64 lost = ((struct perf_raw_lost *)e)->lost;

		if (perf_order__add_lost(po, bc, cpu, lost))
			on_perf_lost(bc, cpu, lost);
	}
	return LIBBPF_PERF_EVENT_CONT;
}

/* perf_buffer__new(), but woken by watermark, and each record stamped
 * with perf's clock (perf_output_attr.h) */
static struct perf_buffer *perf_buffer_open(int map_fd, size_t page_cnt, size_t wakeup_events,
					    struct buf_ctx *bc)
{
	struct perf_event_attr attr = perf_output_attr(page_cnt);

	if (wakeup_events) {
		/* a reader that asked for it (a BCC tool's Python callback,
		 * slower per record than the program that writes them) starts
		 * at the first record: on a burst of ~800 records into uflow's
		 * 32 KiB it lost 227-377 with the watermark, 0-71 this way
		 * (BCC 0-199) */
		attr.watermark = 0;
		attr.wakeup_events = wakeup_events;
	}

	return perf_buffer__new_raw(map_fd, page_cnt, &attr, on_perf_event, bc, NULL);
}

static int on_ring_sample(void *ctx, void *data, size_t size)
{
	struct buf_ctx *bc = ctx;

	bc->rt->records++;
	if (bc->sample_cb)
		bc->sample_cb(bc->cb_ctx, -1, data, size);	/* one ring for all CPUs */
	else
		print_record(bc, -1, data, size);
	return 0;
}

static struct buf_ctx *find_ctx(const struct bcc2core_runtime *rt, const struct bpf_map *map)
{
	for (size_t i = 0; i < rt->buf_ctx_cnt; i++)
		if (rt->buf_ctxs[i]->map == map)
			return rt->buf_ctxs[i];
	return NULL;
}

static void free_ctx(struct buf_ctx *bc)
{
	strbuf_free(&bc->line);
	render_plan__free(bc->plan);
	free(bc->prefix);
	free(bc);
}

#define OPT(opts, field) ((opts) && (opts)->sz > offsetof(struct bcc2core_buffer_opts, field) \
			  ? (opts)->field : 0)

/* @map's buffer, its records to @opts' callbacks (NULL opts: printed) */
static int buffer_open(struct bcc2core_runtime *rt, const struct bpf_map *map,
		       const struct bcc2core_buffer_opts *opts)
{
	struct buf_ctx *bc = calloc(1, sizeof(*bc)), **p;
	size_t page_cnt = OPT(opts, page_cnt) ?: 8;	/* BCC's default: 8 pages per CPU */
	struct map_meta meta;
	int err = 0;

	p = realloc(rt->buf_ctxs, (rt->buf_ctx_cnt + 1) * sizeof(*p));
	if (p)
		rt->buf_ctxs = p;
	if (!bc || !p) {
		free(bc);
		return -ENOMEM;
	}
	map_meta__get(rt->obj, map, &meta);
	map_meta__free(&meta);
	*bc = (struct buf_ctx){ .rt = rt, .map = map, .name = bpf_map__name(map),
				.type_id = meta.event_type_id, .sample_cb = OPT(opts, sample_cb),
				.lost_cb = OPT(opts, lost_cb), .cb_ctx = OPT(opts, ctx) };
	if (bpf_map__type(map) == BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		struct perf_buffer **pbs = realloc(rt->perf_bufs,
						   (rt->perf_buf_cnt + 1) * sizeof(*pbs));
		struct perf_buffer *pb = NULL;

		if (pbs)
			rt->perf_bufs = pbs;
		pb = pbs ? perf_buffer_open(bpf_map__fd(map), page_cnt, OPT(opts, wakeup_events), bc)
			 : NULL;
		if (pb) {
			size_t half = page_cnt * (size_t)sysconf(_SC_PAGE_SIZE) / 2;

			rt->perf_bufs[rt->perf_buf_cnt++] = pb;
			if (!rt->perf_full_bytes || half < rt->perf_full_bytes)
				rt->perf_full_bytes = half;
		} else {
			err = pbs ? -errno : -ENOMEM;
		}
	} else if (!rt->ring_buf) {
		rt->ring_buf = ring_buffer__new(bpf_map__fd(map), on_ring_sample, bc, NULL);
		if (!rt->ring_buf)
			err = -errno;
	} else {
		/* every ring map in the one ring_buffer: one epoll fd to wait on */
		err = ring_buffer__add(rt->ring_buf, bpf_map__fd(map), on_ring_sample, bc);
	}
	if (err) {
		pr_warn("cannot open %s buffer %s: %s\n",
			bpf_map__type(map) == BPF_MAP_TYPE_RINGBUF ? "ring" : "perf", bc->name,
			strerror(-err));
		free_ctx(bc);
		return err;
	}
	rt->buf_ctxs[rt->buf_ctx_cnt++] = bc;
	return 0;
}

int buffers__open(struct bcc2core_runtime *rt)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, rt->obj) {
		enum bpf_map_type type = bpf_map__type(map);
		struct map_meta meta;
		int err;

		if (type != BPF_MAP_TYPE_PERF_EVENT_ARRAY && type != BPF_MAP_TYPE_RINGBUF)
			continue;
		map_meta__get(rt->obj, map, &meta);
		map_meta__free(&meta);
		if (type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !meta.perf_output)
			continue;	/* BPF_PERF_ARRAY: hardware counters, not output */
		if (find_ctx(rt, map))
			continue;	/* the application opened it */
		err = buffer_open(rt, map, NULL);
		if (err)
			return err;
	}
	return 0;
}

int bcc2core_runtime__open_buffer(struct bcc2core_runtime *rt, const char *name,
				  const struct bcc2core_buffer_opts *opts)
{
	const struct bpf_map *map;
	enum bpf_map_type type;

	if (!rt || !name || (opts && opts->sz < sizeof(opts->sz)) || !runtime_loaded(rt))
		return -EINVAL;
	map = bpf_object__find_map_by_name(rt->obj, name);
	if (!map)
		return -ENOENT;
	type = bpf_map__type(map);
	if (type != BPF_MAP_TYPE_PERF_EVENT_ARRAY && type != BPF_MAP_TYPE_RINGBUF)
		return -EINVAL;
	if (find_ctx(rt, map))
		return -EEXIST;
	return buffer_open(rt, map, opts);
}

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* the callbacks count the records (perf_buffer__consume() does not) */
static void consume_all(struct bcc2core_runtime *rt)
{
	for (size_t i = 0; i < rt->perf_buf_cnt; i++)
		perf_buffer__consume(rt->perf_bufs[i]);
	perf_order__flush(&rt->perf_order, on_perf_ordered);
	if (rt->ring_buf)
		ring_buffer__consume(rt->ring_buf);
}

/* Waits up to @timeout_ms (<0: until something comes) for records, then
 * handles all there are. Records below a perf buffer's watermark wake
 * nobody: the wait is cut into BUFFER_LATENCY_MS slices, each followed by
 * a read of every buffer, until something was read or the time is up. */
int buffers__poll(struct bcc2core_runtime *rt, int timeout_ms)
{
	unsigned long long before = rt->records, lost_before = rt->lost, bytes = rt->perf_bytes;
	long long deadline = timeout_ms > 0 ? mono_ns() + timeout_ms * 1000000LL : 0;
	struct pollfd fds[66];
	int nfds = 0, total = 0, n = 0;

	for (size_t i = 0; i < rt->perf_buf_cnt && nfds < 64; i++)
		fds[nfds++] = (struct pollfd){ .fd = perf_buffer__epoll_fd(rt->perf_bufs[i]),
					       .events = POLLIN };
	if (rt->ring_buf)
		fds[nfds++] = (struct pollfd){ .fd = ring_buffer__epoll_fd(rt->ring_buf),
					       .events = POLLIN };
	if (rt->printk)
		fds[nfds++] = (struct pollfd){ .fd = printk_relay__fd(rt->printk),
					       .events = POLLIN };
	for (bool polled = false;;) {
		int wait = timeout_ms;
		long long t;

		/* first what came while the last batch was handled */
		consume_all(rt);
		t = mono_ns();
		if (rt->perf_bytes - bytes >= rt->perf_full_bytes && rt->perf_buf_cnt)
			rt->last_full_ns = t;
		if (rt->records != before || rt->lost != lost_before)
			break;
		/* ready, a signal, the time up, or a wait that was not sliced */
		if (!timeout_ms ||
		    (polled && (n || !rt->perf_buf_cnt || (timeout_ms > 0 && t >= deadline))))
			break;
		/* Half a buffer read at once a moment ago: the producer writes
		 * faster than a sleeping reader is woken (that takes milliseconds
		 * on a busy machine, while the buffer fills and records are
		 * lost). Keep reading; it stops once the rate drops. */
		if (t - rt->last_full_ns < BUSY_NS)
			continue;
		if (rt->perf_buf_cnt) {
			long long left = timeout_ms > 0 ? (deadline - t + 999999) / 1000000
							 : BUFFER_LATENCY_MS;

			wait = left < 0 ? 0 : left < BUFFER_LATENCY_MS ? (int)left : BUFFER_LATENCY_MS;
		}
		n = 0;
		if (nfds) {
			n = poll(fds, nfds, wait);
			if (n < 0 && errno != EINTR)
				return -errno;
		} else if (wait > 0) {
			poll(NULL, 0, wait);
		}
		polled = true;
	}
	total = rt->records - before;
	if (rt->printk) {
		n = printk_relay__drain(rt->printk, rt->out, rt->json);
		if (n > 0)
			total += n;
	}
	fflush(rt->out);
	return total;
}

void buffers__close(struct bcc2core_runtime *rt)
{
	for (size_t i = 0; i < rt->perf_buf_cnt; i++)
		perf_buffer__free(rt->perf_bufs[i]);
	free(rt->perf_bufs);
	rt->perf_bufs = NULL;
	rt->perf_buf_cnt = 0;
	perf_order__free(&rt->perf_order);
	ring_buffer__free(rt->ring_buf);
	rt->ring_buf = NULL;
	for (size_t i = 0; i < rt->buf_ctx_cnt; i++)
		free_ctx(rt->buf_ctxs[i]);
	free(rt->buf_ctxs);
	rt->buf_ctxs = NULL;
	rt->buf_ctx_cnt = 0;
}
