// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Perf and ring buffers: drained into one line per record, decoded through
 * the object's BTF with the record type the rewriter recorded. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct buf_ctx {
	struct bcc2core_runtime *rt;
	const char *name;
	__u32 type_id;
	struct strbuf line;	/* reused for every record */
	char *prefix;		/* {"type":"event","name":"...","data": */
};

static void print_record(struct buf_ctx *bc, const void *data, size_t size)
{
	struct bcc2core_runtime *rt = bc->rt;
	const struct btf *btf = bpf_object__btf(rt->obj);
	struct strbuf *sb = &bc->line;

	sb->len = 0;
	if (rt->json) {
		if (!bc->prefix) {
			struct strbuf p = {};

			strbuf_puts(&p, "{\"type\":\"event\",\"name\":");
			json_escape(&p, bc->name, strlen(bc->name));
			strbuf_puts(&p, ",\"data\":");
			bc->prefix = strbuf_detach(&p);
		}
		strbuf_puts(sb, bc->prefix);
		btf_render(btf, bc->type_id, data, size, RENDER_JSON, sb);
		strbuf_append(sb, "}\n", 2);
	} else {
		btf_render(btf, bc->type_id, data, size, RENDER_TEXT, sb);
		strbuf_append(sb, "\n", 1);
	}
	fwrite(sb->buf, 1, sb->len, rt->out);
}

static void on_perf_sample(void *ctx, int cpu, void *data, __u32 size)
{
	(void)cpu;
	print_record(ctx, data, size);
}

static void on_perf_lost(void *ctx, int cpu, __u64 cnt)
{
	struct buf_ctx *bc = ctx;

	(void)cpu;
	bc->rt->lost += cnt;
	if (bc->rt->json)
		fprintf(bc->rt->out, "{\"type\":\"lost\",\"name\":\"%s\",\"count\":%llu}\n", bc->name,
			(unsigned long long)cnt);
	else
		fprintf(stderr, "Possibly lost %llu samples\n", (unsigned long long)cnt);
}

static int on_ring_sample(void *ctx, void *data, size_t size)
{
	print_record(ctx, data, size);
	return 0;
}

static struct buf_ctx *new_ctx(struct bcc2core_runtime *rt, const struct bpf_map *map,
			       __u32 type_id)
{
	struct buf_ctx *bc = calloc(1, sizeof(*bc)), **p;

	if (!bc)
		return NULL;
	p = realloc(rt->buf_ctxs, (rt->buf_ctx_cnt + 1) * sizeof(*p));
	if (!p) {
		free(bc);
		return NULL;
	}
	rt->buf_ctxs = p;
	rt->buf_ctxs[rt->buf_ctx_cnt++] = bc;
	bc->rt = rt;
	bc->name = bpf_map__name(map);
	bc->type_id = type_id;
	return bc;
}

int buffers__open(struct bcc2core_runtime *rt)
{
	struct bpf_map *map;
	int err = 0;

	bpf_object__for_each_map(map, rt->obj) {
		enum bpf_map_type type = bpf_map__type(map);
		struct map_meta meta;
		struct buf_ctx *bc;

		if (type != BPF_MAP_TYPE_PERF_EVENT_ARRAY && type != BPF_MAP_TYPE_RINGBUF)
			continue;
		map_meta__get(rt->obj, map, &meta);
		map_meta__free(&meta);
		if (type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !meta.perf_output)
			continue;	/* BPF_PERF_ARRAY: hardware counters, not output */
		bc = new_ctx(rt, map, meta.event_type_id);
		if (!bc)
			return -ENOMEM;
		if (type == BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
			struct perf_buffer **p = realloc(rt->perf_bufs,
							 (rt->perf_buf_cnt + 1) * sizeof(*p));
			struct perf_buffer *pb;

			if (!p)
				return -ENOMEM;
			rt->perf_bufs = p;
			/* BCC's default: 8 pages per CPU */
			pb = perf_buffer__new(bpf_map__fd(map), 8, on_perf_sample, on_perf_lost, bc,
					      NULL);
			if (!pb) {
				err = -errno;
				pr_warn("cannot open perf buffer %s: %s\n", bc->name, strerror(errno));
				return err;
			}
			rt->perf_bufs[rt->perf_buf_cnt++] = pb;
		} else if (!rt->ring_buf) {
			rt->ring_buf = ring_buffer__new(bpf_map__fd(map), on_ring_sample, bc, NULL);
			if (!rt->ring_buf) {
				err = -errno;
				pr_warn("cannot open ring buffer %s: %s\n", bc->name, strerror(errno));
				return err;
			}
		} else if (ring_buffer__add(rt->ring_buf, bpf_map__fd(map), on_ring_sample, bc)) {
			err = -errno;
			pr_warn("cannot open ring buffer %s: %s\n", bc->name, strerror(errno));
			return err;
		}
	}
	return 0;
}

int buffers__poll(struct bcc2core_runtime *rt, int timeout_ms)
{
	struct pollfd fds[66];
	int nfds = 0, total = 0, n;

	for (size_t i = 0; i < rt->perf_buf_cnt && nfds < 64; i++)
		fds[nfds++] = (struct pollfd){ .fd = perf_buffer__epoll_fd(rt->perf_bufs[i]),
					       .events = POLLIN };
	if (rt->ring_buf)
		fds[nfds++] = (struct pollfd){ .fd = ring_buffer__epoll_fd(rt->ring_buf),
					       .events = POLLIN };
	if (rt->printk)
		fds[nfds++] = (struct pollfd){ .fd = printk_relay__fd(rt->printk),
					       .events = POLLIN };
	if (timeout_ms && nfds) {
		n = poll(fds, nfds, timeout_ms);
		if (n < 0 && errno != EINTR)
			return -errno;
	} else if (timeout_ms > 0) {
		n = poll(NULL, 0, timeout_ms);
	}
	for (size_t i = 0; i < rt->perf_buf_cnt; i++) {
		n = perf_buffer__consume(rt->perf_bufs[i]);
		if (n > 0)
			total += n;
	}
	if (rt->ring_buf) {
		n = ring_buffer__consume(rt->ring_buf);
		if (n > 0)
			total += n;
	}
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
	ring_buffer__free(rt->ring_buf);
	rt->ring_buf = NULL;
	for (size_t i = 0; i < rt->buf_ctx_cnt; i++) {
		strbuf_free(&rt->buf_ctxs[i]->line);
		free(rt->buf_ctxs[i]->prefix);
		free(rt->buf_ctxs[i]);
	}
	free(rt->buf_ctxs);
	rt->buf_ctxs = NULL;
	rt->buf_ctx_cnt = 0;
}
