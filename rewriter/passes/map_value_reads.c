// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A probe read of a map value the program looked up,
 *	valp = infotmp.lookup(&id);
 *	...
 *	bpf_probe_read_kernel(&data.comm, sizeof(data.comm), valp->comm);
 * (opensnoop, killsnoop, biosnoop, fileslower, tcplife, ...): a map value is
 * memory the verifier lets a program load from directly, so the copy becomes
 * loads and stores the JIT inlines instead of a helper call:
 *	(valp ? (void)__builtin_memcpy(&data.comm, valp->comm, 16)
 *	      : (void)bpf_probe_read_kernel(&data.comm, sizeof(data.comm), valp->comm));
 * The null test keeps the helper where the program did not test valp
 * first (it copies zeros there); where it did, clang folds it away.
 * Only where the two copy the same bytes and the verifier takes the loads:
 * valp a local pointer that only ever holds a lookup (never assigned
 * anything else, moved, or its address taken) from a map the program may
 * read, the source a field of valp's own value type (no cast) within every
 * such map's value, the destination a local of at least the size copied,
 * the size a constant, the call a statement whose value nothing takes, and
 * no macro in the source or destination (their text is copied). A copy
 * that would take more instructions than the helper keeps the helper.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/bpf.h>

#include "../internal.h"

/* the largest copy made inline, in bytes and in instructions: clang's BPF
 * target expands a constant memcpy into a load and a store per piece as
 * wide as the source's alignment allows, or, where the destination is
 * wider, about three per piece (a load, a shift and an or, the wider store
 * shared); a helper call that copies tens of bytes runs about 64 */
#define MAX_INLINE_COPY 128
#define MAX_INLINE_INSNS 64

/* the alignment a member at byte @off of something aligned @align has */
static long long align_at(long long align, long long off)
{
	while (align > 1 && off % align)
		align /= 2;
	return align;
}

/* @e through parentheses and implicit conversions, not casts (a cast
 * base would read the value as another type), never into an expression
 * of several operands */
static CXCursor strip_uncast(CXCursor e)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(e);
		unsigned n;
		CXCursor *ch;

		if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr)
			return e;
		ch = cursor_children(e, &n);
		if (n != 1) {
			free(ch);
			return e;
		}
		e = ch[0];
		free(ch);
	}
}

/* A map whose values the program may load from: not a map of maps (its
 * lookup yields a map), not one made BPF_F_WRONLY_PROG (the verifier
 * refuses a load from its value; the helper takes the address as any). */
static const struct rw_map *readable(const struct rw_map *m)
{
	return m && !m->inner && !(m->flags & BPF_F_WRONLY_PROG) ? m : NULL;
}

/* The map a lookup call reads, from its method (BCC's m.lookup(&k)) or
 * from bpf_map_lookup_elem(&m, &k), if the program may load from its
 * values; NULL for anything else. */
static const struct rw_map *lookup_map(struct rw_ctx *ctx, CXCursor e)
{
	struct rw_map *m;

	e = strip_expr(e);
	if (cursor_is_call_to(e, "bpf_map_lookup_elem") &&
	    clang_Cursor_getNumArguments(e) == 2) {
		CXCursor a = strip_expr(clang_Cursor_getArgument(e, 0));

		if (clang_getCursorKind(a) != CXCursor_UnaryOperator ||
		    !unary_operator_is(ctx, a, "&"))
			return NULL;
		a = strip_expr(first_child(a));
		m = clang_getCursorKind(a) == CXCursor_DeclRefExpr
			    ? rw_find_map(ctx, clang_getCursorReferenced(a)) : NULL;
		return readable(m);
	}
	return readable(rw_map_lookup(ctx, e));
}

/* a value a map pointer may hold: a lookup, @arg the smallest value size
 * of the maps so far */
static bool takes_lookup(struct rw_ctx *ctx, CXCursor value, void *arg)
{
	const struct rw_map *m = lookup_map(ctx, value);
	long long size = m ? clang_Type_getSizeOf(m->leaf) : -1, *smallest = arg;

	if (size > 0 && (*smallest < 0 || size < *smallest))
		*smallest = size;
	return size > 0;
}

/* The smallest value size of the maps local pointer @var holds, if it only
 * ever holds lookups from maps; -1 otherwise. */
static long long held_value_size(struct rw_ctx *ctx, CXCursor var)
{
	long long smallest = -1;

	if (clang_Cursor_hasVarDeclGlobalStorage(var) != 0 || rw_find_ext(ctx, var) ||
	    local_values(ctx, var, takes_lookup, &smallest) <= 0)
		return -1;
	return smallest;
}

/* The source @src, V->F (an array) or &V->F: where F ends in the value
 * (bytes from its start), F's size and alignment; false for anything else. */
