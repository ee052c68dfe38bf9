// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The maps of another loaded run of the same program, taken over at load.
 * The drop-in package builds a program again when a later attach call needs
 * a program form the first build lacked; the new object then uses the
 * running maps (bpf_map__reuse_fd), so what the tool wrote to its tables and
 * what the programs counted so far stay. Only maps of the same name and
 * shape are taken; the internal ones (.rodata, .bss, .kconfig) and program
 * arrays, whose entries are the old object's programs, are not. */
#include <errno.h>
#include <string.h>

#include "internal.h"

static bool same_shape(const struct bpf_map *a, const struct bpf_map *b)
{
	return bpf_map__type(a) == bpf_map__type(b) &&
	       bpf_map__key_size(a) == bpf_map__key_size(b) &&
	       bpf_map__value_size(a) == bpf_map__value_size(b) &&
	       bpf_map__max_entries(a) == bpf_map__max_entries(b) &&
	       bpf_map__map_flags(a) == bpf_map__map_flags(b);
}

static bool takes_over(const struct bpf_map *map)
{
	return !bpf_map__is_internal(map) && bpf_map__type(map) != BPF_MAP_TYPE_PROG_ARRAY;
}

int reused_maps__apply(struct bcc2core_runtime *rt)
{
	struct bpf_map *map, *old;
	int err;

	if (!rt->maps_from)
		return 0;
	bpf_object__for_each_map(map, rt->obj) {
		if (!takes_over(map))
			continue;
		old = bpf_object__find_map_by_name(rt->maps_from->obj, bpf_map__name(map));
		if (!old || bpf_map__fd(old) < 0 || !same_shape(map, old))
			continue;
		err = bpf_map__reuse_fd(map, bpf_map__fd(old));
		if (err) {
			pr_warn("map %s: cannot take over the running one: %s\n",
				bpf_map__name(map), strerror(-err));
			return err;
		}
	}
	return 0;
}

int bcc2core_runtime__reuse_maps(struct bcc2core_runtime *rt, struct bcc2core_runtime *from)
{
	struct bpf_map *map, *old;
	int n = 0;

	if (!rt || !from || rt == from || !runtime_loaded(from))
		return -EINVAL;
	if (runtime_loaded(rt))
		return -EBUSY;
	rt->maps_from = from;
	bpf_object__for_each_map(map, rt->obj) {
		old = bpf_object__find_map_by_name(from->obj, bpf_map__name(map));
		n += takes_over(map) && old && same_shape(map, old);
	}
	return n;
}
