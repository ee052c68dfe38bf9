// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An object's BTF checked before libbpf opens it. libbpf 1.1 follows an
 * object's type ids and name offsets as they are: a map whose type names
 * a type id past the last crashed it (parse_btf_map_def, on an object
 * fuzz_object mutated), a typedef or modifier that leads back to itself
 * makes it loop (skip_mods_and_typedefs), and a struct that contains
 * itself by value makes it recurse without end (btf__align_of). Later
 * libbpf checks type ids and names when it parses BTF. Here: every type id
 * and name offset in range, a FUNC's type a FUNC_PROTO, and no cycle of
 * types but through a pointer, so that such an object is an error that
 * says where, not a crash. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "elf_section.h"
#include "log.h"
#include "object_btf_check.h"

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

/* "PATH: malformed BTF: type [ID] KIND 'NAME' <what>" */
static int bad(const char *path, const struct btf *btf, __u32 id, const char *fmt, ...)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *tname = btf__str_by_offset(btf, t->name_off);
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	pr_warn("%s: malformed BTF: type [%u] %s '%s' %s\n", path, id, kind_name(t),
		tname ? tname : "?", what);
	return -LIBBPF_ERRNO__FORMAT;
}

static int check_ref(const char *path, const struct btf *btf, __u32 id, __u32 to)
{
	if (to < btf__type_cnt(btf))
		return 0;
	return bad(path, btf, id, "refers to type %u, past the last (%u)", to,
		   btf__type_cnt(btf) - 1);
}

static int check_name(const char *path, const struct btf *btf, __u32 id, __u32 off)
{
	if (btf__str_by_offset(btf, off))
		return 0;
	return bad(path, btf, id, "has a name at offset %u, past its strings", off);
}

/* a member's or parameter's name and type */
static int check_named_ref(const char *path, const struct btf *btf, __u32 id, __u32 off, __u32 to)
{
	return check_name(path, btf, id, off) ?: check_ref(path, btf, id, to);
}

/* every type id and name offset type @id holds in range */
static int check_type(const char *path, const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	__u16 n = btf_vlen(t);
	int err = check_name(path, btf, id, t->name_off);

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
		err = err ?: check_ref(path, btf, id, t->type);
		break;
	case BTF_KIND_ARRAY:
		err = err ?: check_ref(path, btf, id, btf_array(t)->type);
		err = err ?: check_ref(path, btf, id, btf_array(t)->index_type);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (__u16 i = 0; i < n && !err; i++)
			err = check_named_ref(path, btf, id, btf_members(t)[i].name_off,
					      btf_members(t)[i].type);
		break;
	case BTF_KIND_ENUM:
		for (__u16 i = 0; i < n && !err; i++)
			err = check_name(path, btf, id, btf_enum(t)[i].name_off);
		break;
	case BTF_KIND_ENUM64:
		for (__u16 i = 0; i < n && !err; i++)
			err = check_name(path, btf, id, btf_enum64(t)[i].name_off);
		break;
	case BTF_KIND_FUNC_PROTO:
		err = err ?: check_ref(path, btf, id, t->type);
		for (__u16 i = 0; i < n && !err; i++)
			err = check_named_ref(path, btf, id, btf_params(t)[i].name_off,
					      btf_params(t)[i].type);
		break;
	case BTF_KIND_DATASEC:
		for (__u16 i = 0; i < n && !err; i++)
			err = check_ref(path, btf, id, btf_var_secinfos(t)[i].type);
		break;
	default:	/* INT, FWD, FLOAT: nothing referred to */
		break;
	}
	/* libbpf reads a FUNC's type as a prototype (its parameters) */
	if (!err && btf_is_func(t) && !btf_is_func_proto(btf__type_by_id(btf, t->type)))
		err = bad(path, btf, id, "has type %u, which is no FUNC_PROTO", t->type);
	return err;
}

/* The @i-th type @id holds by value (a modifier's or typedef's type, an
 * array's element, a struct's or union's member), 0 past the last. A
 * pointer's target is not held by value: a list node points to its own
 * struct. */
static __u32 held_type(const struct btf *btf, __u32 id, __u32 i)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	if (btf_is_mod(t) || btf_is_typedef(t))
		return i == 0 ? t->type : 0;
	if (btf_is_array(t))
		return i == 0 ? btf_array(t)->type : 0;
	if (btf_is_composite(t))
		return i < btf_vlen(t) ? btf_members(t)[i].type : 0;
	return 0;
}

static __u32 held_count(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	if (btf_is_mod(t) || btf_is_typedef(t) || btf_is_array(t))
		return 1;
	return btf_is_composite(t) ? btf_vlen(t) : 0;
}

struct walk_step {
	__u32 id;	/* a type on the walk's path */
	__u32 next;	/* which of its held types comes next */
};

/* No type holds itself by value, through any chain: a depth-first walk of
 * what each type holds (state 0: not seen, 1: on the walk's path, 2: done),
 * each type and each of its held types visited once */
static int check_cycles(const char *path, const struct btf *btf)
{
	__u32 cnt = btf__type_cnt(btf), depth = 0;
	struct walk_step *stack = calloc(cnt, sizeof(*stack));
	unsigned char *state = calloc(cnt, 1);
	int err = stack && state ? 0 : -ENOMEM;

	for (__u32 root = 1; root < cnt && !err; root++) {
		if (state[root])
			continue;
		state[root] = 1;
		stack[depth++] = (struct walk_step){ root, 0 };
		while (depth && !err) {
			__u32 id = stack[depth - 1].id, held;

			if (stack[depth - 1].next >= held_count(btf, id)) {
				state[id] = 2;
				depth--;
				continue;
			}
			held = held_type(btf, id, stack[depth - 1].next++);
			if (held && state[held] == 1)
				err = bad(path, btf, id, "holds type %u, which leads back to it "
					  "(a cycle of types not through a pointer)", held);
			else if (held && !state[held]) {
				state[held] = 1;
				stack[depth++] = (struct walk_step){ held, 0 };
			}
		}
	}
	free(stack);
	free(state);
	return err;
}

int object_btf__check(const char *path)
{
	struct btf *btf = elf_section_btf(path, true);
	int err = 0;

	/* none, or none libbpf can parse: libbpf says so itself, safely */
	if (!btf)
		return 0;
	for (__u32 id = 1; id < btf__type_cnt(btf) && !err; id++)
		err = check_type(path, btf, id);
	err = err ?: check_cycles(path, btf);
	btf__free(btf);
	return err;
}
