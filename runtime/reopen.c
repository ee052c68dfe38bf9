// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libbpf loads an object once: after a failed load it is spent (its
 * programs and maps released). A second try with other program forms needs
 * the object opened again, configured as the first was: the globals' images
 * (-D knobs, bpf_num_cpus), map sizes and pin paths are copied over. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int copy_map_config(struct bpf_map *from, struct bpf_map *to)
{
	const void *image;
	size_t size;
	int err;

	err = bpf_map__set_max_entries(to, bpf_map__max_entries(from));
	if (!err && bpf_map__pin_path(from))
		err = bpf_map__set_pin_path(to, bpf_map__pin_path(from));
	image = bpf_map__initial_value(from, &size);
	if (!err && image && bpf_map__is_internal(from)) {
		err = bpf_map__set_initial_value(to, image, size);
		if (err == -EINVAL)
			err = 0;	/* .kconfig: filled by libbpf at load */
	}
	return err;
}

int runtime_reopen(struct bcc2core_runtime *rt)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .btf_custom_path = rt->btf_custom_path,
		    .kconfig = rt->kconfig);
	struct bpf_object *obj = bpf_object__open_file(rt->path, &oo);
	struct bpf_map *map;
	char msg[128];
	int err = 0;

	if (!obj) {
		err = -errno;
		bcc2core_strerror(err, msg, sizeof(msg));
		pr_warn("%s: cannot open BPF object again: %s\n", rt->path, msg);
		return err;
	}
	bpf_object__for_each_map(map, rt->obj) {
		struct bpf_map *to = bpf_object__find_map_by_name(obj, bpf_map__name(map));

		err = to ? copy_map_config(map, to) : -ENOENT;
		if (err) {
			bcc2core_strerror(err, msg, sizeof(msg));
			pr_warn("%s: cannot configure map %s again: %s\n", rt->path,
				bpf_map__name(map), msg);
			bpf_object__close(obj);
			return err;
		}
	}
	bpf_object__close(rt->obj);
	rt->obj = obj;
	prog_skips__clear(&rt->skips);	/* they named the old object's programs */
	return 0;
}
