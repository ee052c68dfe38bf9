// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A BTF type's layout as JSON (shape in bcc2core/runtime.h), for an
 * application that builds its own view of keys, values and records (the
 * Python bcc layer makes ctypes types of it). Bounded: nesting and the
 * number of types described, so that a damaged BTF (a struct holding
 * itself, typedefs in a circle) ends in an error, not a crash or a loop. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define DESCRIBE_DEPTH_MAX 32
#define DESCRIBE_TYPES_MAX 65536
/* typedefs and qualifiers in a row (libbpf's own resolve limit) */
#define DESCRIBE_MODS_MAX 32

struct describe {
	const struct btf *btf;
	struct strbuf sb;
	unsigned types;
	int err;	/* the first failure; the text is abandoned then */
};

static void emit(struct describe *d, const char *s)
{
	if (!d->err && strbuf_puts(&d->sb, s))
		d->err = -ENOMEM;
}

__attribute__((format(printf, 2, 3)))
static void emitf(struct describe *d, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	emit(d, buf);
}

/* a JSON string; BTF names are C identifiers, a damaged one may be anything */
static void emit_str(struct describe *d, const char *s)
{
	char esc[8];

	emit(d, "\"");
	for (; s && *s; s++) {
		unsigned char c = *s;

		if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			emit(d, esc);
		} else {
			esc[0] = c;
			esc[1] = '\0';
			emit(d, esc);
		}
	}
	emit(d, "\"");
}

static const char *name_of(const struct btf *btf, const struct btf_type *t)
{
	const char *name = btf__name_by_offset(btf, t->name_off);

	return name ? name : "";	/* NULL: an offset out of range */
}

/* Looks through typedefs and qualifiers from *@id: the type under them (NULL
 * with *@id 0 for void) and in *@name the outermost typedef's name, else
 * the type's own. */
static const struct btf_type *skip_mods(struct describe *d, __u32 *id, const char **name)
{
	*name = NULL;
	for (int hops = 0; hops < DESCRIBE_MODS_MAX; hops++) {
		const struct btf_type *t;

		if (*id == 0)
			return NULL;	/* void */
		t = btf__type_by_id(d->btf, *id);
		if (!t) {
			d->err = d->err ?: -EINVAL;
			return NULL;
		}
		switch (btf_kind(t)) {
		case BTF_KIND_TYPEDEF:
			*name = *name ?: name_of(d->btf, t);
			/* fallthrough */
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			*id = t->type;
			continue;
		default:
			*name = *name ?: name_of(d->btf, t);
			return t;
		}
	}
	d->err = d->err ?: -ELOOP;
	return NULL;
}

static void describe(struct describe *d, __u32 id, int depth);

/* {"name":..,"offset":..,"bit_offset":..,"bits":..,"type":..} */
static void describe_member(struct describe *d, const struct btf_type *t, int i, int depth)
{
	const struct btf_member *m = btf_members(t) + i;
	__u32 bitpos = btf_member_bit_offset(t, i), bits = btf_member_bitfield_size(t, i);
	__u32 unit = 0, mid = m->type;
	const struct btf_type *mt;
	const char *tname, *mname;

	mt = skip_mods(d, &mid, &tname);
	if (mt && btf_is_int(mt) && !bits &&
	    (btf_int_offset(mt) || btf_int_bits(mt) != mt->size * 8)) {
		/* a bitfield the old way (no kind_flag): its width in the int */
		bits = btf_int_bits(mt);
		bitpos += btf_int_offset(mt);
	}
	if (bits && mt && (btf_is_int(mt) || btf_is_any_enum(mt)))
		unit = mt->size * 8;
	if (!unit)
		unit = 8;
	emit(d, "{\"name\":");
	mname = btf__name_by_offset(d->btf, m->name_off);
	emit_str(d, mname ? mname : "");
	if (bits)
		emitf(d, ",\"offset\":%u,\"bit_offset\":%u,\"bits\":%u,\"type\":",
		      bitpos / unit * (unit / 8), bitpos % unit, bits);
	else
		emitf(d, ",\"offset\":%u,\"bit_offset\":%u,\"bits\":0,\"type\":", bitpos / 8,
		      bitpos % 8);
	describe(d, m->type, depth + 1);
	emit(d, "}");
}

static void describe(struct describe *d, __u32 id, int depth)
{
	const struct btf_type *t;
	const char *name;

	if (d->err)
		return;
	if (depth > DESCRIBE_DEPTH_MAX) {
		d->err = -ELOOP;
		return;
	}
	if (++d->types > DESCRIBE_TYPES_MAX) {
		d->err = -E2BIG;
		return;
	}
	t = skip_mods(d, &id, &name);
	if (d->err)
		return;
	if (!t) {
		emit(d, "{\"kind\":\"void\",\"size\":0}");
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_INT: {
		__u8 enc = btf_int_encoding(t);

		emit(d, "{\"kind\":\"int\",\"name\":");
		emit_str(d, name);
		emitf(d, ",\"size\":%u,\"signed\":%s,\"char\":%s,\"bool\":%s}", t->size,
		      enc & BTF_INT_SIGNED ? "true" : "false",
		      enc & BTF_INT_CHAR || !strcmp(name_of(d->btf, t), "char") ? "true" : "false",
		      enc & BTF_INT_BOOL ? "true" : "false");
		return;
	}
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		emit(d, "{\"kind\":\"enum\",\"name\":");
		emit_str(d, name);
		emitf(d, ",\"size\":%u,\"signed\":%s}", t->size, btf_kflag(t) ? "true" : "false");
		return;
	case BTF_KIND_FLOAT:
		emit(d, "{\"kind\":\"float\",\"name\":");
		emit_str(d, name);
		emitf(d, ",\"size\":%u}", t->size);
		return;
	case BTF_KIND_PTR:
		emitf(d, "{\"kind\":\"ptr\",\"size\":%zu}", btf__pointer_size(d->btf) ?: 8);
		return;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);
		__s64 size = btf__resolve_size(d->btf, id);

		if (size < 0) {
			d->err = size == -E2BIG || size == -ELOOP ? (int)size : -EINVAL;
			return;
		}
		emitf(d, "{\"kind\":\"array\",\"len\":%u,\"size\":%lld,\"type\":", a->nelems,
		      (long long)size);
		describe(d, a->type, depth + 1);
		emit(d, "}");
		return;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		emitf(d, "{\"kind\":\"%s\",\"name\":", btf_is_struct(t) ? "struct" : "union");
		emit_str(d, name);
		emitf(d, ",\"size\":%u,\"members\":[", t->size);
		for (int i = 0; i < btf_vlen(t) && !d->err; i++) {
			if (i)
				emit(d, ",");
			describe_member(d, t, i, depth);
		}
		emit(d, "]}");
		return;
	default:
		d->err = -EINVAL;	/* func, var, datasec, fwd: no value has it */
		return;
	}
}

char *bcc2core_btf__describe(const struct btf *btf, __u32 type_id)
{
	struct describe d = { .btf = btf };

	if (!btf || type_id >= btf__type_cnt(btf)) {
		errno = EINVAL;
		return NULL;
	}
	describe(&d, type_id, 0);
	if (d.err) {
		strbuf_free(&d.sb);
		errno = -d.err;
		return NULL;
	}
	return strbuf_detach(&d.sb);
}
