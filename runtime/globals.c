// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Setting a program's `const volatile` globals before load (BCC's -D knobs,
 * bpf_num_cpus()): found by name in the object's BTF data sections and
 * written into libbpf's initial image of that section. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

int bcc2core_runtime__set_global(struct bcc2core_runtime *rt, const char *name, long long value)
{
	const struct btf *btf;
	__u32 n;

	if (!rt || !name)
		return -EINVAL;	/* a name a damaged object's BTF could not give */
	btf = bpf_object__btf(rt->obj);
	if (runtime_loaded(rt))
		return -EBUSY;
	if (!btf)
		return -ENOENT;
	n = btf__type_cnt(btf);
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_var_secinfo *vs;
		const char *sec;

		if (!btf_is_datasec(t))
			continue;
		sec = btf__name_by_offset(btf, t->name_off);
		if (!sec)	/* out-of-range name: a damaged object */
			continue;
		vs = btf_var_secinfos(t);
		for (int i = 0; i < btf_vlen(t); i++, vs++) {
			const struct btf_type *v = btf__type_by_id(btf, vs->type);
			const char *vname = v ? btf__name_by_offset(btf, v->name_off) : NULL;
			struct bpf_map *map;
			size_t size;
			char *data;

			if (!vname || !btf_is_var(v) || strcmp(vname, name))
				continue;
			map = bpf_object__find_map_by_name(rt->obj, sec);
			/* libbpf 1.1 hands out the image as const; it is ours to set before load */
			data = map ? (char *)bpf_map__initial_value(map, &size) : NULL;
			if (!data || vs->offset + vs->size > size)
				return -ENOENT;
			switch (vs->size) {
			case 1: *(__u8 *)(data + vs->offset) = value; break;
			case 2: *(__u16 *)(data + vs->offset) = value; break;
			case 4: *(__u32 *)(data + vs->offset) = value; break;
			case 8: *(__u64 *)(data + vs->offset) = value; break;
			default: return -EINVAL;
			}
			return 0;
		}
	}
	return -ENOENT;
}

/* Constants the rewriter left for load time. */
int globals__set_defaults(struct bcc2core_runtime *rt)
{
	int err = bcc2core_runtime__set_global(rt, "bcc2core_num_cpus",
					       sysconf(_SC_NPROCESSORS_ONLN));

	return err == -ENOENT ? 0 : err;
}

int bcc2core_runtime__set_map_size(struct bcc2core_runtime *rt, const char *name, __u32 max_entries)
{
	struct bpf_map *map;

	if (!rt || !name)
		return -EINVAL;
	if (runtime_loaded(rt))
		return -EBUSY;
	map = bpf_object__find_map_by_name(rt->obj, name);
	if (!map || bpf_map__is_internal(map))
		return -ENOENT;
	return bpf_map__set_max_entries(map, max_entries);
}