static bool map_value_field(struct rw_ctx *ctx, CXCursor src, long long *end, long long *size,
			    long long *align)
{
	CXCursor member = strip_expr(src), base, field;
	bool addr = false;
	CXType rec, ft;
	long long off, value;
	char *name, *op;

	if (clang_getCursorKind(member) == CXCursor_UnaryOperator &&
	    unary_operator_is(ctx, member, "&")) {
		member = strip_expr(first_child(member));
		addr = true;
	}
	if (clang_getCursorKind(member) != CXCursor_MemberRefExpr)
		return false;
	op = member_ref_op(ctx, member, NULL);
	/* V itself, not a cast of it: the field is V's type's */
	base = strip_uncast(first_child(member));
	if (!op || strcmp(op, "->") || clang_getCursorKind(base) != CXCursor_DeclRefExpr)
		return false;
	field = clang_getCursorReferenced(member);
	ft = clang_getCanonicalType(clang_getCursorType(member));
	if (clang_getCursorKind(field) != CXCursor_FieldDecl || clang_Cursor_isBitField(field) ||
	    (!addr && ft.kind != CXType_ConstantArray))
		return false;
	/* the program's own value type: its layout is the one it was built with */
	rec = clang_getCanonicalType(clang_getPointeeType(clang_getCursorType(base)));
	if (rec.kind != CXType_Record || type_from_vmlinux(rec))
		return false;
	name = cursor_spelling(field);
	off = name ? clang_Type_getOffsetOf(rec, name) : -1;
	free(name);
	*size = clang_Type_getSizeOf(ft);
	value = held_value_size(ctx, clang_getCursorReferenced(base));
	if (off < 0 || off % 8 || *size <= 0 || value < 0)
		return false;
	*end = off / 8 + *size;
	*align = align_at(clang_Type_getAlignOf(rec), off / 8);
	return *end <= value;
}

/* The alignment of local lvalue @l: its variable's, or its member's
 * within it. */
static long long local_align(struct rw_ctx *ctx, CXCursor l)
{
	CXCursor base;
	long long off;
	char *name;

	l = strip_expr(l);
	if (clang_getCursorKind(l) != CXCursor_MemberRefExpr)
		return clang_Type_getAlignOf(clang_getCursorType(l));
	base = strip_expr(first_child(l));
	name = cursor_spelling(clang_getCursorReferenced(l));
	off = name ? clang_Type_getOffsetOf(clang_getCursorType(base), name) : -1;
	free(name);
	return off < 0 || off % 8 ? 1 : align_at(local_align(ctx, base), off / 8);
}

/* The destination @dst, &L or an array L, L a variable of the function's
 * own: its size and alignment; false for anything else. */
static bool local_destination(struct rw_ctx *ctx, CXCursor dst, long long *size,
			      long long *align)
{
	CXCursor l = strip_expr(dst);

	if (clang_getCursorKind(l) == CXCursor_UnaryOperator && unary_operator_is(ctx, l, "&")) {
		l = strip_expr(first_child(l));
	} else if (clang_getCanonicalType(clang_getCursorType(l)).kind != CXType_ConstantArray) {
		return false;
	}
	if (!expr_is_local_lvalue(ctx, l))
		return false;
	*size = clang_Type_getSizeOf(clang_getCursorType(l));
	*align = local_align(ctx, l);
	return *size > 0 && *align > 0;
}

int pass_map_value_reads__visit(struct rw_ctx *ctx, const struct walk_frame *f)
{
	CXCursor call = f->cursor, base;
	const struct walk_frame *up = walk_real_parent(f);
	long long size, field_end, field_size, src_align, dst_size, dst_align, pieces;
	char *name, *text = NULL, *dst = NULL, *src = NULL, *var = NULL;
	struct strbuf out = {};
	size_t b, e;
	int err = 0;

	/* a statement of its own, not the value of a statement expression */
	if (clang_getCursorKind(call) != CXCursor_CallExpr ||
	    clang_Cursor_getNumArguments(call) != 3 || !up ||
	    clang_getCursorKind(up->cursor) != CXCursor_CompoundStmt || !up->parent ||
	    clang_isExpression(clang_getCursorKind(up->parent->cursor)))
		return 0;
	/* the text it copies is the source's: nothing of it in a macro */
	if (!spelled_in_place(ctx, clang_Cursor_getArgument(call, 0)) ||
	    !spelled_in_place(ctx, clang_Cursor_getArgument(call, 2)))
		return 0;
	name = cursor_spelling(call);
	if (!name || (strcmp(name, "bpf_probe_read_kernel") && strcmp(name, "bpf_probe_read")) ||
	    !call_spelled_as(ctx, call, name) || !cursor_range(ctx, call, &b, &e)) {
		free(name);
		return 0;
	}
	free(name);
	if (!cursor_int_constant(clang_Cursor_getArgument(call, 1), &size) || size <= 0 ||
	    size > MAX_INLINE_COPY ||
	    !map_value_field(ctx, clang_Cursor_getArgument(call, 2), &field_end, &field_size,
			     &src_align) ||
	    size > field_size ||
	    !local_destination(ctx, clang_Cursor_getArgument(call, 0), &dst_size, &dst_align) ||
	    dst_size < size)
		return 0;
	/* pieces as wide as the source allows, put together where the
	 * destination is wider; past the limit the helper is the cheaper */
	pieces = (size + src_align - 1) / src_align;
	if (pieces * (src_align < dst_align ? 3 : 2) > MAX_INLINE_INSNS)
		return 0;
	/* the pointer the source goes through, to test for NULL */
	base = strip_expr(clang_Cursor_getArgument(call, 2));
	if (clang_getCursorKind(base) == CXCursor_UnaryOperator)
		base = strip_expr(first_child(base));
	base = strip_uncast(first_child(base));
	text = cursor_text(ctx, call);
	/* without casts: a cast to void * would hide the alignment from clang */
	dst = cursor_text(ctx, strip_expr(clang_Cursor_getArgument(call, 0)));
	src = cursor_text(ctx, strip_expr(clang_Cursor_getArgument(call, 2)));
	var = cursor_text(ctx, base);
	if (text && dst && src && var) {
		strbuf_printf(&out, "(%s ? (void)__builtin_memcpy(%s, %s, %lld) : (void)%s)", var,
			      dst, src, size, text);
		err = rw_edit(ctx, b, e, out.buf);
	}
	strbuf_free(&out);
	free(text);
	free(dst);
	free(src);
	free(var);
	return err;
}
