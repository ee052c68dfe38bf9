// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Final contents of every table: JSON lines ({"type":"map",...}) or text,
 * histograms in BCC's print_log2_hist layout. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "internal.h"

static const char *kind_name(enum bpf_map_type t)
{
	switch (t) {
	case BPF_MAP_TYPE_HASH: return "hash";
	case BPF_MAP_TYPE_ARRAY: return "array";
	case BPF_MAP_TYPE_PERCPU_HASH: return "percpu_hash";
	case BPF_MAP_TYPE_PERCPU_ARRAY: return "percpu_array";
	case BPF_MAP_TYPE_LRU_HASH: return "lru_hash";
	case BPF_MAP_TYPE_LRU_PERCPU_HASH: return "lru_percpu_hash";
	case BPF_MAP_TYPE_LPM_TRIE: return "lpm_trie";
	case BPF_MAP_TYPE_QUEUE: return "queue";
	case BPF_MAP_TYPE_STACK: return "stack";
	case BPF_MAP_TYPE_CGROUP_ARRAY: return "cgroup_array";
	case BPF_MAP_TYPE_DEVMAP: return "devmap";
	case BPF_MAP_TYPE_CPUMAP: return "cpumap";
	default: return NULL;	/* buffers, stacks, program arrays: not dumped */
	}
}

static bool is_percpu(enum bpf_map_type t)
{
	return t == BPF_MAP_TYPE_PERCPU_HASH || t == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       t == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

struct entry {
	void *key, *value;
};

/* All entries, in key order for hashes (deterministic output). */
static int collect(const struct bpf_map *map, size_t vsz_total, struct entry **out, size_t *cnt)
{
	int fd = bpf_map__fd(map);
	size_t ksz = bpf_map__key_size(map);
	enum bpf_map_type type = bpf_map__type(map);
	void *prev = NULL, *key = calloc(1, ksz ? ksz : 1);
	struct entry *v = NULL;
	bool have_prev = false;
	size_t n = 0;
	int err = 0;

	if (!key)
		return -ENOMEM;
	if (type == BPF_MAP_TYPE_QUEUE || type == BPF_MAP_TYPE_STACK) {
		/* reading a queue pops it; show it as it is at the end */
		for (;;) {
			void *val = calloc(1, vsz_total);
			struct entry *p;

			if (!val || bpf_map_lookup_and_delete_elem(fd, NULL, val)) {
				free(val);
				break;
			}
			p = realloc(v, (n + 1) * sizeof(*p));
			if (!p) {
				free(val);
				err = -ENOMEM;
				break;
			}
			v = p;
			v[n].key = NULL;
			v[n++].value = val;
		}
		free(key);
		*out = v;
		*cnt = n;
		return err;
	}
	prev = malloc(ksz ? ksz : 1);
	while (prev && bpf_map_get_next_key(fd, have_prev ? prev : NULL, key) == 0) {
		struct entry *p = realloc(v, (n + 1) * sizeof(*p));
		void *val = calloc(1, vsz_total);

		if (!p || !val) {
			free(val);
			err = -ENOMEM;
			break;
		}
		v = p;
		if (bpf_map_lookup_elem(fd, key, val) == 0) {
			v[n].key = malloc(ksz);
			memcpy(v[n].key, key, ksz);
			v[n++].value = val;
		} else {
			free(val);	/* deleted meanwhile */
		}
		memcpy(prev, key, ksz);
		have_prev = true;
	}
	free(prev);
	free(key);
	*out = v;
	*cnt = n;
	return err;
}

static size_t g_ksz;

/* integer keys in numeric order, others by their bytes: stable output */
static int key_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (g_ksz == 1 || g_ksz == 2 || g_ksz == 4 || g_ksz == 8) {
		unsigned long long u = 0, v = 0;

		memcpy(&u, x->key, g_ksz);
		memcpy(&v, y->key, g_ksz);
		return u < v ? -1 : u > v;
	}
	return memcmp(x->key, y->key, g_ksz);
}

static void print_histogram(struct bcc2core_runtime *rt, const struct bpf_map *map,
			    struct entry *ents, size_t n)
{
	unsigned long long vals[65] = {};
	size_t ksz = bpf_map__key_size(map);

	/* scalar keys: the bucket is the key (BCC's vals[k.value] = v.value) */
	for (size_t i = 0; i < n; i++) {
		unsigned long long k = 0;

		memcpy(&k, ents[i].key, ksz < 8 ? ksz : 8);
		if (k < 65)
			vals[k] += *(unsigned long long *)ents[i].value;
	}
	fprintf(rt->out, "%s:\n", bpf_map__name(map));
	hist_print_log2(rt->out, vals, 65, "value", false);
}

/* the rewriter's own per-thread stash of a KRETFUNC_PROBE's arguments for
 * its kretprobe form (rewriter/passes/twins.c): not a table of the BCC
 * program, which BCC would not show either */
static bool rewriter_stash(const struct bpf_map *map)
{
	const char *name = bpf_map__name(map), *sfx = "__kentry_args";
	size_t n = strlen(name), m = strlen(sfx);

	return n > m && !strcmp(name + n - m, sfx);
}

