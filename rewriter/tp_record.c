// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A tracepoint's record from kernel BTF alone: the struct
 * trace_event_raw_CLASS of the event's class, and its fields as the event's
 * tracefs format would list them. The build kernel's BTF (--btf) decides,
 * not the build machine's tracefs, so an object is a function of that BTF.
 *
 * BTF names classes, not events: an event is its own class, or the class
 * whose trace_event_raw_event_CLASS() takes the event's probe arguments
 * (btf_trace_EVENT). Where several classes take the same arguments and
 * their records differ, tracepoints.txt (tp_data.c) says which. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "internal.h"

#define RAW "trace_event_raw_"
/* a class's probe functions (pahole keeps one or the other at times) */
static const char *const probes[] = { "trace_event_raw_event_", "__bpf_trace_" };

/* The class @fn is a probe function of, or NULL. */
static const char *probe_class(const char *fn)
{
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		if (!strncmp(fn, probes[i], strlen(probes[i])))
			return fn + strlen(probes[i]);
	return NULL;
}

/* Has the class @cls a probe function in @btf? */
static bool has_probe(const struct btf *btf, const char *cls)
{
	char name[512];

	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", probes[i], cls);
		if (btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) > 0)
			return true;
	}
	return false;
}

static __s32 find_struct(const struct btf *btf, const char *prefix, const char *name)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s%s", prefix, name);
	return btf__find_by_name_kind(btf, buf, BTF_KIND_STRUCT);
}

/* The same type, or (@loose) the same once typedefs and modifiers are
 * skipped, pointers by what they point to. */
static bool same_type(const struct btf *btf, __u32 a, __u32 b, bool loose)
{
	__s32 ra, rb;

	if (a == b)
		return true;
	if (!loose)
		return false;
	ra = btf__resolve_type(btf, a);
	rb = btf__resolve_type(btf, b);
	if (ra < 0 || rb < 0)
		return false;
	if (ra == rb)
		return true;
	return btf_is_ptr(btf__type_by_id(btf, ra)) && btf_is_ptr(btf__type_by_id(btf, rb)) &&
	       same_type(btf, btf__type_by_id(btf, ra)->type, btf__type_by_id(btf, rb)->type, true);
}

/* Do two function prototypes take the same arguments (one BTF: same ids,
 * or @loose: same_type)? */
static bool same_args(const struct btf *btf, __u32 a, __u32 b, bool loose)
{
	const struct btf_type *ta = btf__type_by_id(btf, a), *tb = btf__type_by_id(btf, b);
	const struct btf_param *pa, *pb;

	if (!ta || !tb || !btf_is_func_proto(ta) || !btf_is_func_proto(tb) ||
	    btf_vlen(ta) != btf_vlen(tb))
		return false;
	pa = btf_params(ta);
	pb = btf_params(tb);
	for (int i = 0; i < btf_vlen(ta); i++)
		if (!same_type(btf, pa[i].type, pb[i].type, loose))
			return false;
	return true;
}

/* Same members at the same offsets with the same types? */
static bool same_record(const struct btf *btf, __u32 a, __u32 b)
{
	const struct btf_type *ta = btf__type_by_id(btf, a), *tb = btf__type_by_id(btf, b);
	const struct btf_member *ma = btf_members(ta), *mb = btf_members(tb);

	if (btf_vlen(ta) != btf_vlen(tb) || ta->size != tb->size)
		return false;
	for (int i = 0; i < btf_vlen(ta); i++)
		if (ma[i].type != mb[i].type || ma[i].offset != mb[i].offset ||
		    strcmp(btf__name_by_offset(btf, ma[i].name_off),
			   btf__name_by_offset(btf, mb[i].name_off)))
			return false;
	return true;
}

static size_t common_prefix(const char *a, const char *b)
{
	size_t n = 0;

	while (a[n] && a[n] == b[n])
		n++;
	return n;
}

/* What the classes whose probe takes prototype @want have in common. */
struct class_scan {
	__u32 best, *seen;	/* the record chosen, the records seen */
	size_t best_score, seen_cnt;
	bool differ;		/* records of the candidates differ */
};

