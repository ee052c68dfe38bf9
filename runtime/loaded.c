// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Whether a runtime's object is loaded: said by bcc2core_runtime__load(),
 * or, for an object the application owns (bcc2core_runtime__from_object),
 * found out, since its skeleton loads it without the runtime. */
#include "internal.h"

/* libbpf 1.1 does not say whether an object is loaded: a map or a program
 * with an fd is */
static bool object_loaded(const struct bpf_object *obj)
{
	struct bpf_program *prog;
	struct bpf_map *map;

	bpf_object__for_each_map(map, obj)
		if (bpf_map__fd(map) >= 0)
			return true;
	bpf_object__for_each_program(prog, obj)
		if (bpf_program__fd(prog) >= 0)
			return true;
	return false;
}

bool runtime_loaded(struct bcc2core_runtime *rt)
{
	if (!rt->loaded && rt->borrowed && object_loaded(rt->obj))
		rt->loaded = true;
	return rt->loaded;
}
