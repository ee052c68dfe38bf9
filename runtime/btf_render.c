// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Values rendered through BTF: integers as numbers, char arrays as strings
 * (up to NUL), other arrays as arrays, structs by field name. JSON for
 * --json, "field=value" text otherwise. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

void json_escape(struct strbuf *sb, const char *s, size_t n)
{
	size_t run = 0, i;

	strbuf_append(sb, "\"", 1);
	for (i = 0; i < n && s[i]; i++) {
		unsigned char c = s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			continue;
		/* the plain run before this character in one append */
		strbuf_append(sb, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\')
			strbuf_printf(sb, "\\%c", c);
		else if (c == '\n')
			strbuf_puts(sb, "\\n");
		else if (c == '\t')
			strbuf_puts(sb, "\\t");
		else
			strbuf_printf(sb, "\\u%04x", c);
	}
	strbuf_append(sb, s + run, i - run);
	strbuf_append(sb, "\"", 1);
}

void text_escape(struct strbuf *sb, const char *s, size_t n)
{
	size_t len = strnlen(s, n);

	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c < 0x20 || c >= 0x7f)
			strbuf_printf(sb, "\\x%02x", c);
		else
			strbuf_append(sb, (const char *)&c, 1);
	}
}

/* Records are packed as the program wrote them: load without alignment. */
unsigned long long load_uint(const void *p, size_t size)
{
	__u8 u8; __u16 u16; __u32 u32; __u64 u64;

	switch (size) {
	case 1: memcpy(&u8, p, 1); return u8;
	case 2: memcpy(&u16, p, 2); return u16;
	case 4: memcpy(&u32, p, 4); return u32;
	case 8: memcpy(&u64, p, 8); return u64;
	default: return 0;
	}
}

long long sign_extend(unsigned long long v, unsigned bits)
{
	if (bits == 0)
		return 0;
	if (bits >= 64)
		return (long long)v;
	return (long long)(v << (64 - bits)) >> (64 - bits);
}

bool is_char_type(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, id));
	const char *name = t ? btf__name_by_offset(btf, t->name_off) : NULL;

	return t && btf_is_int(t) && t->size == 1 &&
	       (btf_int_encoding(t) & BTF_INT_CHAR || btf_int_encoding(t) & BTF_INT_SIGNED ||
		(name && (!strcmp(name, "char") || !strcmp(name, "unsigned char"))));
}

static int render(const struct btf *btf, __u32 id, const void *data, size_t avail,
		  unsigned bit_off, unsigned bit_size, enum render_style style,
		  struct strbuf *sb, int depth);

/* one value's text at most (a real record is far below) */
#define RENDER_MAX (1U << 20)
/* members visited for one value at most: anonymous members print nothing,
 * so RENDER_MAX does not bound them, and a crafted object can nest many
 * anonymous members many levels deep */
#define RENDER_VISITS_MAX (1U << 20)

static _Thread_local unsigned render_visits;	/* of the btf_render() call */

static int render_int(const struct btf_type *t, const void *data, unsigned bit_off,
		      unsigned bit_size, struct strbuf *sb, enum render_style style)
{
	unsigned enc = btf_int_encoding(t), bits = bit_size ? bit_size : btf_int_bits(t);
	unsigned long long v;

	if (t->size > 8) {	/* __int128: two u64 halves, as BCC's ctypes do */
		__u64 q[2];

		memcpy(q, (const char *)data + bit_off / 8, sizeof(q));
		strbuf_printf(sb, style == RENDER_JSON ? "[%" PRIu64 ",%" PRIu64 "]"
			      : "[%" PRIu64 " %" PRIu64 "]", (uint64_t)q[0], (uint64_t)q[1]);
		return 0;
	}
	if (bit_size) {
		/* a bitfield: read the containing bytes, shift out the field */
		unsigned long long word = 0;
		size_t bytes = (bit_off % 8 + bit_size + 7) / 8;

		memcpy(&word, (const char *)data + bit_off / 8, bytes > 8 ? 8 : bytes);
		v = (word >> (bit_off % 8)) & (bit_size >= 64 ? ~0ULL : (1ULL << bit_size) - 1);
	} else {
		v = load_uint(data, t->size);
	}
	if (enc & BTF_INT_BOOL)
		strbuf_puts(sb, v ? "true" : "false");
	else if (enc & BTF_INT_SIGNED)
		strbuf_s64(sb, sign_extend(v, bits));
	else
		strbuf_u64(sb, v);
	return 0;
}

