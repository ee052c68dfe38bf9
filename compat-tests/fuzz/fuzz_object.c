// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libFuzzer target: the input is a .bpf.o, or a raw BTF blob.
 *
 * An object (anything not starting with the BTF magic) is written to a memfd
 * and opened with bcc2core_runtime__open() as `bcc2core run` opens it; then
 * everything that needs no kernel: the program list (for_each_program), each
 * map's bcc2core metadata (decl tags), setting each const volatile global,
 * and rendering each map's key and value, and each perf/ring buffer record
 * type, through btf_render() (JSON and text) over bytes taken from the input,
 * in buffers of exactly the size the runtime would pass (map key/value size;
 * a record's full size and a short record, as a perf sample may be), and a
 * histogram's buckets. Never loaded: no kernel side effects. An object that
 * bundles BTF (.bcc2core.btf.*) is opened as on a kernel without BTF, so the
 * bundle is extracted (into $TMPDIR) and removed again by destroy.
 *
 * A raw BTF blob (0x9feb magic) goes straight to btf__new() and every type is
 * rendered: the renderer on types no compiler would emit.
 *
 *   FUZZ_VERBOSE=1   let libbpf's and the runtime's messages through
 *   FUZZ_SKIP="short-record bad-name"
 *                    step around open bugs so that a campaign gets past
 *                    them (run.sh sets it; replays of regressions do not):
 *                    short-record: render records at their type's full size
 *                    only (btf_render reads past a short record);
 *                    bad-name: render nothing from a BTF with a name offset
 *                    out of range (render_members' strlen(NULL)) */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

static FILE *devnull;
static bool full_records_only, skip_bad_names;

static int quiet(enum bcc2core_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!getenv("FUZZ_VERBOSE"))
		bcc2core_set_print(quiet);
	full_records_only = getenv("FUZZ_SKIP") && strstr(getenv("FUZZ_SKIP"), "short-record");
	skip_bad_names = getenv("FUZZ_SKIP") && strstr(getenv("FUZZ_SKIP"), "bad-name");
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

/* Bytes to render: the input again, cycled, so values vary with it. */
struct filler {
	const uint8_t *data;
	size_t size, pos;
};

static void *fill(struct filler *f, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);

	if (!p)
		abort();
	for (size_t i = 0; i < n; i++)
		p[i] = f->size ? f->data[(f->pos++) % f->size] : 0;
	return p;
}

static void render_both(const struct btf *btf, __u32 id, struct filler *f, size_t size)
{
	struct strbuf sb = {};
	void *buf = fill(f, size);

	btf_render(btf, id, buf, size, RENDER_JSON, &sb);
	btf_render(btf, id, buf, size, RENDER_TEXT, &sb);
	if (sb.buf)
		fputs(sb.buf, devnull);
	strbuf_free(&sb);
	free(buf);
}

/* Every member and enumerator name offset resolves (bad-name). */
static bool names_ok(const struct btf *btf)
{
	__u32 n = btf__type_cnt(btf);

	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!btf__name_by_offset(btf, t->name_off))
			return false;
		if (btf_is_composite(t)) {
			const struct btf_member *m = btf_members(t);

			for (int i = 0; i < btf_vlen(t); i++, m++)
				if (!btf__name_by_offset(btf, m->name_off))
					return false;
		} else if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t);

			for (int i = 0; i < btf_vlen(t); i++, e++)
				if (!btf__name_by_offset(btf, e->name_off))
					return false;
		}
	}
	return true;
}

static void on_program(const char *name, const char *sec, bool loaded, const char *why,
		       void *data)
{
	size_t *n = data;

	*n += strlen(name) + strlen(sec) + strlen(why) + loaded;
}

static void set_globals(struct bcc2core_runtime *rt, const struct btf *btf)
{
	__u32 n = btf__type_cnt(btf);

	for (__u32 id = 1; id < n && id < 4096; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_var_secinfo *vs;

		if (!btf_is_datasec(t))
			continue;
		vs = btf_var_secinfos(t);
		for (int i = 0; i < btf_vlen(t) && i < 64; i++, vs++) {
			const struct btf_type *v = btf__type_by_id(btf, vs->type);

			if (v && btf_is_var(v))
				bcc2core_runtime__set_global(rt, btf__name_by_offset(btf, v->name_off),
							     0x5a5a5a5a5a5aLL);
		}
	}
}

