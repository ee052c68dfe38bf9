// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An object's BTF checked before libbpf opens it. libbpf 1.1 follows an
 * object's type ids and name offsets as they are: a map whose type names
 * a type id past the last crashed it (parse_btf_map_def, on an object
 * fuzz_object mutated), and a typedef or modifier that leads back to
 * itself makes it loop (skip_mods_and_typedefs). Later libbpf checks
 * these when it parses BTF; these are the same checks, so that a
 * malformed object is an error that says where, not a crash. */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

static const char *const kind_names[] = {
	"UNKN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD", "TYPEDEF",
	"VOLATILE", "CONST", "RESTRICT", "FUNC", "FUNC_PROTO", "VAR", "DATASEC",
	"FLOAT", "DECL_TAG", "TYPE_TAG", "ENUM64",
};

static const char *kind_name(const struct btf_type *t)
{
	unsigned int k = btf_kind(t);

	return k < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[k] : "?";
}

static int bad(const char *path, const struct btf *btf, __u32 id, const char *what, __u32 value)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name = btf__str_by_offset(btf, t->name_off);

	pr_warn("%s: malformed BTF: type [%u] %s '%s' %s %u (the object's BTF has %u types)\n",
		path, id, kind_name(t), name ? name : "?", what, value, btf__type_cnt(btf) - 1);
	return -LIBBPF_ERRNO__FORMAT;
}

static int ref(const char *path, const struct btf *btf, __u32 id, __u32 to)
{
	return to < btf__type_cnt(btf) ? 0 : bad(path, btf, id, "refers to type", to);
}

static int name(const char *path, const struct btf *btf, __u32 id, __u32 off)
{
	return btf__str_by_offset(btf, off) ? 0 : bad(path, btf, id, "has a name at offset", off);
}

/* every type id and name offset type @id holds in range */
static int check_type(const char *path, const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	__u16 n = btf_vlen(t);
	int err = name(path, btf, id, t->name_off);

	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
	case BTF_KIND_TYPE_TAG:
		err = err ?: ref(path, btf, id, t->type);
		break;
	case BTF_KIND_ARRAY:
		err = err ?: ref(path, btf, id, btf_array(t)->type);
		err = err ?: ref(path, btf, id, btf_array(t)->index_type);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (__u16 i = 0; i < n && !err; i++) {
			err = name(path, btf, id, btf_members(t)[i].name_off);
			err = err ?: ref(path, btf, id, btf_members(t)[i].type);
		}
		break;
	case BTF_KIND_ENUM:
		for (__u16 i = 0; i < n && !err; i++)
			err = name(path, btf, id, btf_enum(t)[i].name_off);
		break;
	case BTF_KIND_ENUM64:
		for (__u16 i = 0; i < n && !err; i++)
			err = name(path, btf, id, btf_enum64(t)[i].name_off);
		break;
	case BTF_KIND_FUNC_PROTO:
		err = err ?: ref(path, btf, id, t->type);
		for (__u16 i = 0; i < n && !err; i++) {
			err = name(path, btf, id, btf_params(t)[i].name_off);
			err = err ?: ref(path, btf, id, btf_params(t)[i].type);
		}
		break;
	case BTF_KIND_DATASEC:
		for (__u16 i = 0; i < n && !err; i++)
			err = ref(path, btf, id, btf_var_secinfos(t)[i].type);
		break;
	default:	/* INT, FWD, FLOAT: nothing referred to */
		break;
	}
	return err;
}

static bool is_mod_or_typedef(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	return id && (btf_is_mod(t) || btf_is_typedef(t));
}

/* No chain of typedefs and modifiers leads back into itself. @state: 0
 * not seen, 1 on the chain being followed, 2 known to end. Each type is
 * followed once. */
static int check_chains(const char *path, const struct btf *btf, unsigned char *state)
{
	for (__u32 id = 1; id < btf__type_cnt(btf); id++) {
		__u32 at = id;

		while (is_mod_or_typedef(btf, at) && !state[at]) {
			state[at] = 1;
			at = btf__type_by_id(btf, at)->type;
		}
		if (is_mod_or_typedef(btf, at) && state[at] == 1)
			return bad(path, btf, at, "leads back to itself through type", id);
		for (at = id; is_mod_or_typedef(btf, at) && state[at] == 1;
		     at = btf__type_by_id(btf, at)->type)
			state[at] = 2;
	}
	return 0;
}

int object_btf__check(const char *path)
{
	struct btf *btf = btf__parse_elf(path, NULL);
	unsigned char *state;
	int err = 0;

	/* none, or none libbpf can parse: libbpf says so itself, safely */
	if (!btf)
		return 0;
	for (__u32 id = 1; id < btf__type_cnt(btf) && !err; id++)
		err = check_type(path, btf, id);
	if (!err) {
		state = calloc(btf__type_cnt(btf), 1);
		err = state ? check_chains(path, btf, state) : -ENOMEM;
		free(state);
	}
	btf__free(btf);
	return err;
}
