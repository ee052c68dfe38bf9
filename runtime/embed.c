// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What an application driving the runtime itself needs beyond `run`'s
 * path (the Python bcc layer: tables, ctypes types, histograms it prints
 * itself): the object and its maps, their types as JSON, BCC's histogram
 * text as a string. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "object_btf_check.h"

struct bpf_object *bcc2core_runtime__object(struct bcc2core_runtime *rt)
{
	if (!rt) {
		errno = EINVAL;
		return NULL;
	}
	return rt->obj;
}

struct bpf_map *bcc2core_runtime__map(struct bcc2core_runtime *rt, const char *name)
{
	struct bpf_map *map;

	if (!rt || !name) {
		errno = EINVAL;
		return NULL;
	}
	map = bpf_object__find_map_by_name(rt->obj, name);
	if (!map)
		errno = ENOENT;
	return map;
}

/* the BTF type of @map's @which, 0 when it has none, -EINVAL for @which */
static long long map_type_id(const struct bpf_object *obj, const struct bpf_map *map,
			     const char *which)
{
	struct map_meta meta;

	if (!strcmp(which, "key"))
		return bpf_map__btf_key_type_id(map);
	if (!strcmp(which, "value"))
		return bpf_map__btf_value_type_id(map);
	if (strcmp(which, "event"))
		return -EINVAL;
	map_meta__get(obj, map, &meta);
	map_meta__free(&meta);
	return meta.event_type_id;
}

char *bcc2core_runtime__describe_map(struct bcc2core_runtime *rt, const char *name,
				     const char *which)
{
	const struct btf *btf;
	struct bpf_map *map;
	long long id;

	if (!rt || !name || !which) {
		errno = EINVAL;
		return NULL;
	}
	map = bcc2core_runtime__map(rt, name);
	if (!map)
		return NULL;
	id = map_type_id(rt->obj, map, which);
	btf = bpf_object__btf(rt->obj);
	if (id < 0) {
		errno = -id;
		return NULL;
	}
	if (!id || !btf) {
		errno = ENOENT;
		return NULL;
	}
	return bcc2core_btf__describe(btf, id);
}

typedef void (*hist_printer)(FILE *out, const unsigned long long *vals, int n,
			     const char *val_type, bool strip_leading_zero);

static char *hist_format(hist_printer print, const __u64 *vals, int n, const char *val_type,
			 bool strip_leading_zero)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	if (n < 0 || (!vals && n > 0)) {
		errno = EINVAL;
		return NULL;
	}
	fp = open_memstream(&buf, &len);
	if (!fp)
		return NULL;
	print(fp, vals, n, val_type ? val_type : "value", strip_leading_zero);
	if (fclose(fp)) {
		free(buf);
		errno = ENOMEM;
		return NULL;
	}
	return buf;
}

char *bcc2core_hist__format_log2(const __u64 *vals, int n, const char *val_type,
				 bool strip_leading_zero)
{
	if (n > 65) {
		/* bucket i holds values of bit length i: 0..64 */
		errno = EINVAL;
		return NULL;
	}
	return hist_format(hist_print_log2, vals, n, val_type, strip_leading_zero);
}

char *bcc2core_hist__format_linear(const __u64 *vals, int n, const char *val_type,
				   bool strip_leading_zero)
{
	return hist_format(hist_print_linear, vals, n, val_type, strip_leading_zero);
}

void bcc2core_free(void *p)
{
	free(p);
}

/* @data (@size bytes), a record of perf/ring buffer @name of the object at
 * @path, as the JSON run --json prints for it; NULL with errno when the
 * object, the map or its event type cannot be had. For diff: BCC's side
 * gives raw bytes for records BCC's Python cannot type (a union). */
char *bcc2core_event__render_json(const char *path, const char *name, const void *data,
				  size_t size)
{
	struct bpf_object *obj;
	struct bpf_map *map;
	struct strbuf sb = {};
	char *out = NULL;
	long long id;
	int err = 0;

	/* libbpf 1.1 would crash or loop on malformed BTF */
	if (object_btf__check(path)) {
		errno = EINVAL;
		return NULL;
	}
	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		return NULL;
	map = bpf_object__find_map_by_name(obj, name);
	id = map ? map_type_id(obj, map, "event") : -ENOENT;
	if (id <= 0 || !bpf_object__btf(obj))
		err = id < 0 ? (int)-id : ENOENT;
	else if (btf_render(bpf_object__btf(obj), id, data, size, RENDER_JSON, &sb) || !sb.buf)
		err = EINVAL;
	else
		out = strbuf_detach(&sb);
	strbuf_free(&sb);
	bpf_object__close(obj);
	errno = err;
	return out;
}