static void fuzz_maps(struct bcc2core_runtime *rt, struct filler *f)
{
	const struct btf *btf = bpf_object__btf(rt->obj);
	struct bpf_map *map;

	bpf_object__for_each_map(map, rt->obj) {
		size_t ksz = bpf_map__key_size(map), vsz = bpf_map__value_size(map);
		struct map_meta meta;
		struct strbuf sb = {};

		map_meta__get(rt->obj, map, &meta);
		json_escape(&sb, bpf_map__name(map), strlen(bpf_map__name(map)));
		strbuf_free(&sb);
		if (ksz <= 1 << 16)
			render_both(btf, bpf_map__btf_key_type_id(map), f, ksz);
		if (vsz <= 1 << 16)
			render_both(btf, bpf_map__btf_value_type_id(map), f, vsz);
		if (meta.event_type_id) {
			__s64 esz = btf ? btf__resolve_size(btf, meta.event_type_id) : -1;

			if (esz > 0 && esz <= 1 << 16) {
				render_both(btf, meta.event_type_id, f, esz);
				if (!full_records_only)
					render_both(btf, meta.event_type_id, f, esz / 2);
			}
			if (!full_records_only)
				render_both(btf, meta.event_type_id, f, 0);
		}
		if (meta.histogram) {
			unsigned long long *vals = fill(f, 65 * sizeof(*vals));

			hist_print_log2(devnull, vals, 65, "value", false);
			hist_print_linear(devnull, vals, 65, "value", true);
			free(vals);
		}
		map_meta__free(&meta);
	}
}

/* the embedding API on a runtime that is not loaded: refusals only */
static void attach_one_unloaded(const char *name, const char *sec, bool loaded, const char *why,
				void *data)
{
	(void)sec;
	(void)loaded;
	(void)why;
	if (bcc2core_runtime__attach_program(data, name) != -EINVAL)
		abort();
}

/* every map's key, value and record type as JSON, from a damaged BTF too */
static void describe_maps(struct bcc2core_runtime *rt)
{
	static const char *const which[] = { "key", "value", "event" };
	struct bpf_map *map;

	bpf_object__for_each_map(map, rt->obj)
		for (size_t i = 0; i < 3; i++)
			bcc2core_free(bcc2core_runtime__describe_map(rt, bpf_map__name(map),
								     which[i]));
}

static void fuzz_object(const uint8_t *data, size_t size)
{
	BCC2CORE_OPTS(bcc2core_runtime_opts, ro, .out = devnull, .json = true,
		      .no_btf_cache = true);
	struct filler f = { data, size, 0 };
	struct bcc2core_runtime *rt;
	char path[64];
	size_t n = 0;
	int fd = memfd_create("fuzz.bpf.o", MFD_CLOEXEC);

	if (fd < 0)
		abort();
	for (size_t off = 0; off < size;) {
		ssize_t w = write(fd, data + off, size - off);

		if (w <= 0)
			abort();
		off += w;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	/* a bundled BTF is used only where the kernel has none: pretend so */
	if (memmem(data, size, ".bcc2core.btf.", 14))
		ro.kernel_btf_path = "/nonexistent/vmlinux";
	rt = bcc2core_runtime__open(path, &ro);
	close(fd);
	if (!rt)
		return;
	bcc2core_runtime__for_each_program(rt, on_program, &n);
	if (bpf_object__btf(rt->obj))
		set_globals(rt, bpf_object__btf(rt->obj));
	if (!skip_bad_names || !bpf_object__btf(rt->obj) || names_ok(bpf_object__btf(rt->obj)))
		fuzz_maps(rt, &f);
	/* not loaded: these must refuse, not touch the kernel */
	if (bcc2core_runtime__print_maps(rt) != -EINVAL || bcc2core_runtime__attach(rt) != -EINVAL)
		abort();
	bcc2core_runtime__for_each_program(rt, attach_one_unloaded, rt);
	describe_maps(rt);
	bcc2core_runtime__destroy(rt);
}

static void fuzz_btf(const uint8_t *data, size_t size)
{
	struct filler f = { data, size, 0 };
	struct btf *btf = btf__new(data, size);
	__u32 n;

	if (!btf)
		return;
	if (skip_bad_names && !names_ok(btf)) {
		btf__free(btf);
		return;
	}
	n = btf__type_cnt(btf);
	for (__u32 id = 1; id < n && id < 2048; id++) {
		__s64 sz = btf__resolve_size(btf, id);

		if (sz < 0 || sz > 1 << 14)
			sz = 16;
		render_both(btf, id, &f, sz);
		if (!full_records_only)
			render_both(btf, id, &f, sz / 3);
		/* the JSON the Python package builds ctypes types from */
		bcc2core_free(bcc2core_btf__describe(btf, id));
	}
	btf__free(btf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 2 && data[0] == 0x9f && data[1] == 0xeb)
		fuzz_btf(data, size);
	else
		fuzz_object(data, size);
	return 0;
}
