// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A raw tracepoint program also as tp_btf: SEC("tp_btf/EV") NAME__tp_btf,
 * the same body on the same context (both are the tracepoint's arguments
 * as an array of u64).
 *
 * The raw_tp form keeps NAME and stays the primary: it is what the source
 * declared, every kernel since 4.17 loads it, and it needs no kernel BTF.
 * The runtime still prefers the tp_btf twin where the kernel's BTF has the
 * tracepoint (as libbpf-tools do), falling back to raw_tp otherwise.
 *
 * The two differ at the edges: tp_btf refuses at load a read past the
 * tracepoint's argument count (raw_tp refuses it at attach), and types
 * pointer arguments by BTF. So a twin is emitted only when every use of ctx
 * is ctx->args[CONSTANT] or ctx handed to a call (followed into the
 * program's own helpers) and the body computes with no pointer
 * (ptr_math.c); the highest argument read is recorded in a decl tag
 * "bcc2core:args_read=N" for the runtime to check against the running
 * kernel's tracepoint. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "../internal.h"
#include "tp_args.h"

#define MAX_HELPER_DEPTH 8

struct args_use {
	struct rw_ctx *ctx;
	CXCursor param;
	size_t refs;		/* every reference to param */
	size_t understood;	/* ... as ctx->args[CONST] or as a call argument */
	int args_read;		/* highest index read + 1 */
	unsigned long long as_integer;	/* indices read other than as (T *)ctx->args[i] */
	CXCursor pointer_reads[16];	/* the subscripts under a pointer cast */
	size_t pointer_read_cnt;
	int depth;
	bool unbounded;		/* an index or a helper the analysis cannot follow */
};

static void scan_args_use(CXCursor body, struct args_use *u);

static bool refers_to(CXCursor c, CXCursor param)
{
	c = strip_expr(c);
	return clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
	       same_decl(clang_getCursorReferenced(c), param);
}

/* ctx->args[i]: the constant i, or -1 if this is not such a read */
static long long args_index(CXCursor subscript, CXCursor param, bool *constant)
{
	unsigned n, m;
	CXCursor *ch = cursor_children(subscript, &n), base, *bch;
	long long idx = -1;
	char *field;

	*constant = false;
	if (n != 2) {
		free(ch);
		return -1;
	}
	base = strip_expr(ch[0]);
	if (clang_getCursorKind(base) != CXCursor_MemberRefExpr) {
		free(ch);
		return -1;
	}
	field = cursor_spelling(base);
	bch = cursor_children(base, &m);
	if (!strcmp(field, "args") && m == 1 && refers_to(bch[0], param)) {
		idx = 0;
		if (cursor_int_constant(ch[1], &idx))
			*constant = idx >= 0;
	}
	free(field);
	free(bch);
	free(ch);
	return idx;
}

/* ctx handed to one of the program's own functions: what that reads */
static void follow_helper(struct args_use *u, CXCursor call, int arg)
{
	CXCursor def = clang_getCursorDefinition(clang_getCursorReferenced(call)), prm, body;
	struct args_use inner = { .ctx = u->ctx, .args_read = 0, .depth = u->depth + 1 };
	unsigned n;
	CXCursor *ch;

	if (clang_Cursor_isNull(def) || clang_getCursorKind(def) != CXCursor_FunctionDecl ||
	    !cursor_in_main_file(u->ctx, def))
		return;	/* a BPF helper or a map method: it takes ctx as a context */
	if (u->depth >= MAX_HELPER_DEPTH || arg >= clang_Cursor_getNumArguments(def)) {
		u->unbounded = true;
		return;
	}
	prm = clang_Cursor_getArgument(def, arg);
	ch = cursor_children(def, &n);
	body = n ? ch[n - 1] : clang_getNullCursor();
	free(ch);
	if (clang_getCursorKind(body) != CXCursor_CompoundStmt) {
		u->unbounded = true;
		return;
	}
	inner.param = prm;
	scan_args_use(body, &inner);
	if (inner.unbounded || inner.refs != inner.understood)
		u->unbounded = true;
	if (inner.args_read > u->args_read)
		u->args_read = inner.args_read;
	u->as_integer |= inner.as_integer;
}

/* (T *)ctx->args[i]: remember the read, it is used as a pointer */
static void note_pointer_cast(struct args_use *u, CXCursor cast)
{
	unsigned n;
	CXCursor *ch, inner;

	if (clang_getCanonicalType(clang_getCursorType(cast)).kind != CXType_Pointer)
		return;
	ch = cursor_children(cast, &n);
	inner = n ? strip_expr(ch[n - 1]) : clang_getNullCursor();
	free(ch);
	if (clang_getCursorKind(inner) == CXCursor_ArraySubscriptExpr &&
	    u->pointer_read_cnt < sizeof(u->pointer_reads) / sizeof(u->pointer_reads[0]))
		u->pointer_reads[u->pointer_read_cnt++] = inner;
}

static bool read_as_pointer(struct args_use *u, CXCursor subscript)
{
	for (size_t i = 0; i < u->pointer_read_cnt; i++)
		if (clang_equalRanges(clang_getCursorExtent(u->pointer_reads[i]),
				      clang_getCursorExtent(subscript)))
			return true;
	return false;
}

static enum CXChildVisitResult visit_use(CXCursor c, CXCursor parent, CXClientData data)
{
	struct args_use *u = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	bool constant;

	(void)parent;
	if (k == CXCursor_DeclRefExpr && same_decl(clang_getCursorReferenced(c), u->param)) {
		u->refs++;
	} else if (k == CXCursor_CStyleCastExpr) {
		note_pointer_cast(u, c);	/* pre-order: before the subscript below it */
	} else if (k == CXCursor_ArraySubscriptExpr) {
		long long idx = args_index(c, u->param, &constant);

		if (idx >= 0) {
			u->understood++;
			if (!constant || idx > 63)
				u->unbounded = true;
			else if (idx + 1 > u->args_read)
				u->args_read = (int)idx + 1;
			if (constant && idx <= 63 && !read_as_pointer(u, c))
				u->as_integer |= 1ULL << idx;
		}
	} else if (k == CXCursor_CallExpr) {
		int n = clang_Cursor_getNumArguments(c);

		for (int i = 0; i < n; i++) {
			if (!refers_to(clang_Cursor_getArgument(c, i), u->param))
				continue;
			u->understood++;
			follow_helper(u, c, i);
		}
	}
	return CXChildVisit_Recurse;
}

static void scan_args_use(CXCursor body, struct args_use *u)
{
	clang_visitChildren(body, visit_use, u);
}

const struct btf_type *pass_twins__tp_proto(struct btf *btf, const char *event)
{
	return btf ? tp_args__proto(btf, event) : NULL;
}

/* The first argument read as an integer that tp_btf would type as a
 * pointer (u64 x = ctx->args[1] of a task_struct *), or -1. */
static int pointer_read_as_integer(struct btf *btf, const struct btf_type *proto,
				   unsigned long long as_integer)
{
	const struct btf_param *prm = btf_params(proto) + 1;

	for (int i = 0; i < btf_vlen(proto) - 1 && i < 64; i++) {
		__s32 id = btf__resolve_type(btf, prm[i].type);
		const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;

		if ((as_integer & (1ULL << i)) && t && btf_is_ptr(t))
			return i;
	}
	return -1;
}

/* Does raw tracepoint program @p get a tp_btf form? Asked before the walk
 * (pass_twins__plan()): sets p->tp_btf_twin and p->tp_btf_args_read. */
void pass_twins__tp_btf_plan(struct rw_ctx *ctx, struct rw_prog *p)
{
	const char *event = strchr(p->section, '/') + 1;
	struct args_use u = { .ctx = ctx };
	const char *why;
	CXCursor bodyc;
	const struct btf_type *proto;
	int arg;

	p->tp_btf_twin = false;
	if (p->also_cnt)
		return;	/* a tp_btf program is bound to one tracepoint at load */
	if (clang_Cursor_getNumArguments(p->fn) != 1)
		return;
	bodyc = function_body(p->fn);
	if (clang_Cursor_isNull(bodyc))
		return;
	u.param = clang_Cursor_getArgument(p->fn, 0);
	scan_args_use(bodyc, &u);
	if (u.unbounded || u.refs != u.understood) {
		pr_debug("%s: no tp_btf form (ctx used other than as ctx->args[CONSTANT])\n",
			 p->name);
		return;
	}
	why = pass_twins__pointer_math(ctx, bodyc);
	if (why) {
		pr_debug("%s: no tp_btf form (%s: tp_btf types pointer arguments)\n", p->name,
			 why);
		return;
	}
	proto = pass_twins__tp_proto(rw_kernel_btf(ctx), event);
	if (!proto) {
		pr_debug("%s: no tp_btf form (%s is not in the build kernel's BTF)\n", p->name,
			 event);
		return;
	}
	if (btf_vlen(proto) - 1 < u.args_read) {
		pr_debug("%s: no tp_btf form (%s has %d arguments in the build kernel's BTF, "
			 "it reads %d)\n", p->name, event, btf_vlen(proto) - 1, u.args_read);
		return;
	}
	arg = pointer_read_as_integer(rw_kernel_btf(ctx), proto, u.as_integer);
	if (arg >= 0) {
		pr_debug("%s: no tp_btf form (reads pointer argument %d as an integer: tp_btf "
			 "types it)\n", p->name, arg);
		return;
	}
	p->tp_btf_twin = true;
	p->tp_btf_args_read = u.args_read;
}

/* @e is (T *)ctx->args[I] of raw tracepoint program @p, T a struct that the
 * tracepoint's argument I points to in the build kernel's BTF too: I, or -1 */
int pass_twins__tp_btf_arg(struct rw_ctx *ctx, const struct rw_prog *p, CXCursor e)
{
	const struct btf_type *proto;
	const char *event = strchr(p->section, '/') + 1;
	struct btf *btf = rw_kernel_btf(ctx);
	CXType pointee;
	unsigned n;
	CXCursor *ch, inner;
	bool constant = false;
	long long idx;
	char *record;

	while (clang_getCursorKind(e) == CXCursor_UnexposedExpr ||
	       clang_getCursorKind(e) == CXCursor_ParenExpr)
		e = first_child(e);
	if (clang_getCursorKind(e) != CXCursor_CStyleCastExpr)
		return -1;
	ch = cursor_children(e, &n);
	inner = n ? strip_expr(ch[n - 1]) : clang_getNullCursor();
	free(ch);
	if (clang_getCursorKind(inner) != CXCursor_ArraySubscriptExpr)
		return -1;
	idx = args_index(inner, clang_Cursor_getArgument(p->fn, 0), &constant);
	proto = pass_twins__tp_proto(btf, event);
	if (idx < 0 || !constant || !proto || idx + 1 >= btf_vlen(proto))
		return -1;
	pointee = clang_getCanonicalType(clang_getPointeeType(
		clang_getCanonicalType(clang_getCursorType(e))));
	if (pointee.kind != CXType_Record)
		return -1;
	record = cursor_spelling(clang_getTypeDeclaration(pointee));
	if (!record || !btf_points_to_record(btf, btf_params(proto)[idx + 1].type, true, record))
		idx = -1;
	free(record);
	return (int)idx;
}

int pass_twins__tp_btf(struct rw_ctx *ctx, struct rw_prog *p)
{
	const char *event = strchr(p->section, '/') + 1;
	struct strbuf text = {};
	char *body = NULL, *pname, nread[16];
	size_t fb, fe, bb, be;
	int err;

	if (!p->tp_btf_twin || !cursor_range(ctx, p->fn, &fb, &fe) ||
	    !cursor_range(ctx, function_body(p->fn), &bb, &be))
		return 0;
	body = edits__render(&ctx->edits, bb, be);
	pname = cursor_spelling(clang_Cursor_getArgument(p->fn, 0));
	if (!body || !pname) {
		err = -ENOMEM;
		goto out;
	}
	snprintf(nread, sizeof(nread), "%d", p->tp_btf_args_read);
	strbuf_puts(&text, "\n\n");
	/* its arguments are BTF-typed: the body's reads of their fields are
	 * plain loads (arg_reads.c) */
	if (p->btf_arg_reads)
		strbuf_puts(&text, "#pragma push_macro(\"BCC2CORE_TP_BTF\")\n#undef BCC2CORE_TP_BTF\n"
			    "#define BCC2CORE_TP_BTF 1\n");
	strbuf_printf(&text, "SEC(\"tp_btf/%s\")", event);
	strbuf_tag_attr(&text, BCC2CORE_TAG_ARGS_READ, nread);
	strbuf_printf(&text, "\nint %s%s(struct bpf_raw_tracepoint_args *%s)\n%s", p->name,
		      bcc2core_form__suffix(BCC2CORE_FORM_TP_BTF), *pname ? pname : "ctx", body);
	if (p->btf_arg_reads)
		strbuf_puts(&text, "\n#pragma pop_macro(\"BCC2CORE_TP_BTF\")");
	err = text.buf ? rw_edit(ctx, fe, fe, text.buf) : -ENOMEM;
out:
	strbuf_free(&text);
	free(pname);
	free(body);
	return err;
}
