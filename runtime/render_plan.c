// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* btf_render() of one record type, worked out once: the BTF walk, the
 * field names and the punctuation become a list of steps (literal text,
 * then a value at a fixed offset), so printing a record of a buffer only
 * loads and formats its values. Same output as btf_render() byte for byte
 * (test: unit/render_plan); a record shorter than the type, or a type the
 * plan does not cover, goes through btf_render(). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum step_kind {
	STEP_TEXT,	/* plan->text[off, off + n) */
	STEP_UINT, STEP_SINT, STEP_BOOL,	/* an integer of size bytes at off */
	STEP_BITS,	/* a bitfield: bits at bit offset off; sign, boolean */
	STEP_INT128,	/* two u64 halves */
	STEP_PTR,
	STEP_CHARS,	/* a char array of n bytes: a string up to NUL */
};

struct step {
	__u8 kind;
	__u8 size;	/* bytes of an integer */
	__u8 bits;	/* value bits: sign extension, bitfield width */
	__u8 flags;	/* STEP_BITS: 1 signed, 2 bool */
	__u32 off;	/* byte offset (bit offset for STEP_BITS) */
	__u32 n;	/* STEP_TEXT, STEP_CHARS: length */
};

struct render_plan {
	enum render_style style;
	size_t need;	/* record bytes the steps read */
	struct step *steps;
	size_t cnt, cap;
	struct strbuf text;
	bool failed;	/* a type it does not cover, or too big */
};

/* a record type rendered by more steps than this, or bigger, goes through
 * btf_render() (which bounds its output) */
#define PLAN_MAX_STEPS 4096
#define PLAN_MAX_BYTES 65536

static void add_step(struct render_plan *p, struct step s)
{
	if (p->failed)
		return;
	if (p->cnt == PLAN_MAX_STEPS) {
		p->failed = true;
		return;
	}
	if (p->cnt == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		struct step *n = realloc(p->steps, cap * sizeof(*n));

		if (!n) {
			p->failed = true;
			return;
		}
		p->steps = n;
		p->cap = cap;
	}
	p->steps[p->cnt++] = s;
}

/* literal text, joined to the text step before it */
static void add_text(struct render_plan *p, const char *s, size_t n)
{
	struct step *last = p->cnt ? &p->steps[p->cnt - 1] : NULL;

	if (p->failed || !n)
		return;
	if (last && last->kind == STEP_TEXT && last->off + last->n == p->text.len) {
		last->n += n;
	} else {
		add_step(p, (struct step){ .kind = STEP_TEXT, .off = p->text.len, .n = n });
	}
	if (strbuf_append(&p->text, s, n))
		p->failed = true;
}

static void need(struct render_plan *p, size_t end)
{
	if (end > p->need)
		p->need = end;
}

static void plan_value(struct render_plan *p, const struct btf *btf, __u32 id, size_t off,
		       unsigned bit_off, unsigned bit_size, int depth);

/* btf_render()'s render_members() */
static void plan_members(struct render_plan *p, const struct btf *btf, const struct btf_type *t,
			 size_t off, int depth, bool *first)
{
	const struct btf_member *m = btf_members(t);
	bool json = p->style == RENDER_JSON;

	for (int i = 0; i < btf_vlen(t) && !p->failed; i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);
		__u32 boff = btf_member_bit_offset(t, i), bsz = btf_member_bitfield_size(t, i);
		const struct btf_type *mt = btf__type_by_id(btf, btf__resolve_type(btf, m->type));

		if (!name)
			name = "";
		if (boff / 8 >= t->size) {
			/* a member at the end (char data[]): btf_render() shows
			 * it or not by the record's size */
			p->failed = true;
			return;
		}
		if (!*name && mt && (btf_is_struct(mt) || btf_is_union(mt))) {
			if (depth < 32)
				plan_members(p, btf, mt, off + boff / 8, depth + 1, first);
			continue;
		}
		if (!*first)
			add_text(p, json ? "," : " ", 1);
		*first = false;
		if (json) {
			struct strbuf q = {};

			json_escape(&q, name, strlen(name));
			add_text(p, q.buf, q.len);
			add_text(p, ":", 1);
			strbuf_free(&q);
		} else {
			add_text(p, name, strlen(name));
			add_text(p, "=", 1);
		}
		if (bsz)
			plan_value(p, btf, m->type, off, boff, bsz, depth + 1);
		else
			plan_value(p, btf, m->type, off + boff / 8, 0, 0, depth + 1);
	}
}

/* btf_render()'s render(), for a value at byte @off of the record (a
 * bitfield: at bit @bit_off from there, @bit_size wide) */