static void print_one(struct bcc2core_runtime *rt, const struct bpf_map *map)
{
	const struct btf *btf = bpf_object__btf(rt->obj);
	enum bpf_map_type type = bpf_map__type(map);
	const char *kind = kind_name(type);
	size_t vsz = bpf_map__value_size(map), vstride = (vsz + 7) & ~7UL, vtotal;
	int ncpu = is_percpu(type) ? libbpf_num_possible_cpus() : 1;
	struct map_meta meta;
	struct entry *ents = NULL;
	size_t n = 0;
	struct strbuf sb = {};

	if (!kind || bpf_map__is_internal(map) || rewriter_stash(map))
		return;
	map_meta__get(rt->obj, map, &meta);
	vtotal = is_percpu(type) ? vstride * ncpu : vsz;
	if (collect(map, vtotal, &ents, &n)) {
		pr_warn("cannot read map %s\n", bpf_map__name(map));
		goto out;
	}
	g_ksz = bpf_map__key_size(map);
	if (n > 1 && g_ksz && type != BPF_MAP_TYPE_ARRAY && type != BPF_MAP_TYPE_PERCPU_ARRAY)
		qsort(ents, n, sizeof(*ents), key_cmp);
	if (!rt->json && meta.histogram && !is_percpu(type) && vsz == 8 && g_ksz <= 8) {
		print_histogram(rt, map, ents, n);
		goto out;
	}
	if (rt->json) {
		strbuf_puts(&sb, "{\"type\":\"map\",\"name\":");
		json_escape(&sb, bpf_map__name(map), strlen(bpf_map__name(map)));
		strbuf_printf(&sb, ",\"kind\":\"%s\"%s,\"entries\":[", kind,
			      meta.histogram ? ",\"histogram\":true" : "");
	} else {
		strbuf_printf(&sb, "%s:\n", bpf_map__name(map));
	}
	for (size_t i = 0; i < n; i++) {
		enum render_style st = rt->json ? RENDER_JSON : RENDER_TEXT;

		if (rt->json)
			strbuf_puts(&sb, i ? ",{" : "{");
		else
			strbuf_puts(&sb, "  ");
		if (ents[i].key) {
			strbuf_puts(&sb, rt->json ? "\"key\":" : "");
			btf_render(btf, bpf_map__btf_key_type_id(map), ents[i].key,
				   bpf_map__key_size(map), st, &sb);
			strbuf_puts(&sb, rt->json ? "," : " : ");
		}
		strbuf_puts(&sb, rt->json ? "\"value\":" : "");
		if (is_percpu(type)) {
			strbuf_puts(&sb, "[");
			for (int c = 0; c < ncpu; c++) {
				if (c)
					strbuf_puts(&sb, rt->json ? "," : " ");
				btf_render(btf, bpf_map__btf_value_type_id(map),
					   (char *)ents[i].value + c * vstride, vsz, st, &sb);
			}
			strbuf_puts(&sb, "]");
		} else {
			btf_render(btf, bpf_map__btf_value_type_id(map), ents[i].value, vsz, st,
				   &sb);
		}
		strbuf_puts(&sb, rt->json ? "}" : "\n");
	}
	if (rt->json)
		strbuf_puts(&sb, "]}\n");
	fputs(sb.buf, rt->out);
out:
	for (size_t i = 0; i < n; i++) {
		free(ents[i].key);
		free(ents[i].value);
	}
	free(ents);
	strbuf_free(&sb);
	map_meta__free(&meta);
}

int maps__print(struct bcc2core_runtime *rt)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, rt->obj)
		print_one(rt, map);
	fflush(rt->out);
	return 0;
}

/* Deletes the keys a hash holds now, as BCC's table.clear() does: the keys
 * first, in one pass, then each deleted. Not "delete the first key until
 * none is left": a program counting every syscall (syscount) inserts a key
 * again at each of our own bpf() calls, so the map is never empty. A pass
 * stops after @max keys: get_next_key restarts from the first key when the
 * program deleted the one we hold. */
static int clear_hash(int fd, size_t ksz, __u32 max)
{
	char *keys = malloc((size_t)(max ? max : 1) * ksz);
	__u32 n = 0;

	if (!keys)
		return -ENOMEM;
	while (n < max && !bpf_map_get_next_key(fd, n ? keys + (n - 1) * ksz : NULL,
						 keys + n * ksz))
		n++;
	for (__u32 i = 0; i < n; i++)
		bpf_map_delete_elem(fd, keys + i * ksz);
	free(keys);
	return 0;
}

/* Empties every table after an interval: hash entries deleted, array
 * entries zeroed (BCC's table.clear() / zero()). */
int maps__clear(struct bcc2core_runtime *rt)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, rt->obj) {
		enum bpf_map_type type = bpf_map__type(map);
		int fd = bpf_map__fd(map), err;
		size_t vsz = bpf_map__value_size(map);
		void *zero;

		if (!kind_name(type) || bpf_map__is_internal(map) || type == BPF_MAP_TYPE_QUEUE ||
		    type == BPF_MAP_TYPE_STACK)
			continue;
		if (type != BPF_MAP_TYPE_ARRAY && type != BPF_MAP_TYPE_PERCPU_ARRAY) {
			err = clear_hash(fd, bpf_map__key_size(map), bpf_map__max_entries(map));
			if (err)
				return err;
			continue;
		}
		zero = calloc(is_percpu(type) ? libbpf_num_possible_cpus() : 1, (vsz + 7) & ~7UL);
		if (!zero)
			return -ENOMEM;
		for (__u32 i = 0; i < bpf_map__max_entries(map); i++)
			bpf_map_update_elem(fd, &i, zero, BPF_ANY);
		free(zero);
	}
	return 0;
}
