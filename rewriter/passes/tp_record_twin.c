// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A TRACEPOINT_PROBE also as tp_btf: SEC("tp_btf/EV") NAME__tp_btf, the
 * same body reading the same record fields, which the twin fills from the
 * tracepoint's own arguments.
 *
 * Why: a tracepoint program runs after the kernel has written the event's
 * record (perf_trace_EV: a per-CPU buffer, every field, then the program);
 * tp_btf runs on the arguments as the tracepoint gets them. In the 6.1
 * guest under icount a ten-instruction program on raw_syscalls:sys_exit
 * costs 342 instructions a syscall in all as a tracepoint, 138 as tp_btf.
 *
 * Only where each field the body reads is known to be an argument as
 * TP_fast_assign stores it (the table below, checked against the kernel's
 * source for every kernel the project runs on), and the body uses its
 * context only as ARGS->FIELD: the twin's ARGS points to a local holding
 * those fields, which clang keeps in registers. The tracepoint form stays
 * the primary (no kernel BTF, a refused twin); the runtime prefers the twin
 * where the kernel's BTF has the tracepoint with enough arguments
 * (decl tag "bcc2core:args_read=N"), as for raw tracepoints. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "../internal.h"

#define CTX "__bcc2core_ctx"

/* how an argument must look in the build kernel's BTF */
enum arg_kind { ARG_INT32, ARG_INT64, ARG_PT_REGS };

struct record_field {
	const char *name;
	const char *value;	/* C over CTX, the tracepoint's arguments */
	int args_read;		/* the highest argument it reads, + 1 */
	bool x86_regs;		/* reads struct pt_regs' orig_ax: x86 only */
};

struct record_event {
	const char *category, *event;
	enum arg_kind args[2];
	int nargs;
	struct record_field fields[2];
};

/* TP_fast_assign, field by field. raw_syscalls' id on exit is
 * syscall_get_nr(current, regs): x86's is (int)regs->orig_ax. */
static const struct record_event events[] = {
	{ "irq", "softirq_entry", { ARG_INT32 }, 1,
	  { { "vec", "(unsigned int)" CTX "[0]", 1, false } } },
	{ "irq", "softirq_exit", { ARG_INT32 }, 1,
	  { { "vec", "(unsigned int)" CTX "[0]", 1, false } } },
	{ "irq", "softirq_raise", { ARG_INT32 }, 1,
	  { { "vec", "(unsigned int)" CTX "[0]", 1, false } } },
	{ "raw_syscalls", "sys_enter", { ARG_PT_REGS, ARG_INT64 }, 2,
	  { { "id", "(long)" CTX "[1]", 2, false } } },
	{ "raw_syscalls", "sys_exit", { ARG_PT_REGS, ARG_INT64 }, 2,
	  { { "id", "(long)(int)((struct pt_regs *)" CTX "[0])->orig_ax", 1, true },
	    { "ret", "(long)" CTX "[1]", 2, false } } },
};

static const struct record_event *find_event(const struct tp_format *tp)
{
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (!strcmp(events[i].category, tp->category) && !strcmp(events[i].event, tp->event))
			return &events[i];
	return NULL;
}

static int field_index(const struct record_event *ev, const char *name)
{
	for (int i = 0; i < (int)(sizeof(ev->fields) / sizeof(ev->fields[0])); i++)
		if (ev->fields[i].name && !strcmp(ev->fields[i].name, name))
			return i;
	return -1;
}

struct record_use {
	CXCursor param;
	const struct record_event *ev;
	size_t refs;		/* every reference to the parameter */
	size_t fields;		/* ... as PARAM->F, F in the table */
	unsigned used;		/* bit i: fields[i] */
};

static enum CXChildVisitResult visit_use(CXCursor c, CXCursor parent, CXClientData data)
{
	struct record_use *u = data;
	unsigned n;
	CXCursor *ch, base;
	char *name;
	int i;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
	    same_decl(clang_getCursorReferenced(c), u->param)) {
		u->refs++;
		return CXChildVisit_Continue;
	}
	if (clang_getCursorKind(c) != CXCursor_MemberRefExpr)
		return CXChildVisit_Recurse;
	ch = cursor_children(c, &n);
	base = n == 1 ? strip_expr(ch[0]) : clang_getNullCursor();
	free(ch);
	if (clang_getCursorKind(base) != CXCursor_DeclRefExpr ||
	    !same_decl(clang_getCursorReferenced(base), u->param))
		return CXChildVisit_Recurse;
	name = cursor_spelling(c);
	i = name ? field_index(u->ev, name) : -1;
	free(name);
	if (i >= 0 && clang_getCanonicalType(clang_getCursorType(c)).kind != CXType_ConstantArray) {
		u->fields++;
		u->used |= 1u << i;
	}
	return CXChildVisit_Recurse;
}

/* BTF type @id, through modifiers and typedefs */
static const struct btf_type *resolved(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(btf, t->type);
	return t;
}

static bool arg_is(const struct btf *btf, __u32 id, enum arg_kind kind)
{
	const struct btf_type *t = resolved(btf, id);

	switch (kind) {
	case ARG_INT32:
		return t && btf_is_int(t) && t->size == 4;
	case ARG_INT64:
		return t && btf_is_int(t) && t->size == 8;
	case ARG_PT_REGS:
		return btf_points_to_record(btf, id, true, "pt_regs");
	}
	return false;
}

