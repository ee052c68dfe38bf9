// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A probe read the program spells itself,
 *	bpf_probe_read_kernel(&v, sizeof(v), &p->field);
 * where p is an argument a BTF-typed form (tp_btf, fentry, fexit) reads with
 * plain loads (kernel_reads.c's direct_arg_read()): in that form the call
 * becomes v = p->field, one load the verifier checks and the JIT inlines,
 * instead of a helper call. The other forms keep the call; the flag is a
 * constant in each, so constant folding leaves one of the two:
 *	(FLAG ? (void)(v = p->field) : (void)bpf_probe_read_kernel(...));
 * Only where the two do the same: the call's value unused, v a local
 * integer of the field's size, and that size the one the call copies.
 */
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

/* bpf_probe_read_kernel() or bpf_probe_read(), spelled in the source (not
 * a macro's body: its text is the macro's invocation) */
static bool is_probe_read(struct rw_ctx *ctx, CXCursor call)
{
	char *name = cursor_spelling(call);
	bool yes = name && (!strcmp(name, "bpf_probe_read_kernel") ||
			    !strcmp(name, "bpf_probe_read")) &&
		   call_spelled_as(ctx, call, name);

	free(name);
	return yes;
}

bool probe_read_load__call(struct rw_ctx *ctx, const struct walk_frame *f, CXCursor *call,
			   char **dst)
{
	const struct walk_frame *amp = walk_real_parent(f), *up;
	CXCursor src, d;
	long long want, size;
	size_t ab, ae, sb, se, cb, ce, db, de;

	*dst = NULL;
	if (!amp || clang_getCursorKind(amp->cursor) != CXCursor_UnaryOperator ||
	    !unary_operator_is(ctx, amp->cursor, "&"))
		return false;
	for (up = walk_real_parent(amp); up &&
	     clang_getCursorKind(up->cursor) == CXCursor_CStyleCastExpr;)
		up = walk_real_parent(up);
	if (!up || clang_getCursorKind(up->cursor) != CXCursor_CallExpr ||
	    clang_Cursor_getNumArguments(up->cursor) != 3 || !is_probe_read(ctx, up->cursor))
		return false;
	if (!cursor_range(ctx, up->cursor, &cb, &ce))
		return false;
	/* its value unused: a statement of its own */
	if (!walk_real_parent(up) ||
	    clang_getCursorKind(walk_real_parent(up)->cursor) != CXCursor_CompoundStmt)
		return false;
	/* &p->field is the source, the third argument */
	src = clang_Cursor_getArgument(up->cursor, 2);
	if (!cursor_range(ctx, src, &sb, &se) || !cursor_range(ctx, amp->cursor, &ab, &ae) ||
	    ab < sb || ae > se || ctx->src[ab] != '&')
		return false;
	/* the destination: &v, v a local integer of the field's size */
	d = strip_expr(clang_Cursor_getArgument(up->cursor, 0));
	if (clang_getCursorKind(d) != CXCursor_UnaryOperator || !unary_operator_is(ctx, d, "&") ||
	    !cursor_range(ctx, d, &db, &de) || db < cb || de > ce || ctx->src[db] != '&')
		return false;
	d = first_child(d);
	while (clang_getCursorKind(d) == CXCursor_ParenExpr)
		d = first_child(d);
	want = clang_Type_getSizeOf(clang_getCursorType(f->cursor));
	if (!expr_is_local_lvalue(ctx, d) || !type_is_integer(clang_getCursorType(d)) ||
	    clang_Type_getSizeOf(clang_getCursorType(d)) != want || want <= 0)
		return false;
	/* the bytes as they are: an assignment to a bool would make 2 a 1 */
	if (clang_getCanonicalType(clang_getCursorType(d)).kind == CXType_Bool &&
	    clang_getCanonicalType(clang_getCursorType(f->cursor)).kind != CXType_Bool)
		return false;
	/* and the size it copies: that one too */
	if (!cursor_int_constant(clang_Cursor_getArgument(up->cursor, 1), &size) || size != want)
		return false;
	*dst = cursor_text(ctx, d);
	*call = up->cursor;
	return *dst != NULL;
}

int probe_read_load__wrap(struct rw_ctx *ctx, CXCursor call, const char *flag, const char *dst,
			  const char *load)
{
	struct strbuf head = {};
	size_t b, e;
	int err;

	if (!cursor_range(ctx, call, &b, &e))
		return 0;
	strbuf_printf(&head, "(%s ? (void)(%s = %s) : (void)", flag, dst, load);
	err = rw_edit(ctx, b, b, head.buf);
	if (!err)
		err = rw_edit(ctx, e, e, ")");
	strbuf_free(&head);
	return err;
}
