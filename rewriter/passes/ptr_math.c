// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Does a body (and the program's own functions it calls) compute with
 * pointers? In a BTF-typed context (tp_btf) a pointer argument is a
 * verifier-typed pointer, not the plain u64 raw_tp hands over: turned into
 * an integer for arithmetic, or moved by a variable offset, the verifier
 * refuses it ("math between trusted_ptr_ pointer and register ..."). Which
 * values come from the arguments would take a data-flow analysis; any such
 * computation on any pointer is a cheaper, conservative answer. */
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

#define MAX_CALL_DEPTH 8

struct ptr_math {
	struct rw_ctx *ctx;
	int depth;
	const char *found;	/* what was found, or NULL */
};

static void scan(CXCursor body, struct ptr_math *pm);

static bool is_pointer(CXType t)
{
	return clang_getCanonicalType(t).kind == CXType_Pointer;
}

static bool is_integer(CXType t)
{
	enum CXTypeKind k = clang_getCanonicalType(t).kind;

	return k >= CXType_Bool && k <= CXType_Int128;
}

static bool is_constant(CXCursor e)
{
	long long v;

	return cursor_int_constant(e, &v);
}

/* p + i, p - i, p += i, p - q: a pointer moved by a non-constant amount */
static bool pointer_arithmetic(struct rw_ctx *ctx, CXCursor c)
{
	unsigned n;
	CXCursor *ch = cursor_children(c, &n);
	char *op;
	bool r = false;

	if (n == 2 && (is_pointer(clang_getCursorType(ch[0])) ||
		       is_pointer(clang_getCursorType(ch[1])))) {
		op = binary_operator(ctx, c, ch[0]);
		r = op && (!strcmp(op, "+") || !strcmp(op, "-") || !strcmp(op, "+=") ||
			   !strcmp(op, "-=")) &&
		    (!is_constant(ch[1]) || is_pointer(clang_getCursorType(ch[1])));
		free(op);
	}
	free(ch);
	return r;
}

/* a[i], i not constant, a not an array of this function's stack */
static bool variable_subscript(CXCursor c)
{
	unsigned n;
	CXCursor *ch = cursor_children(c, &n), base;
	bool r = false;

	if (n == 2 && !is_constant(ch[1])) {
		base = strip_expr(ch[0]);
		r = clang_getCursorKind(base) != CXCursor_DeclRefExpr ||
		    clang_getCursorType(base).kind != CXType_ConstantArray ||
		    clang_getCursorKind(clang_getCursorReferenced(base)) != CXCursor_VarDecl;
	}
	free(ch);
	return r;
}

static bool pointer_to_integer(CXCursor c)
{
	unsigned n;
	CXCursor *ch = cursor_children(c, &n);
	bool r = n && is_integer(clang_getCursorType(c)) &&
		 is_pointer(clang_getCursorType(ch[n - 1]));

	free(ch);
	return r;
}

static void follow_call(struct ptr_math *pm, CXCursor call)
{
	CXCursor def = clang_getCursorDefinition(clang_getCursorReferenced(call)), body;
	struct ptr_math inner = { .ctx = pm->ctx, .depth = pm->depth + 1 };

	if (clang_Cursor_isNull(def) || clang_getCursorKind(def) != CXCursor_FunctionDecl ||
	    !cursor_in_main_file(pm->ctx, def))
		return;
	if (pm->depth >= MAX_CALL_DEPTH) {
		pm->found = "calls nested too deep to follow";
		return;
	}
	body = function_body(def);
	if (!clang_Cursor_isNull(body))
		scan(body, &inner);
	if (inner.found)
		pm->found = inner.found;
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct ptr_math *pm = data;

	(void)parent;
	switch (clang_getCursorKind(c)) {
	case CXCursor_CStyleCastExpr:
	case CXCursor_UnexposedExpr:	/* implicit conversions */
		if (pointer_to_integer(c))
			pm->found = "a pointer converted to an integer";
		break;
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator:
		if (pointer_arithmetic(pm->ctx, c))
			pm->found = "arithmetic on a pointer";
		break;
	case CXCursor_ArraySubscriptExpr:
		if (variable_subscript(c))
			pm->found = "a pointer indexed by a variable";
		break;
	case CXCursor_CallExpr:
		follow_call(pm, c);
		break;
	default:
		break;
	}
	return pm->found ? CXChildVisit_Break : CXChildVisit_Recurse;
}

static void scan(CXCursor body, struct ptr_math *pm)
{
	clang_visitChildren(body, visit, pm);
}

const char *pass_twins__pointer_math(struct rw_ctx *ctx, CXCursor body)
{
	struct ptr_math pm = { .ctx = ctx };

	scan(body, &pm);
	return pm.found;
}