static int render_members(const struct btf *btf, const struct btf_type *t, const void *data,
			  size_t avail, enum render_style style, struct strbuf *sb, int depth,
			  bool *first)
{
	const struct btf_member *m = btf_members(t);

	for (int i = 0; i < btf_vlen(t) && sb->len <= RENDER_MAX &&
			++render_visits <= RENDER_VISITS_MAX; i++, m++) {
		/* NULL for a name offset out of range (a damaged object) */
		const char *name = btf__name_by_offset(btf, m->name_off);
		__u32 off = btf_member_bit_offset(t, i), bsz = btf_member_bitfield_size(t, i);
		const struct btf_type *mt = btf__type_by_id(btf, btf__resolve_type(btf, m->type));

		if (off / 8 >= avail)
			break;
		if (!name)
			name = "";
		if (!*name && mt && (btf_is_struct(mt) || btf_is_union(mt))) {
			/* anonymous struct/union: its fields belong to the parent
			 * (depth-limited: a crafted object can make BTF loop) */
			if (depth < 32)
				render_members(btf, mt, (const char *)data + off / 8, avail - off / 8,
					       style, sb, depth + 1, first);
			continue;
		}
		if (!*first)
			strbuf_puts(sb, style == RENDER_JSON ? "," : " ");
		*first = false;
		if (style == RENDER_JSON) {
			json_escape(sb, name, strlen(name));
			strbuf_puts(sb, ":");
		} else {
			strbuf_puts(sb, name);
			strbuf_puts(sb, "=");
		}
		render(btf, m->type, (const char *)data + (bsz ? 0 : off / 8),
		       bsz ? avail : avail - off / 8, bsz ? off : 0, bsz, style, sb, depth + 1);
	}
	return 0;
}

/* Bytes from data that rendering a scalar of type t reads. */
static size_t bytes_needed(const struct btf_type *t, unsigned bit_off, unsigned bit_size)
{
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		if (t->size > 8)
			return bit_off / 8 + 16;
		if (bit_size) {
			size_t bytes = (bit_off % 8 + bit_size + 7) / 8;

			return bit_off / 8 + (bytes > 8 ? 8 : bytes);
		}
		return t->size;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
		return bit_off / 8 + t->size;
	case BTF_KIND_PTR:
		return bit_off / 8 + 8;
	default:
		return 0;	/* aggregates bound their members themselves */
	}
}

static int render(const struct btf *btf, __u32 id, const void *data, size_t avail,
		  unsigned bit_off, unsigned bit_size, enum render_style style,
		  struct strbuf *sb, int depth)
{
	const struct btf_type *t;
	__s32 rid = btf__resolve_type(btf, id);

	if (rid < 0 || depth > 32) {
		strbuf_puts(sb, "null");
		return 0;
	}
	if (sb->len > RENDER_MAX) {
		/* a crafted object's types can fan out without end */
		strbuf_puts(sb, "null");
		return 0;
	}
	t = btf__type_by_id(btf, rid);
	/* a short record (or a damaged type) shows null, never a read past it */
	if (t && bytes_needed(t, bit_off, bit_size) > avail) {
		strbuf_puts(sb, "null");
		return 0;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return render_int(t, data, bit_off, bit_size, sb, style);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: {
		unsigned long long v = load_uint(data, t->size);

		if (btf_kflag(t))
			strbuf_printf(sb, "%lld", sign_extend(v, t->size * 8));
		else
			strbuf_printf(sb, "%llu", v);
		return 0;
	}
	case BTF_KIND_PTR:
		strbuf_printf(sb, style == RENDER_JSON ? "%llu" : "0x%llx", load_uint(data, 8));
		return 0;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);
		__s64 esz = btf__resolve_size(btf, a->type);

		if (esz <= 0)
			break;
		if (is_char_type(btf, a->type)) {
			size_t n = a->nelems < avail ? a->nelems : avail;

			if (style == RENDER_JSON)
				json_escape(sb, data, strnlen(data, n));
			else
				text_escape(sb, data, n);
			return 0;
		}
		strbuf_puts(sb, "[");
		for (__u32 i = 0; i < a->nelems && (i + 1) * (size_t)esz <= avail; i++) {
			if (i)
				strbuf_puts(sb, style == RENDER_JSON ? "," : " ");
			render(btf, a->type, (const char *)data + i * esz, esz, 0, 0, style, sb,
			       depth + 1);
		}
		strbuf_puts(sb, "]");
		return 0;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		bool first = true;

		strbuf_puts(sb, "{");
		render_members(btf, t, data, avail, style, sb, depth, &first);
		strbuf_puts(sb, "}");
		return 0;
	}
	case BTF_KIND_FLOAT:
		if (t->size == 8)
		{
			double d;

			memcpy(&d, data, sizeof(d));
			strbuf_printf(sb, "%g", d);
		}
		else if (t->size == 4)
		{
			float f;

			memcpy(&f, data, sizeof(f));
			strbuf_printf(sb, "%g", f);
		}
		else
			break;
		return 0;
	default:
		break;
	}
	strbuf_puts(sb, "null");
	return 0;
}

int btf_render(const struct btf *btf, __u32 id, const void *data, size_t size,
	       enum render_style style, struct strbuf *sb)
{
	const struct btf_type *t;
	__s32 rid;

	render_visits = 0;
	if (!btf || !id) {
		/* no type: the raw bytes, as hex */
		strbuf_puts(sb, style == RENDER_JSON ? "\"" : "");
		for (size_t i = 0; i < size; i++)
			strbuf_printf(sb, "%02x", ((const unsigned char *)data)[i]);
		strbuf_puts(sb, style == RENDER_JSON ? "\"" : "");
		return 0;
	}
	rid = btf__resolve_type(btf, id);
	t = rid < 0 ? NULL : btf__type_by_id(btf, rid);
	if (style == RENDER_TEXT && t && (btf_is_struct(t) || btf_is_union(t))) {
		/* top-level records print as field=value pairs */
		bool first = true;

		return render_members(btf, t, data, size, style, sb, 0, &first);
	}
	return render(btf, id, data, size, 0, 0, style, sb, 0);
}
