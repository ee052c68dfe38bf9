// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Reads rooted at a kprobe program's argument, in the fentry form that
 * shares its body: there the argument is a BTF-typed pointer, and the
 * verifier lets the program load its fields directly (a fault reads 0, as
 * a probe read's does) instead of calling bpf_probe_read_kernel() for each
 * step. The body gets a constant flag, bcc2core_btf_args, true in the
 * fentry form only; after inlining each form keeps one of the two reads.
 * The same for a raw tracepoint's (T *)ctx->args[I] (or a local set once
 * to it) in its tp_btf form, a copy of the body: there the flag is the
 * macro BCC2CORE_TP_BTF, 1 around that copy. And for a kretprobe's local
 * set to its return value, BCC2CORE_FEXIT, 1 around its fexit form's copy.
 *
 * Only where the load is sure to verify: the argument is never assigned
 * nor its address passed where it may be written through (it stays the
 * BTF pointer), the kernel function's own parameter is a
 * pointer to the struct the program declares (the verifier checks loads
 * against the kernel's type), and kernel_reads.c asks it only for chains
 * whose value is an integer or a pointer to no struct, which the verifier
 * loads as a number (a pointer to a struct loaded this way would be a BTF
 * pointer the program's arithmetic cannot take). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "../internal.h"

struct param_writes {
	struct rw_ctx *ctx;
	CXCursor param;
	bool map_reads_ok;	/* &param passed to a reading map method is no write */
	bool addr_read;		/* and it was */
	bool written;
};

/* @c is @op's left operand (cursors of one node compare unequal when
 * reached by two walks: compare where they are) */
static bool is_lhs(CXCursor op, CXCursor c)
{
	return clang_equalRanges(clang_getCursorExtent(first_child(op)), clang_getCursorExtent(c));
}

/* Map methods that only read what their pointer arguments point to: the
 * address of a parameter passed to one (a map keyed by the struct pointer,
 * tcpconnlat's start.update(&sk, &info)) leaves the parameter as it was.
 * Not its BTF type: 6.1's verifier makes a stack slot any helper is handed
 * a scalar, and clang loads the parameter from that slot after the call,
 * so the plain loads read a copy made at the function's start (copy_param) */
static const char *const reading_methods[] = {
	"lookup", "update", "insert", "delete", "lookup_or_try_init", "lookup_or_init",
};

static bool addr_of(struct rw_ctx *ctx, CXCursor e, CXCursor param)
{
	e = strip_expr(e);
	if (clang_getCursorKind(e) != CXCursor_UnaryOperator || !unary_operator_is(ctx, e, "&"))
		return false;
	e = strip_expr(first_child(e));
	return clang_getCursorKind(e) == CXCursor_DeclRefExpr &&
	       same_decl(clang_getCursorReferenced(e), param);
}

static enum CXChildVisitResult find_param_write(CXCursor c, CXCursor parent, CXClientData data);

/* @call is a reading map method's: look for writes in its arguments other
 * than &param itself. False: not such a call. */
static bool reading_call_writes(struct param_writes *pw, CXCursor call)
{
	char *method = NULL;
	bool reads;

	if (!pw->map_reads_ok || !rw_map_call(pw->ctx, call, &method))
		return false;
	reads = method && strv_has((char *const *)reading_methods,
				   sizeof(reading_methods) / sizeof(reading_methods[0]), method);
	free(method);
	if (!reads)
		return false;
	for (int i = 0; i < clang_Cursor_getNumArguments(call) && !pw->written; i++) {
		CXCursor arg = clang_Cursor_getArgument(call, i);

		if (addr_of(pw->ctx, arg, pw->param))
			pw->addr_read = true;
		else if (find_param_write(arg, call, pw) == CXChildVisit_Recurse)
			clang_visitChildren(arg, find_param_write, pw);
	}
	return true;
}

/* an assignment to @param, ++/--, or its address taken (written through) */
static enum CXChildVisitResult find_param_write(CXCursor c, CXCursor parent, CXClientData data)
{
	struct param_writes *pw = data;
	enum CXCursorKind pk = clang_getCursorKind(parent);
	char *op;

	if (clang_getCursorKind(c) == CXCursor_CallExpr && reading_call_writes(pw, c))
		return pw->written ? CXChildVisit_Break : CXChildVisit_Continue;
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr ||
	    !same_decl(clang_getCursorReferenced(c), pw->param))
		return CXChildVisit_Recurse;
	if (pk == CXCursor_UnaryOperator)
		pw->written = unary_operator_is(pw->ctx, parent, "&") ||
			      unary_operator_is(pw->ctx, parent, "++") ||
			      unary_operator_is(pw->ctx, parent, "--");
	else if (pk == CXCursor_CompoundAssignOperator)
		pw->written = is_lhs(parent, c);
	else if (pk == CXCursor_BinaryOperator && is_lhs(parent, c)) {
		op = binary_operator(pw->ctx, parent, c);
		pw->written = !op || !strcmp(op, "=");	/* a macro's operator: assume so */
		free(op);
	}
	return pw->written ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* the struct name a pointer type points to ("sock" for struct sock *), or NULL */
static char *pointee_struct(CXType t)
{
	CXType p = clang_getCanonicalType(t);
	CXCursor decl;

	if (p.kind != CXType_Pointer)
		return NULL;
	p = clang_getCanonicalType(clang_getPointeeType(p));
	if (p.kind != CXType_Record)
		return NULL;
	decl = clang_getTypeDeclaration(p);
	if (clang_getCursorKind(decl) != CXCursor_StructDecl &&
	    clang_getCursorKind(decl) != CXCursor_UnionDecl)
		return NULL;
	return cursor_spelling(decl);
}

/* Is parameter @i (0-based) of kernel function @fn a pointer to @record? */
static bool kernel_param_is(struct rw_ctx *ctx, const char *fn, int i, const char *record)
{
	const struct btf *btf = rw_kernel_btf(ctx);
	const struct btf_type *t = rw_kernel_func_proto(ctx, fn);

	if (!t || i >= btf_vlen(t))
		return false;
	return btf_points_to_record(btf, btf_params(t)[i].type, false, record);
}

static struct rw_prog *prog_of(struct rw_ctx *ctx, CXCursor fn)
{
	for (size_t k = 0; k < ctx->prog_cnt; k++)
		if (same_decl(ctx->progs[k].fn, fn))
			return &ctx->progs[k];
	return NULL;
}

/* Is @var (a parameter or local of function @fn) never written? With
 * @addr_read (where the loads are, which read a copy: not through a
 * helper's caller, which passes the parameter itself on), its address
 * handed to a reading map method is no write, and *@addr_read says if it
 * was. */
static bool never_written(struct rw_ctx *ctx, CXCursor fn, CXCursor var, bool *addr_read)
{
	struct param_writes pw = { .ctx = ctx, .param = var, .map_reads_ok = addr_read != NULL };

	clang_visitChildren(fn, find_param_write, &pw);
	if (addr_read)
		*addr_read = pw.addr_read;
	return !pw.written;
}

/* The initializer of @var, a local of @p's function, or a null cursor */
static CXCursor local_init(const struct rw_prog *p, CXCursor var)
{
	CXCursor *ch, init = clang_getNullCursor();
	unsigned n;

	if (clang_getCursorKind(var) != CXCursor_VarDecl ||
	    !same_decl(clang_getCursorSemanticParent(var), p->fn))
		return init;
	ch = cursor_children(var, &n);
	if (n && clang_isExpression(clang_getCursorKind(ch[n - 1])))
		init = ch[n - 1];
	free(ch);
	return init;
}

/* "__typeof__(P) __bcc2core_btf_P = P;" at the start of @p's body, once:
 * the name of the copy (malloc'ed), NULL on error */
static char *copy_param(struct rw_ctx *ctx, const struct rw_prog *p, CXCursor param)
{
	char *name = cursor_spelling(param), *fn = cursor_spelling(p->fn);
	char *key = NULL, *copy = NULL, *decl = NULL;

	if (!name || !fn || asprintf(&key, ";%s.%s;", fn, name) < 0 ||
	    asprintf(&copy, "__bcc2core_btf_%s", name) < 0 ||
	    asprintf(&decl, " __typeof__(%s) %s = %s;", name, copy, name) < 0 ||
	    rw_edit_body_start(ctx, p->fn, &ctx->btf_arg_copies, key, decl)) {
		free(copy);
		copy = NULL;
	}
	free(decl);
	free(key);
	free(fn);
	free(name);
	return copy;
}

static bool param_direct(struct rw_ctx *ctx, struct rw_prog *p, int i, int depth,
			 bool *addr_read);

/* Does @param point to struct @record? The same struct on both sides of a
 * call: the verifier's type is the kernel's, checked where the chain starts. */
static bool same_pointee(CXCursor param, const char *record)
{
	char *r = pointee_struct(clang_getCursorType(param));
	bool same = r && !strcmp(r, record);

	free(r);
	return same;
}

struct call_search {
	CXCursor callee;
	struct rw_ctx *ctx;	/* set: the flag goes after each call's last argument */
	size_t found;
	int err;
};

static enum CXChildVisitResult find_call(CXCursor c, CXCursor parent, CXClientData data)
{
	struct call_search *cs = data;
	size_t b, e;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_CallExpr ||
	    !same_decl(clang_getCursorReferenced(c), cs->callee))
		return CXChildVisit_Recurse;
	cs->found++;
	if (cs->ctx && !cs->err) {
		int n = clang_Cursor_getNumArguments(c);

		if (n < 1 || !cursor_range(cs->ctx, clang_Cursor_getArgument(c, n - 1), &b, &e))
			cs->err = -EINVAL;
		else
			cs->err = rw_edit(cs->ctx, e, e, ", bcc2core_btf_args");
	}
	return CXChildVisit_Recurse;
}

/* does @caller call @callee? */
static bool calls(const struct rw_prog *caller, const struct rw_prog *callee)
{
	struct call_search cs = { .callee = callee->fn };

	clang_visitChildren(caller->fn, find_call, &cs);
	return cs.found;
}

/* The calls of helper @callee in @caller's body: each must pass, as its
 * argument @i, a parameter of @caller that is BTF-typed itself */
struct call_check {
	struct rw_ctx *ctx;
	struct rw_prog *caller, *callee;
	const char *record;	/* the struct the callee's parameter points to */
	int i, depth;
	size_t calls;
	bool bad;
};

static enum CXChildVisitResult check_call(CXCursor c, CXCursor parent, CXClientData data)
{
	struct call_check *cc = data;
	CXCursor arg, decl;
	int k, n;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_CallExpr ||
	    !same_decl(clang_getCursorReferenced(c), cc->callee->fn))
		return CXChildVisit_Recurse;
	cc->calls++;
	arg = clang_Cursor_getArgument(c, cc->i);
	while (clang_getCursorKind(arg) == CXCursor_UnexposedExpr ||
	       clang_getCursorKind(arg) == CXCursor_ParenExpr)
		arg = first_child(arg);
	n = clang_Cursor_getNumArguments(cc->caller->fn);
	decl = clang_getCursorKind(arg) == CXCursor_DeclRefExpr ? clang_getCursorReferenced(arg)
								 : clang_getNullCursor();
	for (k = 0; k < n; k++)
		if (same_decl(decl, clang_Cursor_getArgument(cc->caller->fn, k)))
			break;
	if (k >= n || !param_direct(cc->ctx, cc->caller, k, cc->depth + 1, NULL) ||
	    !same_pointee(clang_Cursor_getArgument(cc->caller->fn, k), cc->record))
		cc->bad = true;
	return cc->bad ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* Is parameter @i of @p a BTF-typed pointer in every fentry form that
 * reaches it? A kprobe program's own argument (see the top), or a helper's
 * parameter that every call passes such an argument, unchanged, to.
 * @addr_read (where the loads are, depth 0): see never_written(). */
static bool param_direct(struct rw_ctx *ctx, struct rw_prog *p, int i, int depth,
			 bool *addr_read)
{
	const char *target;
	char *record;
	bool ok = false;

	if (depth > 4 || i < 0 || i >= clang_Cursor_getNumArguments(p->fn) ||
	    !never_written(ctx, p->fn, clang_Cursor_getArgument(p->fn, i), addr_read) ||
	    !(record = pointee_struct(clang_getCursorType(clang_Cursor_getArgument(p->fn, i)))))
		return false;
	if (p->kind == PROG_KPROBE) {
		/* one target: the fentry form attaches to that function alone */
		target = p->section && !p->also_cnt ? strchr(p->section, '/') : NULL;
		ok = i >= 1 && target && kernel_param_is(ctx, target + 1, i - 1, record) &&
		     p->fentry_shared;
	} else if (p->kind == PROG_NONE) {
		struct call_check cc = { .ctx = ctx, .callee = p, .record = record, .i = i,
					 .depth = depth };

		for (size_t k = 0; k < ctx->prog_cnt && !cc.bad; k++) {
			cc.caller = &ctx->progs[k];
			clang_visitChildren(cc.caller->fn, check_call, &cc);
		}
		ok = cc.calls && !cc.bad;
	}
	free(record);
	return ok;
}

/* @p reads through bcc2core_btf_args: it, and every function that calls a
 * helper that does, gets the flag (programs: the shared body's parameter;
 * helpers: a parameter of their own, passed on at each call) */
static void mark(struct rw_ctx *ctx, struct rw_prog *p, int depth)
{
	if (p->btf_arg_reads || depth > 5)
		return;
	p->btf_arg_reads = true;
	if (p->kind != PROG_NONE)
		return;
	for (size_t k = 0; k < ctx->prog_cnt; k++)
		if (calls(&ctx->progs[k], p))
			mark(ctx, &ctx->progs[k], depth + 1);
}

bool arg_reads__direct(struct rw_ctx *ctx, const struct rw_prog *walked, CXCursor root,
		       char **copy)
{
	struct rw_prog *p = walked ? prog_of(ctx, walked->fn) : NULL;
	CXCursor decl;
	bool addr_read = false;
	int nargs, i;

	*copy = NULL;
	if (!p || (p->kind != PROG_KPROBE && p->kind != PROG_NONE))
		return false;
	while (clang_getCursorKind(root) == CXCursor_UnexposedExpr ||
	       clang_getCursorKind(root) == CXCursor_ParenExpr)
		root = first_child(root);
	if (clang_getCursorKind(root) != CXCursor_DeclRefExpr)
		return false;
	decl = clang_getCursorReferenced(root);
	nargs = clang_Cursor_getNumArguments(p->fn);
	for (i = 0; i < nargs; i++)
		if (same_decl(decl, clang_Cursor_getArgument(p->fn, i)))
			break;
	if (i >= nargs || !param_direct(ctx, p, i, 0, &addr_read))
		return false;
	if (addr_read && !(*copy = copy_param(ctx, p, clang_Cursor_getArgument(p->fn, i))))
		return false;
	mark(ctx, p, 0);
	return true;
}

int pass_arg_reads__emit(struct rw_ctx *ctx)
{
	int err = 0;

	for (size_t k = 0; k < ctx->prog_cnt && !err; k++) {
		struct rw_prog *h = &ctx->progs[k];
		struct call_search cs = { .callee = h->fn, .ctx = ctx };
		int n = clang_Cursor_getNumArguments(h->fn);
		size_t b, e;

		if (h->kind != PROG_NONE || !h->btf_arg_reads)
			continue;
		/* the helper takes the flag last, and every call passes its own */
		if (n < 1 || !cursor_range(ctx, clang_Cursor_getArgument(h->fn, n - 1), &b, &e))
			return -EINVAL;
		err = rw_edit(ctx, e, e, ", bool bcc2core_btf_args");
		for (size_t c = 0; c < ctx->prog_cnt && !err && !cs.err; c++)
			clang_visitChildren(ctx->progs[c].fn, find_call, &cs);
		err = err ?: cs.err;
	}
	return err;
}

/* A local of raw tracepoint @p set once, to (T *)ctx->args[I] */
static bool tp_arg_local(struct rw_ctx *ctx, struct rw_prog *p, CXCursor var)
{
	CXCursor init = local_init(p, var);

	return !clang_Cursor_isNull(init) && pass_twins__tp_btf_arg(ctx, p, init) >= 0 &&
	       never_written(ctx, p->fn, var, NULL);
}

/* Does kernel function @fn return a pointer to @record? */
static bool kernel_returns(struct rw_ctx *ctx, const char *fn, const char *record)
{
	const struct btf_type *t = rw_kernel_func_proto(ctx, fn);

	return t && btf_points_to_record(rw_kernel_btf(ctx), t->type, false, record);
}

/* A local of kretprobe @p set once, to its function's return value
 * ((T *)PT_REGS_RC(ctx), T the struct the function returns a pointer to)
 * and never written nor its address taken: in the fexit form that is the
 * BTF-typed return slot (tcpaccept's newsk from inet_csk_accept) */
bool arg_reads__fexit_ret(struct rw_ctx *ctx, const struct rw_prog *walked, CXCursor root)
{
	struct rw_prog *p = walked ? prog_of(ctx, walked->fn) : NULL;
	const char *target;
	CXCursor var, init;
	char *record;
	bool ok;

	if (!p || p->kind != PROG_KRETPROBE || !p->fexit_twin || !p->section ||
	    !(target = strchr(p->section, '/')) || clang_Cursor_getNumArguments(p->fn) < 1)
		return false;
	root = strip_expr(root);
	if (clang_getCursorKind(root) != CXCursor_DeclRefExpr)
		return false;
	var = clang_getCursorReferenced(root);
	init = local_init(p, var);
	if (clang_Cursor_isNull(init) ||
	    !pt_regs_macros__is_return_value(ctx, init, clang_Cursor_getArgument(p->fn, 0)))
		return false;
	record = pointee_struct(clang_getCursorType(var));
	ok = record && kernel_returns(ctx, target + 1, record) &&
	     never_written(ctx, p->fn, var, NULL);
	free(record);
	if (ok)
		p->btf_arg_reads = true;
	return ok;
}

bool arg_reads__tp_btf(struct rw_ctx *ctx, const struct rw_prog *walked, CXCursor root)
{
	struct rw_prog *p = walked ? prog_of(ctx, walked->fn) : NULL;
	CXCursor r = root;

	if (!p || p->kind != PROG_RAW_TRACEPOINT || !p->tp_btf_twin)
		return false;
	while (clang_getCursorKind(r) == CXCursor_UnexposedExpr ||
	       clang_getCursorKind(r) == CXCursor_ParenExpr)
		r = first_child(r);
	if (!(clang_getCursorKind(r) == CXCursor_DeclRefExpr
	      ? tp_arg_local(ctx, p, clang_getCursorReferenced(r))
	      : pass_twins__tp_btf_arg(ctx, p, r) >= 0))
		return false;
	p->btf_arg_reads = true;
	return true;
}