static void scan_classes(const struct btf *btf, const struct tp_format *tp, __u32 want,
			 bool loose, struct class_scan *cs, char *cls, size_t size,
			 struct strbuf *cands)
{
	__u32 n = btf__type_cnt(btf);

	for (__u32 i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const char *c;
		__s32 rec;
		size_t score, k;
		__u32 *ns;

		if (!btf_is_func(t) || !(c = probe_class(btf__name_by_offset(btf, t->name_off))) ||
		    !same_args(btf, t->type, want, loose) || (rec = find_struct(btf, RAW, c)) <= 0)
			continue;
		for (k = 0; k < cs->seen_cnt && cs->seen[k] != (__u32)rec; k++)
			;
		if (k < cs->seen_cnt)
			continue;	/* its other probe function */
		ns = realloc(cs->seen, (cs->seen_cnt + 1) * sizeof(*ns));
		if (!ns)
			return;
		cs->seen = ns;
		cs->seen[cs->seen_cnt++] = rec;
		strbuf_printf(cands, "%s%s", cands->len ? ", " : "", c);
		if (cs->best && !same_record(btf, cs->best, rec))
			cs->differ = true;
		/* records alike: the class nearest the event's name, for the output */
		score = common_prefix(c, tp->event);
		if (!cs->best || score > cs->best_score ||
		    (score == cs->best_score && strcmp(c, cls) < 0)) {
			cs->best = rec;
			cs->best_score = score;
			snprintf(cls, size, "%s", c);
		}
	}
}

/* The event's class into @cls; 0, -ENOENT, or -EAGAIN (BTF cannot tell). */
static int find_class(struct rw_ctx *ctx, const struct btf *btf, const struct tp_format *tp,
		      char *cls, size_t size, struct strbuf *cands)
{
	struct class_scan cs = {};
	const struct btf_type *t;
	char name[512];
	__s32 id;

	if (find_struct(btf, RAW, tp->event) > 0 && has_probe(btf, tp->event)) {
		snprintf(cls, size, "%s", tp->event);
		return 0;
	}
	if (tp_data__class(ctx, tp->category, tp->event, cls, size) &&
	    find_struct(btf, RAW, cls) > 0)
		return 0;
	snprintf(name, sizeof(name), "btf_trace_%s", tp->event);
	id = btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF);
	t = id > 0 ? btf__type_by_id(btf, btf__type_by_id(btf, id)->type) : NULL;
	if (!t || !btf_is_ptr(t))
		return -ENOENT;
	/* the same argument types; failing that, the same once typedefs are
	 * skipped (an event's prototype may spell a type its class does not) */
	scan_classes(btf, tp, t->type, false, &cs, cls, size, cands);
	if (!cs.best)
		scan_classes(btf, tp, t->type, true, &cs, cls, size, cands);
	free(cs.seen);
	if (!cs.best)
		return -ENOENT;
	return cs.differ ? -EAGAIN : 0;
}

/* @id as C type text a parse of vmlinux.h understands; false if it has no
 * name there (an anonymous struct). */
static bool type_text(const struct btf *btf, __u32 id, struct strbuf *sb)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name = t ? btf__name_by_offset(btf, t->name_off) : NULL;

	if (!t)
		return false;
	switch (btf_kind(t)) {
	case BTF_KIND_INT: case BTF_KIND_FLOAT: case BTF_KIND_TYPEDEF:
		return *name && strbuf_puts(sb, name) == 0;
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		return *name && strbuf_printf(sb, "%s %s", btf_is_union(t) ||
					      (btf_is_fwd(t) && btf_kflag(t)) ? "union" :
					      btf_is_any_enum(t) ? "enum" : "struct", name) == 0;
	case BTF_KIND_CONST: case BTF_KIND_VOLATILE:
		if (btf_is_ptr(btf__type_by_id(btf, t->type)))
			return type_text(btf, t->type, sb);
		strbuf_puts(sb, btf_is_const(t) ? "const " : "volatile ");
		return type_text(btf, t->type, sb);
	case BTF_KIND_PTR: {
		size_t mark = sb->len;

		if (!t->type || !type_text(btf, t->type, sb)) {
			sb->len = mark;
			return strbuf_puts(sb, "void *") == 0;
		}
		return strbuf_puts(sb, " *") == 0;
	}
	default:
		return false;
	}
}