/* struct pt_regs has orig_ax (x86) in the build kernel's BTF */
static bool x86_regs(const struct btf *btf)
{
	__s32 id = btf__find_by_name_kind(btf, "pt_regs", BTF_KIND_STRUCT);
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	const struct btf_member *m = t ? btf_members(t) : NULL;

	for (int i = 0; t && i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, m[i].name_off), "orig_ax"))
			return true;
	return false;
}

/* Does tracepoint program @p get a tp_btf form? Asked before the walk
 * (pass_twins__plan()): sets p->tp_record_twin, p->tp_record_used and
 * p->tp_btf_args_read. */
void pass_twins__tp_record_plan(struct rw_ctx *ctx, struct rw_prog *p)
{
	const struct record_event *ev = p->tp ? find_event(p->tp) : NULL;
	struct record_use u = { .ev = ev };
	struct btf *btf = rw_kernel_btf(ctx);
	const struct btf_type *proto;
	CXCursor body;
	int reads = 0;

	p->tp_record_twin = false;
	p->tp_record_used = 0;
	if (!ev || !p->tp->raw_struct || p->tp->other_struct || p->also_cnt ||
	    ctx->rw->probe_read_ctx || clang_Cursor_getNumArguments(p->fn) != 1)
		return;
	body = function_body(p->fn);
	if (clang_Cursor_isNull(body))
		return;
	u.param = clang_Cursor_getArgument(p->fn, 0);
	clang_visitChildren(body, visit_use, &u);
	if (u.refs != u.fields) {
		pr_debug("%s: no tp_btf form (its record used other than as ARGS->FIELD of %s)\n",
			 p->name, p->tp->event);
		return;
	}
	proto = pass_twins__tp_proto(btf, ev->event);
	if (!proto || btf_vlen(proto) - 1 < ev->nargs) {
		pr_debug("%s: no tp_btf form (%s's arguments are not in the build kernel's BTF)\n",
			 p->name, ev->event);
		return;
	}
	for (int i = 0; i < ev->nargs; i++)
		if (!arg_is(btf, btf_params(proto)[i + 1].type, ev->args[i])) {
			pr_debug("%s: no tp_btf form (%s's argument %d has another type here)\n",
				 p->name, ev->event, i);
			return;
		}
	for (int i = 0; i < (int)(sizeof(ev->fields) / sizeof(ev->fields[0])); i++) {
		if (!(u.used & (1u << i)))
			continue;
		if (ev->fields[i].x86_regs && !x86_regs(btf)) {
			pr_debug("%s: no tp_btf form (%s's %s is read from x86's registers)\n",
				 p->name, ev->event, ev->fields[i].name);
			return;
		}
		if (rw_ctx_field_moved(ctx->rw, p->tp->raw_struct, ev->fields[i].name))
			return;	/* read by BPF_CORE_READ: not of a local */
		if (ev->fields[i].args_read > reads)
			reads = ev->fields[i].args_read;
	}
	p->tp_record_twin = true;
	p->tp_record_used = u.used;
	p->tp_btf_args_read = reads;
}

/* After the tracepoint program: its tp_btf form, the converted body in a
 * block after the local record it reads. */
int pass_twins__tp_record(struct rw_ctx *ctx, struct rw_prog *p)
{
	const struct record_event *ev = p->tp ? find_event(p->tp) : NULL;
	struct strbuf text = {};
	char *body = NULL, *pname = NULL, nread[16];
	size_t fe;
	int err;

	if (!p->tp_record_twin || !ev)
		return 0;
	err = pass_twins__tp_btf_parts(ctx, p, &fe, &body, &pname);
	if (err <= 0)
		goto out;
	snprintf(nread, sizeof(nread), "%d", p->tp_btf_args_read);
	strbuf_printf(&text, "\n\nSEC(\"tp_btf/%s\")", ev->event);
	strbuf_tag_attr(&text, BCC2CORE_TAG_ARGS_READ, nread);
	strbuf_printf(&text, "\nint %s%s(unsigned long long *" CTX ")\n{\n", p->name,
		      bcc2core_form__suffix(BCC2CORE_FORM_TP_BTF));
	if (!p->tp_record_used) {
		strbuf_printf(&text, "%s\n}", body);	/* it reads no field */
		goto emit;
	}
	strbuf_printf(&text, "\t/* the fields of %s's record it reads, as the kernel writes "
		      "them */\n\tstruct {\n", p->tp->event);
	for (int i = 0; i < (int)(sizeof(ev->fields) / sizeof(ev->fields[0])); i++)
		if (p->tp_record_used & (1u << i))
			strbuf_printf(&text, "\t\t__typeof__(((struct %s *)0)->%s) %s;\n",
				      p->tp->raw_struct, ev->fields[i].name, ev->fields[i].name);
	strbuf_puts(&text, "\t} __bcc2core_record = {\n");
	for (int i = 0; i < (int)(sizeof(ev->fields) / sizeof(ev->fields[0])); i++)
		if (p->tp_record_used & (1u << i))
			strbuf_printf(&text, "\t\t.%s = %s,\n", ev->fields[i].name,
				      ev->fields[i].value);
	strbuf_printf(&text, "\t}, *%s = &__bcc2core_record;\n\n%s\n}", pname, body);
emit:
	err = text.buf ? rw_edit(ctx, fe, fe, text.buf) : -ENOMEM;
out:
	strbuf_free(&text);
	free(pname);
	free(body);
	return err;
}