static void plan_value(struct render_plan *p, const struct btf *btf, __u32 id, size_t off,
		       unsigned bit_off, unsigned bit_size, int depth)
{
	__s32 rid = btf__resolve_type(btf, id);
	const struct btf_type *t = rid < 0 ? NULL : btf__type_by_id(btf, rid);
	bool json = p->style == RENDER_JSON;

	if (!t || depth > 32) {
		p->failed = true;	/* "null" where the walk stops: btf_render() says it */
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_INT: {
		unsigned enc = btf_int_encoding(t);

		if (t->size > 8) {
			add_step(p, (struct step){ .kind = STEP_INT128, .off = off + bit_off / 8 });
			need(p, off + bit_off / 8 + 16);
		} else if (bit_size) {
			size_t bytes = (bit_off % 8 + bit_size + 7) / 8;

			add_step(p, (struct step){ .kind = STEP_BITS, .bits = bit_size,
						   .off = off * 8 + bit_off,
						   .flags = (enc & BTF_INT_SIGNED ? 1 : 0) |
							    (enc & BTF_INT_BOOL ? 2 : 0) });
			need(p, off + bit_off / 8 + (bytes > 8 ? 8 : bytes));
		} else if (t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8) {
			add_step(p, (struct step){
				.kind = enc & BTF_INT_BOOL ? STEP_BOOL :
					enc & BTF_INT_SIGNED ? STEP_SINT : STEP_UINT,
				.size = t->size, .bits = btf_int_bits(t), .off = off });
			need(p, off + t->size);
		} else {
			p->failed = true;
		}
		return;
	}
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8) {
			p->failed = true;
			return;
		}
		add_step(p, (struct step){ .kind = btf_kflag(t) ? STEP_SINT : STEP_UINT,
					   .size = t->size, .bits = t->size * 8, .off = off });
		need(p, off + t->size);
		return;
	case BTF_KIND_PTR:
		add_step(p, (struct step){ .kind = STEP_PTR, .size = 8, .off = off });
		need(p, off + 8);
		return;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);
		__s64 esz = btf__resolve_size(btf, a->type);

		if (esz <= 0) {
			p->failed = true;
			return;
		}
		if (is_char_type(btf, a->type)) {
			add_step(p, (struct step){ .kind = STEP_CHARS, .off = off, .n = a->nelems });
			need(p, off + a->nelems);
			return;
		}
		add_text(p, "[", 1);
		for (__u32 i = 0; i < a->nelems && !p->failed; i++) {
			if (i)
				add_text(p, json ? "," : " ", 1);
			plan_value(p, btf, a->type, off + i * esz, 0, 0, depth + 1);
		}
		add_text(p, "]", 1);
		need(p, off + a->nelems * esz);
		return;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		bool first = true;

		add_text(p, "{", 1);
		plan_members(p, btf, t, off, depth, &first);
		add_text(p, "}", 1);
		need(p, off + t->size);	/* the members stop where the record does */
		return;
	}
	default:	/* floats and the rest: btf_render() */
		p->failed = true;
		return;
	}
}

struct render_plan *render_plan__new(const struct btf *btf, __u32 id, enum render_style style)
{
	struct render_plan *p = calloc(1, sizeof(*p));
	__s32 rid = btf && id ? btf__resolve_type(btf, id) : -1;
	const struct btf_type *t = rid < 0 ? NULL : btf__type_by_id(btf, rid);

	if (!p)
		return NULL;
	p->style = style;
	if (!t) {
		p->failed = true;
	} else if (style == RENDER_TEXT && (btf_is_struct(t) || btf_is_union(t))) {
		bool first = true;

		plan_members(p, btf, t, 0, 0, &first);
		need(p, t->size);
	} else {
		plan_value(p, btf, id, 0, 0, 0, 0);
	}
	if (p->need > PLAN_MAX_BYTES)
		p->failed = true;
	return p;
}

void render_plan__free(struct render_plan *p)
{
	if (!p)
		return;
	free(p->steps);
	strbuf_free(&p->text);
	free(p);
}

int render_plan__run(const struct render_plan *p, const void *data, size_t size,
		     struct strbuf *sb)
{
	const char *d = data;
	bool json = p->style == RENDER_JSON;

	if (p->failed || size < p->need)
		return -ENOENT;
	for (size_t i = 0; i < p->cnt; i++) {
		const struct step *s = &p->steps[i];

		switch (s->kind) {
		case STEP_TEXT:
			strbuf_append(sb, p->text.buf + s->off, s->n);
			break;
		case STEP_UINT:
			strbuf_u64(sb, load_uint(d + s->off, s->size));
			break;
		case STEP_SINT:
			strbuf_s64(sb, sign_extend(load_uint(d + s->off, s->size), s->bits));
			break;
		case STEP_BOOL:
			strbuf_puts(sb, load_uint(d + s->off, s->size) ? "true" : "false");
			break;
		case STEP_BITS: {
			unsigned long long word = 0, v;
			size_t bytes = (s->off % 8 + s->bits + 7) / 8;

			memcpy(&word, d + s->off / 8, bytes > 8 ? 8 : bytes);
			v = (word >> (s->off % 8)) & (s->bits >= 64 ? ~0ULL : (1ULL << s->bits) - 1);
			if (s->flags & 2)
				strbuf_puts(sb, v ? "true" : "false");
			else if (s->flags & 1)
				strbuf_s64(sb, sign_extend(v, s->bits));
			else
				strbuf_u64(sb, v);
			break;
		}
		case STEP_INT128: {
			__u64 q[2];

			memcpy(q, d + s->off, sizeof(q));
			strbuf_append(sb, "[", 1);
			strbuf_u64(sb, q[0]);
			strbuf_append(sb, json ? "," : " ", 1);
			strbuf_u64(sb, q[1]);
			strbuf_append(sb, "]", 1);
			break;
		}
		case STEP_PTR:
			if (json)
				strbuf_u64(sb, load_uint(d + s->off, 8));
			else
				strbuf_printf(sb, "0x%llx", load_uint(d + s->off, 8));
			break;
		case STEP_CHARS:
			if (json)
				json_escape(sb, d + s->off, strnlen(d + s->off, s->n));
			else
				text_escape(sb, d + s->off, s->n);
			break;
		}
	}
	return 0;
}