static bool type_signed(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, id));

	if (t && btf_is_int(t))
		return btf_int_encoding(t) & BTF_INT_SIGNED;
	return t && btf_is_any_enum(t) && btf_kflag(t);
}

static int add_member(const struct btf *btf, const struct btf_type *rec, int i,
		      struct tp_format *tp)
{
	const struct btf_member *m = btf_members(rec) + i;
	const char *name = btf__name_by_offset(btf, m->name_off);
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, m->type));
	struct tp_field *f = realloc(tp->fields, (tp->field_cnt + 1) * sizeof(*f));
	struct strbuf sb = {};
	__u32 type = m->type;

	if (!f)
		return -ENOMEM;
	tp->fields = f;
	f = &tp->fields[tp->field_cnt++];
	memset(f, 0, sizeof(*f));
	f->data_loc = !strncmp(name, "__data_loc_", 11);
	f->name = strdup(f->data_loc ? name + 11 : name);
	f->offset = btf_member_bit_offset(rec, i) / 8;
	f->size = btf__resolve_size(btf, m->type);
	f->array_len = -1;
	if (t && btf_is_array(t)) {
		f->array_len = btf_array(t)->nelems;
		type = btf_array(t)->type;
	}
	f->is_signed = type_signed(btf, type);
	if (!type_text(btf, type, &sb)) {
		/* no name to give it: BCC's struct then has bytes of its size */
		sb.len = 0;
		strbuf_puts(&sb, "char");
		if (f->array_len >= 0)
			f->array_len = -2;
	}
	f->type = strbuf_detach(&sb);
	return f->name && f->type ? 0 : -ENOMEM;
}

int tp_record__from_btf(struct rw_ctx *ctx, struct tp_format *tp)
{
	struct btf *btf = rw_kernel_btf(ctx);
	struct strbuf cands = {};
	const struct btf_type *rec;
	char cls[256] = "";
	int err;

	if (!btf) {
		err = ctx->rw->btf_err ?: -ENOENT;
		bcc2core_print(BCC2CORE_WARN, "%s: error: cannot read kernel BTF %s: %s\n"
			       "  hint: pass --btf FILE with the BTF of the kernel to build for\n",
			       ctx->path, ctx->rw->btf_path, strerror(-err));
		return err;
	}
	err = find_class(ctx, btf, tp, cls, sizeof(cls), &cands);
	if (err) {
		bcc2core_print(BCC2CORE_WARN, "%s: error: tracepoint %s:%s: %s\n  hint: %s\n",
			       ctx->path, tp->category, tp->event,
			       err == -ENOENT ? "not in the kernel BTF (no trace_event_raw_* record "
			       "takes its arguments)" : "the kernel BTF does not say which record "
			       "it has", err == -ENOENT ? "check the name, or pass --btf FILE with "
			       "the BTF of a kernel that has it" : "pass --tracefs DIR with the "
			       "kernel's tracefs (its events/ directory), which names the fields");
		if (err == -EAGAIN && cands.len)
			bcc2core_print(BCC2CORE_WARN, "  (one of trace_event_raw_{%s})\n", cands.buf);
		free(cands.buf);
		return -ENOENT;
	}
	free(cands.buf);
	rec = btf__type_by_id(btf, find_struct(btf, RAW, cls));
	for (int i = 0; i < btf_vlen(rec) && !err; i++) {
		const char *name = btf__name_by_offset(btf, btf_members(rec)[i].name_off);

		if (strcmp(name, "ent") && strcmp(name, "__data"))
			err = add_member(btf, rec, i, tp);
	}
	if (!err && asprintf(&tp->raw_struct, RAW "%s", cls) < 0) {
		tp->raw_struct = NULL;
		err = -ENOMEM;
	}
	return err;
}
