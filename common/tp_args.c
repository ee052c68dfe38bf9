// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A tracepoint's argument kinds (tp_args.h), as the rewriter's record
 * table names them and as the runtime checks them in the kernel's BTF. */
#include <stdio.h>
#include <string.h>

#include "tp_args.h"

/* struct or union @name behind pointer type @t (modifiers and typedefs
 * skipped) */
static bool points_to(const struct btf *btf, const struct btf_type *t, const char *name)
{
	__s32 id = btf__resolve_type(btf, t->type);
	const struct btf_type *to = id > 0 ? btf__type_by_id(btf, id) : NULL;

	return to && btf_is_composite(to) && !strcmp(btf__name_by_offset(btf, to->name_off), name);
}

bool tp_arg__is(const struct btf *btf, __u32 id, char kind)
{
	__s32 rid = btf__resolve_type(btf, id);
	const struct btf_type *t = rid > 0 ? btf__type_by_id(btf, rid) : NULL;

	if (!t)
		return false;
	switch (kind) {
	case 'b':
		return btf_is_int(t) && t->size == 1;
	case 'i':
		return btf_is_int(t) && t->size == 4;
	case 'l':
		return btf_is_int(t) && t->size == 8;
	case 'p':
		return btf_is_ptr(t);
	case 'r':
		return btf_is_ptr(t) && points_to(btf, t, "pt_regs");
	case 's':
		return btf_is_ptr(t) && points_to(btf, t, "sock");
	case 't':
		return btf_is_ptr(t) && points_to(btf, t, "task_struct");
	}
	return false;
}

const struct btf_type *tp_args__proto(const struct btf *btf, const char *event)
{
	char name[256];
	const struct btf_type *t;
	__s32 id;

	snprintf(name, sizeof(name), "btf_trace_%s", event);
	id = btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF);
	t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	t = t ? btf__type_by_id(btf, t->type) : NULL;
	if (!t || !btf_is_ptr(t))
		return NULL;
	t = btf__type_by_id(btf, t->type);
	return t && btf_is_func_proto(t) && btf_vlen(t) >= 1 ? t : NULL;
}

bool tp_args__match(const struct btf *btf, const struct btf_type *proto, const char *kinds)
{
	int n = (int)strlen(kinds);

	if (!proto || btf_vlen(proto) - 1 < n)
		return false;
	for (int i = 0; i < n; i++)
		if (!tp_arg__is(btf, btf_params(proto)[i + 1].type, kinds[i]))
			return false;
	return true;
}
