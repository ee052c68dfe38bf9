// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Implicit dereferences of kernel (and user) pointers -> CO-RE reads.
 *
 * Analysis follows BCC's provenance rules (where external pointers come
 * from: program arguments, ctx members, bpf_get_current_task(), static
 * helpers' parameters and returns; how they spread: assignments). The
 * rewrite turns each maximal access chain into one BPF_CORE_READ(), keeps
 * address computations (&p->f, array members) as relocated addresses, and
 * reads p->arr[i] at the element's address, where BCC reads a wrong one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

struct ext_info {
	bool ext;	/* an external pointer itself: level 0 */
	bool user;
	/* dereferences to reach one: 0 for sk, 1 for &sk or a struct sock **
	 * that was pointed at sk, ...; -1 for none */
	int level;
};

static bool type_is_pointer(CXType t)
{
	return clang_getCanonicalType(t).kind == CXType_Pointer;
}

static bool type_is_array(CXType t)
{
	enum CXTypeKind k = clang_getCanonicalType(t).kind;

	return k == CXType_ConstantArray || k == CXType_IncompleteArray ||
	       k == CXType_VariableArray;
}

/* Through implicit conversions and parentheses only: an explicit cast ends
 * an access chain (its operand is a chain of its own). */
static CXCursor strip_implicit(CXCursor c)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);
		unsigned n;
		CXCursor *ch;

		if (k != CXCursor_UnexposedExpr && k != CXCursor_ParenExpr)
			return c;
		ch = cursor_children(c, &n);
		if (n != 1) {
			free(ch);
			return c;
		}
		c = ch[0];
		free(ch);
	}
}

static int add_ext(struct rw_ctx *ctx, CXCursor decl, int derefs, bool user, bool *changed)
{
	struct ext_ptr *p;

	for (size_t i = 0; i < ctx->ext_cnt; i++) {
		if (same_decl(ctx->ext[i].decl, decl)) {
			/* given a kernel pointer here and the address of one
			 * there (virtiostat's record(vq, sgs, ...) and record(vq,
			 * &sg, ...)), the fewest levels: a probe read of stack
			 * memory still reads it, a direct load of kernel memory
			 * does not load */
			if (derefs < ctx->ext[i].derefs) {
				ctx->ext[i].derefs = derefs;
				*changed = true;
			}
			return 0;
		}
	}
	p = realloc(ctx->ext, (ctx->ext_cnt + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	ctx->ext = p;
	p[ctx->ext_cnt].decl = clang_getCanonicalCursor(decl);
	p[ctx->ext_cnt].derefs = derefs;
	p[ctx->ext_cnt].user = user;
	ctx->ext_cnt++;
	*changed = true;
	return 0;
}

/* Is @decl the context parameter of @prog that BCC tracks members of? */
static bool is_ctx_param(const struct rw_prog *prog, CXCursor decl, bool *user)
{
	char *t;
	bool r;

	if (!prog || prog->kind == PROG_NONE || clang_Cursor_getNumArguments(prog->fn) < 1 ||
	    !same_decl(clang_Cursor_getArgument(prog->fn, 0), decl))
		return false;
	t = type_spelling(clang_getCursorType(decl));
	r = !strcmp(t, "struct pt_regs *") || !strcmp(t, "struct bpf_raw_tracepoint_args *") ||
	    !strncmp(t, "struct tracepoint__", 19);
	free(t);
	*user = prog->kind == PROG_UPROBE || prog->kind == PROG_URETPROBE ||
		prog->kind == PROG_KSYSCALL || (prog->tp && prog->tp->syscall_enter);
	return r;
}

static struct ext_info ext_expr(struct rw_ctx *ctx, const struct rw_prog *prog, CXCursor e);

static struct ext_info at_level(int level, bool user)
{
	struct ext_info r = { level == 0, user, level };

	return r;
}

/* Is the object @m (a member access) in external memory? p->a is when p
 * is an external pointer; s.a is when s itself is. */
static struct ext_info in_ext_memory(struct rw_ctx *ctx, const struct rw_prog *prog, CXCursor m)
{
	struct ext_info none = { .level = -1 };
	const char *op = member_ref_op(ctx, m, NULL);
	CXCursor base = first_child(m), sb;

	if (!op)
		return none;
	if (op[0] == '-')
		return ext_expr(ctx, prog, base);
	sb = strip_implicit(base);
	if (clang_getCursorKind(sb) == CXCursor_MemberRefExpr)
		return in_ext_memory(ctx, prog, sb);
	if (clang_getCursorKind(sb) == CXCursor_ArraySubscriptExpr) {
		CXCursor ab = strip_implicit(first_child(sb));

		if (clang_getCursorKind(ab) == CXCursor_MemberRefExpr)
			return in_ext_memory(ctx, prog, ab);
	}
	return none;
}

/* Does @e evaluate to an external pointer (or a pointer into external
 * memory), or to the address of a variable holding one, and how many
 * levels of such addresses? @prog is the function @e is in. */
static struct ext_info ext_level(struct rw_ctx *ctx, const struct rw_prog *prog, CXCursor e)
{
	struct ext_info r = { .level = -1 };
	CXCursor s = strip_expr(e), ref, base;
	enum CXCursorKind k = clang_getCursorKind(s);
	const struct ext_ptr *ep;
	bool user = false;

	switch (k) {
	case CXCursor_DeclRefExpr:
		ref = clang_getCursorReferenced(s);
		ep = rw_find_ext(ctx, ref);
		if (ep)
			r = at_level(ep->derefs, ep->user);
		break;
	case CXCursor_CallExpr:
		if (cursor_is_call_to(s, "bpf_get_current_task")) {
			r = at_level(0, false);
		} else {
			/* a static helper's return: struct sock **f(struct sock **p) */
			ref = clang_getCursorReferenced(s);
			ep = clang_Cursor_isNull(ref) ? NULL : rw_find_ext(ctx, ref);
			if (ep && clang_getCursorKind(ref) == CXCursor_FunctionDecl)
				r = at_level(ep->derefs, ep->user);
		}
		break;
	case CXCursor_MemberRefExpr:
		base = strip_expr(first_child(s));
		if (clang_getCursorKind(base) == CXCursor_DeclRefExpr &&
		    is_ctx_param(prog, clang_getCursorReferenced(base), &user)) {
			/* (struct sock *)ctx->di, (void *)args->skbaddr */
			r.ext = true;
			r.user = user;
			break;
		}
		if (!type_is_pointer(clang_getCursorType(s)) && !type_is_array(clang_getCursorType(s)))
			break;
		/* BCC's field-granular rule: once any X.f holds an external
		 * pointer, every X.f and Y->f does (a map value's fp, ...) */
		ep = rw_find_ext(ctx, clang_getCursorReferenced(s));
		if (ep && ep->derefs == 0 && type_is_pointer(clang_getCursorType(s))) {
			r.ext = true;
			r.user = ep->user;
			break;
		}
		r = in_ext_memory(ctx, prog, s);
		break;
	case CXCursor_ArraySubscriptExpr:
		base = strip_expr(first_child(s));
		/* pp[i] with pp an external array of pointers: a pointer read
		 * from external memory */
		if (type_is_pointer(clang_getCursorType(s))) {
			CXCursor ab = strip_implicit(first_child(s));

			r = clang_getCursorKind(ab) == CXCursor_MemberRefExpr &&
			    type_is_array(clang_getCursorType(ab))
			    ? in_ext_memory(ctx, prog, ab) : ext_expr(ctx, prog, ab);
			if (r.ext)
				break;
		}
		/* ctx->args[i] of raw tracepoints */
		if (clang_getCursorKind(base) == CXCursor_MemberRefExpr) {
			CXCursor b2 = strip_expr(first_child(base));

			if (clang_getCursorKind(b2) == CXCursor_DeclRefExpr &&
			    is_ctx_param(prog, clang_getCursorReferenced(b2), &user)) {
				r.ext = true;
				r.user = user;
			}
		}
		break;
	case CXCursor_UnaryOperator: {
		CXCursor op = first_child(s);

		if (unary_operator_is(ctx, s, "&")) {
			/* &p->f, &p->a.b, &p->arr[i]: an address in external memory */
			CXCursor m = strip_implicit(op);

			if (clang_getCursorKind(m) == CXCursor_ArraySubscriptExpr) {
				CXCursor ab = strip_implicit(first_child(m));

				if (clang_getCursorKind(ab) == CXCursor_MemberRefExpr)
					r = in_ext_memory(ctx, prog, ab);
				else
					r = ext_expr(ctx, prog, ab);
			} else if (clang_getCursorKind(m) == CXCursor_MemberRefExpr) {
				r = in_ext_memory(ctx, prog, m);
			}
			if (!r.ext && clang_getCursorKind(m) != CXCursor_ArraySubscriptExpr &&
			    clang_getCursorKind(m) != CXCursor_MemberRefExpr) {
				/* &sk, &pp: one more level */
				struct ext_info in = ext_level(ctx, prog, op);

				if (in.level >= 0)
					r = at_level(in.level + 1, in.user);
			}
		} else if (unary_operator_is(ctx, s, "*")) {
			struct ext_info in = ext_level(ctx, prog, op);

			/* *pp one level down; *p with p external reads external
			 * memory, and a pointer read there is external too (BCC:
			 * char **name, (*name)[1]) */
			if (in.level >= 1)
				r = at_level(in.level - 1, in.user);
			else if (in.level == 0 && type_is_pointer(clang_getCursorType(s)))
				r = at_level(0, in.user);
		}
		break;
	}
	case CXCursor_BinaryOperator: {
		/* arithmetic keeps provenance: p + off, and, as in BCC, through
		 * an integer: *(u8 *)((u64)&sk->f - 3) */
		unsigned n;
		CXCursor *ch = cursor_children(s, &n);

		if (n == 2) {
			r = ext_level(ctx, prog, ch[0]);
			if (r.level < 0)
				r = ext_level(ctx, prog, ch[1]);
		}
		free(ch);
		break;
	}
	case CXCursor_ConditionalOperator: {
		unsigned n;
		CXCursor *ch = cursor_children(s, &n);

		if (n == 3) {
			r = ext_level(ctx, prog, ch[1]);
			if (r.level < 0)
				r = ext_level(ctx, prog, ch[2]);
		}
		free(ch);
		break;
	}
	default:
		break;
	}
	if (r.ext)	/* the cases above that only say "external" */
		r.level = 0;
	return r;
}

/* Does @e evaluate to an external pointer itself? */
static struct ext_info ext_expr(struct rw_ctx *ctx, const struct rw_prog *prog, CXCursor e)
{
	struct ext_info r = ext_level(ctx, prog, e);

	if (!r.ext) {
		r.user = false;
		r.level = -1;
	}
	return r;
}

/* &p with p an external pointer variable: a pointer to one (one deref) */
static const struct ext_ptr *addr_of_ext(struct rw_ctx *ctx, CXCursor e)
{
	CXCursor s = strip_expr(e), op;
	size_t b, en;

	if (clang_getCursorKind(s) == CXCursor_DeclRefExpr) {
		const struct ext_ptr *ep = rw_find_ext(ctx, clang_getCursorReferenced(s));

		return ep && ep->derefs == 1 ? ep : NULL;
	}
	if (clang_getCursorKind(s) != CXCursor_UnaryOperator || !cursor_range(ctx, s, &b, &en) ||
	    ctx->src[b] != '&')
		return NULL;
	op = strip_expr(first_child(s));
	if (clang_getCursorKind(op) == CXCursor_DeclRefExpr) {
		const struct ext_ptr *ep = rw_find_ext(ctx, clang_getCursorReferenced(op));

		return ep && ep->derefs == 0 ? ep : NULL;
	}
	return NULL;
}

/* A lookup from a map whose values are external pointers. */
static const struct rw_map *ext_map_lookup(struct rw_ctx *ctx, CXCursor e)
{
	struct rw_map *m = rw_map_lookup(ctx, strip_expr(e));

	return m && m->stores_ext ? m : NULL;
}

/* What @rhs makes of a pointer variable: external (derefs 0), a pointer to
 * external pointers (derefs 1), ..., or nothing (-1). */
static int assigned_ext(struct rw_ctx *ctx, const struct rw_prog *prog, CXCursor rhs, bool *user)
{
	struct ext_info ei = ext_level(ctx, prog, rhs);
	const struct rw_map *m;

	if (ei.level >= 0) {
		*user = ei.user;
		return ei.level;
	}
	if ((m = ext_map_lookup(ctx, rhs))) {
		*user = m->ext_user;
		return 1;
	}
	return -1;
}

struct analyze_state {
	struct rw_ctx *ctx;
	const struct rw_prog *prog;
	bool changed;
	int err;
};

static enum CXChildVisitResult analyze_node(CXCursor c, CXCursor parent, CXClientData data)
{
	struct analyze_state *st = data;
	struct rw_ctx *ctx = st->ctx;
	enum CXCursorKind k = clang_getCursorKind(c);
	struct ext_info ei;

	(void)parent;
	if (st->err)
		return CXChildVisit_Break;
	if (k == CXCursor_VarDecl && type_is_pointer(clang_getCursorType(c))) {
		unsigned n;
		CXCursor *ch = cursor_children(c, &n);

		/* the initializer is the last child (earlier ones: type refs) */
		if (n && clang_isExpression(clang_getCursorKind(ch[n - 1]))) {
			bool user = false;
			int d = assigned_ext(ctx, st->prog, ch[n - 1], &user);

			if (d >= 0)
				st->err = add_ext(ctx, c, d, user, &st->changed);
		}
		free(ch);
	} else if (k == CXCursor_BinaryOperator) {
		unsigned n;
		CXCursor *ch = cursor_children(c, &n);
		char *op = n == 2 ? binary_operator(ctx, c, ch[0]) : NULL;

		if (op && !strcmp(op, "=")) {
			CXCursor lhs = strip_implicit(ch[0]);

			if (clang_getCursorKind(lhs) == CXCursor_MemberRefExpr &&
			    type_is_pointer(clang_getCursorType(lhs))) {
				ei = ext_expr(ctx, st->prog, ch[1]);
				if (ei.ext)
					st->err = add_ext(ctx, clang_getCursorReferenced(lhs), 0,
							  ei.user, &st->changed);
			}
			if (type_is_pointer(clang_getCursorType(lhs))) {
				/* p = sk, and *pp = sk: pp points at a variable
				 * that now holds an external pointer */
				int stars = 0;
				bool user = false;
				int d;

				while (clang_getCursorKind(lhs) == CXCursor_UnaryOperator &&
				       unary_operator_is(ctx, lhs, "*")) {
					lhs = strip_expr(first_child(lhs));
					stars++;
				}
				d = clang_getCursorKind(lhs) == CXCursor_DeclRefExpr
				    ? assigned_ext(ctx, st->prog, ch[1], &user) : -1;
				if (d >= 0)
					st->err = add_ext(ctx, clang_getCursorReferenced(lhs),
							  d + stars, user, &st->changed);
			}
		}
		free(op);
		free(ch);
	} else if (k == CXCursor_CallExpr && rw_map_call(ctx, c, NULL)) {
		/* map.update(&k, &sk) with sk external: the map holds external
		 * pointers, and every lookup from it yields pointers to them */
		char *method = NULL;
		struct rw_map *m = rw_map_call(ctx, c, &method);
		const struct ext_ptr *ep;

		if (method && (!strcmp(method, "update") || !strcmp(method, "insert")) &&
		    clang_Cursor_getNumArguments(c) == 2 &&
		    (ep = addr_of_ext(ctx, clang_Cursor_getArgument(c, 1))) && !m->stores_ext) {
			m->stores_ext = true;
			m->ext_user = ep->user;
			st->changed = true;
		}
		free(method);
	} else if (k == CXCursor_CallExpr) {
		/* arguments into static helpers, as BCC's VisitCallExpr */
		CXCursor fn = clang_getCursorReferenced(c);
		int n = clang_Cursor_getNumArguments(c);

		if (clang_getCursorKind(fn) == CXCursor_FunctionDecl) {
			CXCursor def = clang_getCursorDefinition(fn);

			for (int i = 0; !clang_Cursor_isNull(def) && i < n &&
			     i < clang_Cursor_getNumArguments(def); i++) {
				CXCursor param = clang_Cursor_getArgument(def, i);

				if (!type_is_pointer(clang_getCursorType(param)))
					continue;
				/* f(sk), and f(&sk): a pointer to one */
				ei = ext_level(ctx, st->prog, clang_Cursor_getArgument(c, i));
				if (ei.level >= 0)
					st->err = add_ext(ctx, param, ei.level, ei.user,
							  &st->changed);
			}
		}
	} else if (k == CXCursor_ReturnStmt && st->prog && st->prog->kind == PROG_NONE) {
		CXCursor v = first_child(c);

		if (!clang_Cursor_isNull(v) && type_is_pointer(clang_getCursorType(v))) {
			ei = ext_level(ctx, st->prog, v);
			if (ei.level >= 0)
				st->err = add_ext(ctx, st->prog->fn, ei.level, ei.user,
						  &st->changed);
		}
	}
	return CXChildVisit_Recurse;
}

static int add_program_params(struct rw_ctx *ctx, const struct rw_prog *p, bool *changed)
{
	int n = clang_Cursor_getNumArguments(p->fn);
	bool user;
	int err = 0;

	switch (p->kind) {
	case PROG_KPROBE:
	case PROG_KRETPROBE:
		user = false;
		break;
	case PROG_KSYSCALL:
	case PROG_KRETSYSCALL:
	case PROG_UPROBE:
	case PROG_URETPROBE:
		user = true;
		break;
	default:
		return 0;
	}
	for (int i = 1; i < n && !err; i++) {
		CXCursor prm = clang_Cursor_getArgument(p->fn, i);

		if (type_is_pointer(clang_getCursorType(prm)))
			err = add_ext(ctx, prm, 0, user, changed);
	}
	return err;
}

int pass_kernel_reads__analyze(struct rw_ctx *ctx)
{
	struct analyze_state st = { .ctx = ctx };
	int rounds = 0;

	for (size_t i = 0; i < ctx->prog_cnt && !st.err; i++)
		st.err = add_program_params(ctx, &ctx->progs[i], &st.changed);
	/* to a fixed point: helpers may be defined before their callers */
	do {
		st.changed = false;
		for (size_t i = 0; i < ctx->prog_cnt && !st.err; i++) {
			st.prog = &ctx->progs[i];
			clang_visitChildren(ctx->progs[i].fn, analyze_node, &st);
		}
	} while (st.changed && !st.err && ++rounds < 16);
	return st.err;
}

int pass_kernel_reads__add_param(struct rw_ctx *ctx, CXCursor param)
{
	bool changed = false;

	if (!type_is_pointer(clang_getCursorType(param)))
		return 0;
	return add_ext(ctx, param, 0, false, &changed);
}

/* --- rewrite --- */

static bool in_unevaluated(const struct walk_frame *f)
{
	for (const struct walk_frame *p = f->parent; p; p = p->parent) {
		enum CXCursorKind k = clang_getCursorKind(p->cursor);

		if (k == CXCursor_UnaryExpr)	/* sizeof, _Alignof */
			return true;
		if (clang_isStatement(k) || clang_isDeclaration(k))
			return false;
	}
	return false;
}

static bool is_chain_node(CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);

	return k == CXCursor_MemberRefExpr ||
	       (k == CXCursor_ArraySubscriptExpr &&
		clang_getCursorKind(strip_implicit(first_child(c))) == CXCursor_MemberRefExpr &&
		type_is_array(clang_getCursorType(strip_implicit(first_child(c)))));
}

/* Does the parent continue the access chain through @f's node? */
static bool parent_continues(const struct walk_frame *f)
{
	const struct walk_frame *p = walk_real_parent(f);

	if (!p || !is_chain_node(p->cursor))
		return false;
	if (clang_getCursorKind(p->cursor) == CXCursor_ArraySubscriptExpr)
		return type_is_array(clang_getCursorType(f->cursor));
	return true;
}

static bool chain_node_in_ext(struct rw_ctx *ctx, const struct rw_prog *prog, CXCursor n)
{
	if (clang_getCursorKind(n) == CXCursor_ArraySubscriptExpr)
		n = strip_implicit(first_child(n));
	return clang_getCursorKind(n) == CXCursor_MemberRefExpr && in_ext_memory(ctx, prog, n).ext;
}

struct chain {
	CXCursor root;		/* the external pointer expression */
	struct strbuf groups[32];	/* accessors between "->"s */
	CXCursor group_member[32];	/* the member each group reads through "->" */
	/* renamed fields (task_struct.state & co): the reader replaces
	 * ren_steps groups from here */
	const struct field_rename *ren[32];
	int ren_steps[32];
	struct parsed_rename *ren_parsed[32];
	int n;
	bool all_kernel_types;	/* every struct accessed comes from vmlinux.h */
	bool last_bitfield;
};

/* Is group @g the name of its member alone (no .x or [i] after it)? */
static bool group_is_name(struct chain *ch, int g)
{
	char *name = cursor_spelling(ch->group_member[g]);
	bool r = name && !strcmp(name, ch->groups[g].buf);

	free(name);
	return r;
}

static void find_renames(struct rw_ctx *ctx, struct chain *ch)
{
	for (int g = 0; g < ch->n; g++) {
		int steps = 0;

		if (!group_is_name(ch, g))
			continue;
		ch->ren[g] = field_rename__at(ctx, ch->group_member[g],
					      g + 1 < ch->n && group_is_name(ch, g + 1)
					      ? ch->groups[g + 1].buf : NULL,
					      &steps, &ch->ren_parsed[g]);
		ch->ren_steps[g] = steps;
	}
}

static void chain_free(struct chain *ch)
{
	for (int i = 0; i < 32; i++)
		strbuf_free(&ch->groups[i]);
}

/* Walks @top down to its root. Returns false when @top does not read
 * external memory. */
static bool build_chain(struct rw_ctx *ctx, const struct rw_prog *prog, CXCursor top,
			struct chain *ch, struct ext_info *ei)
{
	struct strbuf rev = {};	/* accessors, innermost last, separated by \1 */
	CXCursor cur = top;
	char *pieces[64];
	CXCursor piece_member[64];
	int np = 0;
	bool ok = false;

	memset(ch, 0, sizeof(*ch));
	ch->all_kernel_types = true;
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(cur);
		CXCursor base;
		char *name, *op, *piece = NULL;

		if (np >= 63)
			break;
		if (k == CXCursor_ArraySubscriptExpr) {
			unsigned n;
			CXCursor *kids = cursor_children(cur, &n);
			char *idx = n == 2 ? cursor_text(ctx, kids[1]) : NULL;

			free(kids);
			if (!idx)
				break;
			if (asprintf(&piece, "[%s]", idx) < 0)
				piece = NULL;
			free(idx);
			pieces[np++] = piece;
			cur = strip_implicit(first_child(cur));
			continue;
		}
		if (k != CXCursor_MemberRefExpr)
			break;
		name = cursor_spelling(cur);
		base = first_child(cur);
		op = member_ref_op(ctx, cur, NULL);
		if (!op) {
			free(name);
			break;
		}
		if (!*name && op[0] == '.') {
			/* a member of an anonymous struct/union: C names it through */
			free(name);
			cur = strip_implicit(base);
			continue;
		}
		if (np == 0) {
			CXCursor fd = clang_getCursorReferenced(cur);

			ch->last_bitfield = clang_Cursor_isBitField(fd);
		}
		if (!type_from_vmlinux(clang_getCursorType(base)))
			ch->all_kernel_types = false;
		if (asprintf(&piece, "%s%s", op[0] == '-' ? "\1" : ".", name) < 0)
			piece = NULL;
		free(name);
		piece_member[np] = cur;
		pieces[np++] = piece;
		if (op[0] == '-') {
			CXCursor sb = strip_implicit(base);

			/* the chain goes on while the base itself lives in external
			 * memory; a pointer read directly (a map value's field)
			 * is the root */
			if (is_chain_node(sb) && chain_node_in_ext(ctx, prog, sb)) {
				cur = sb;
				continue;
			}
			*ei = ext_expr(ctx, prog, base);
			if (ei->ext) {
				ch->root = base;
				ok = true;
			}
			break;
		}
		cur = strip_implicit(base);
	}
	if (ok) {
		/* pieces are outermost first: assemble innermost first */
		int g = -1;

		for (int i = np - 1; i >= 0; i--) {
			const char *p = pieces[i];

			if (!p) {
				ok = false;
				break;
			}
			if (p[0] == '\1') {
				/* "->" starts an accessor; an anonymous member
				 * reached through it has no name of its own */
				if (++g >= 32) {
					ok = false;
					break;
				}
				strbuf_puts(&ch->groups[g], p + 1);
				ch->group_member[g] = piece_member[i];
			} else if (g >= 0) {
				strbuf_puts(&ch->groups[g],
					    ch->groups[g].len || p[0] != '.' ? p : p + 1);
			} else {
				ok = false;	/* "." before the first "->": not external */
				break;
			}
		}
		ch->n = g + 1;
		if (ok)
			find_renames(ctx, ch);
	}
	for (int i = 0; i < np; i++)
		free(pieces[i]);
	strbuf_free(&rev);
	return ok && ch->n > 0;
}

/* BPF_CORE_READ(root, g[from], ..., g[to-1]) or the nested probe-read form. */
static void emit_read(struct strbuf *out, const char *root, struct chain *ch, int from, int to,
		      bool user)
{
	if (from == to) {
		strbuf_puts(out, root);
		return;
	}
	if (ch->all_kernel_types) {
		strbuf_printf(out, "%s(%s", user ? "BPF_CORE_READ_USER" : "BPF_CORE_READ", root);
		for (int i = from; i < to; i++)
			strbuf_printf(out, ", %s", ch->groups[i].buf);
		strbuf_puts(out, ")");
		return;
	}
	/* types of the program's own: no CO-RE relocation, plain reads */
	{
		struct strbuf cur = {};

		strbuf_puts(&cur, root);
		for (int i = from; i < to; i++) {
			struct strbuf next = {};

			strbuf_printf(&next, "%s(&(%s)->%s)", user ? "bcc2core_read_user"
				      : "bcc2core_read_kernel", cur.buf, ch->groups[i].buf);
			strbuf_free(&cur);
			cur = next;
		}
		strbuf_puts(out, cur.buf);
		strbuf_free(&cur);
	}
}

/* Groups [0, n) from @root, each renamed field through its reader:
 * req->rq_disk->disk_name -> BPF_CORE_READ(bcc2core_request_disk(req), disk_name) */
static void emit_reads(struct strbuf *out, const char *root, struct chain *ch, int n, bool user)
{
	struct strbuf cur = {};
	int start = 0;

	strbuf_puts(&cur, root);
	for (int g = 0; g < n && !user; g++) {
		struct strbuf base = {};

		if (!ch->ren[g] || g + ch->ren_steps[g] > n)
			continue;
		emit_read(&base, cur.buf, ch, start, g, user);
		strbuf_free(&cur);
		strbuf_printf(&cur, "%s(%s)", ch->ren[g]->reader, base.buf);
		strbuf_free(&base);
		if (ch->ren_parsed[g])
			ch->ren_parsed[g]->read = true;
		start = g + ch->ren_steps[g];
		g = start - 1;
	}
	emit_read(out, cur.buf, ch, start, n, user);
	strbuf_free(&cur);
}

struct local_member_search {
	struct rw_ctx *ctx;
	bool found;
};

static enum CXChildVisitResult find_local_member(CXCursor c, CXCursor parent, CXClientData data)
{
	struct local_member_search *lm = data;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_MemberRefExpr &&
	    !type_from_vmlinux(clang_getCursorType(first_child(c)))) {
		lm->found = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* CO-RE macros put their source under __builtin_preserve_access_index: a
 * root like valp->fp (a map value of the program's own type) would get a
 * relocation against a type the kernel does not have. */
static bool root_needs_hoist(struct rw_ctx *ctx, CXCursor root)
{
	struct local_member_search lm = { ctx, false };

	if (clang_getCursorKind(root) == CXCursor_MemberRefExpr)
		find_local_member(root, root, &lm);
	if (!lm.found)
		clang_visitChildren(root, find_local_member, &lm);
	return lm.found;
}

static bool is_arrow(struct rw_ctx *ctx, CXCursor member)
{
	const char *op = clang_getCursorKind(member) == CXCursor_MemberRefExpr
			 ? member_ref_op(ctx, member, NULL) : NULL;

	return op && op[0] == '-';
}

/* A renamed field read outside a kernel-pointer chain (BTF-typed programs
 * dereference directly): p->state, or both steps of req->q->disk, become
 * the reader. */
static int rewrite_direct_rename(struct rw_ctx *ctx, CXCursor top, size_t b, size_t e)
{
	CXCursor base = strip_implicit(first_child(top));
	const struct field_rename *fr = NULL;
	struct parsed_rename *pr = NULL;
	char *name, *root = NULL;
	int steps = 0, err = 0;

	if (!is_arrow(ctx, top))
		return 0;
	fr = field_rename__at(ctx, top, NULL, &steps, &pr);
	if (fr && steps == 1) {
		root = cursor_text(ctx, first_child(top));
	} else if (is_arrow(ctx, base)) {
		name = cursor_spelling(top);
		fr = field_rename__at(ctx, base, name, &steps, &pr);
		free(name);
		if (fr && steps == 2)
			root = cursor_text(ctx, first_child(base));
	}
	if (root) {
		struct strbuf out = {};

		strbuf_printf(&out, "%s(%s)", fr->reader, root);
		err = rw_edit(ctx, b, e, out.buf);
		strbuf_free(&out);
		if (pr)
			pr->read = true;
	}
	free(root);
	return err;
}

struct addr_search {
	struct rw_ctx *ctx;
	size_t b, e;
	bool found;
};

static enum CXChildVisitResult find_addr_of(CXCursor c, CXCursor parent, CXClientData data)
{
	struct addr_search *as = data;
	size_t b, e;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_UnaryOperator &&
	    cursor_range(as->ctx, strip_implicit(first_child(c)), &b, &e) &&
	    b == as->b && e == as->e && unary_operator_is(as->ctx, c, "&")) {
		as->found = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* Is @f's expression, spelled at [@b, @e), a macro's argument that the
 * macro also takes the address of? #define _(P) ({ typeof(P) v = 0;
 * bpf_probe_read_kernel(&v, sizeof(v), &P); v; }): one spelling serves
 * every use of P, so it stays an lvalue everywhere and the macro's own
 * probe read does the reading (at a relocated address). */
static bool macro_arg_address_taken(struct rw_ctx *ctx, const struct walk_frame *f, size_t b,
				    size_t e)
{
	CXSourceLocation loc = clang_getRangeStart(clang_getCursorExtent(f->cursor));
	struct addr_search as = { ctx, b, e, false };
	unsigned exp_off;

	clang_getExpansionLocation(loc, NULL, NULL, NULL, &exp_off);
	if (exp_off == b || !f->prog)
		return false;	/* not from a macro argument */
	clang_visitChildren(f->prog->fn, find_addr_of, &as);
	return as.found;
}

static bool chain_renamed(const struct chain *ch)
{
	for (int g = 0; g < ch->n; g++)
		if (ch->ren[g])
			return true;
	return false;
}

/* (COND ? BASE->g0->g1... : the chain's probe reads from @root): plain
 * BTF-typed loads where COND holds at load (a kernel helper, a form), else
 * BPF_CORE_READ; after constant folding one of the two is left */
static void emit_either(struct strbuf *out, const char *cond, const char *base, const char *root,
			struct chain *ch)
{
	strbuf_printf(out, "(%s ? %s", cond, base);
	for (int g = 0; g < ch->n; g++)
		strbuf_printf(out, "->%s", ch->groups[g].buf);
	strbuf_puts(out, " : ");
	emit_reads(out, root, ch, ch->n, false);
	strbuf_puts(out, ")");
}

/* constant subscripts only: a BTF-typed load needs a fixed offset */
static bool constant_subscripts(const struct chain *ch)
{
	for (int g = 0; g < ch->n; g++)
		for (const char *s = strchr(ch->groups[g].buf, '['); s; s = strchr(s, '['))
			for (s++; *s != ']'; s++)
				if (*s < '0' || *s > '9')
					return false;
	return true;
}

/* An integer, or a pointer to no struct (dentry->d_name.name), read from a
 * kprobe program's argument, or from a raw tracepoint's: a plain load in
 * its fentry or tp_btf form (arg_reads.c). The flag that says which form
 * runs, or NULL. */
static const char *direct_arg_read(struct rw_ctx *ctx, const struct walk_frame *f,
				   const struct chain *ch, const struct ext_info *ei, char **copy)
{
	*copy = NULL;
	if (ei->user || !ch->all_kernel_types || ch->last_bitfield || chain_renamed(ch) ||
	    !(type_is_integer(clang_getCursorType(f->cursor)) ||
	      type_is_scalar_pointer(clang_getCursorType(f->cursor))) ||
	    !constant_subscripts(ch))
		return NULL;
	if (arg_reads__direct(ctx, f->prog, ch->root, copy))
		return "bcc2core_btf_args";
	if (arg_reads__tp_btf(ctx, f->prog, ch->root))
		return "BCC2CORE_TP_BTF";
	if (arg_reads__fexit_ret(ctx, f->prog, ch->root))
		return "BCC2CORE_FEXIT";
	return NULL;
}

/* what a plain load starts from: the argument's copy if it has one, else
 * the root, in parentheses unless a plain name */
static void plain_base(struct strbuf *out, const struct chain *ch, const char *root,
		       const char *copy)
{
	bool plain = clang_getCursorKind(strip_implicit(ch->root)) == CXCursor_DeclRefExpr;

	strbuf_printf(out, plain || copy ? "%s" : "(%s)", copy ?: root);
}

/* bpf_probe_read_kernel(&v, sizeof(v), &p->field), the program's own: a
 * plain load where the form reads p so (probe_read_loads.c); an integer
 * field only (v is an integer: a pointer would not assign to it) */
static int probe_read_as_load(struct rw_ctx *ctx, const struct walk_frame *f, struct chain *ch,
			      const struct ext_info *ei, const char *root)
{
	struct strbuf load = {};
	char *dst = NULL, *copy = NULL;
	const char *flag;
	CXCursor call;
	int err = 0;

	if (!type_is_integer(clang_getCursorType(f->cursor)) ||
	    !probe_read_load__call(ctx, f, &call, &dst))
		return 0;
	flag = direct_arg_read(ctx, f, ch, ei, &copy);
	if (flag) {
		plain_base(&load, ch, root, copy);
		strbuf_printf(&load, "->%s", ch->groups[0].buf);
		err = probe_read_load__wrap(ctx, call, flag, dst, load.buf);
	}
	strbuf_free(&load);
	free(copy);
	free(dst);
	return err;
}

static int rewrite_chain(struct rw_ctx *ctx, const struct walk_frame *f)
{
	const struct walk_frame *par = walk_real_parent(f);
	struct ext_info ei = {};
	struct chain ch;
	struct strbuf out = {}, hoist = {};
	char *root = NULL, *copy = NULL;
	size_t b, e;
	bool addr = false, arr;
	const char *flag;
	int err = 0;

	if (!cursor_range(ctx, f->cursor, &b, &e) || b == e)
		return 0;
	if (!build_chain(ctx, f->prog, f->cursor, &ch, &ei)) {
		/* BTF-typed programs read p->state directly; still go through
		 * the reader, so the object runs on kernels with either name */
		if (!expr_is_written(ctx, f))
			err = rewrite_direct_rename(ctx, f->cursor, b, e);
		goto out;
	}
	if (expr_is_written(ctx, f)) {
		rw_error(ctx, b, "copy the value to the stack, change it there; kernel memory is "
			 "read-only to tracing programs", "cannot write to kernel memory");
		goto out;
	}
	if (par && clang_getCursorKind(par->cursor) == CXCursor_UnaryOperator &&
	    unary_operator_is(ctx, par->cursor, "&"))
		addr = true;
	else if (macro_arg_address_taken(ctx, f, b, e))
		addr = true;
	arr = type_is_array(clang_getCursorType(f->cursor));
	root = cursor_text(ctx, ch.root);
	if (!root)
		goto out;
	if (root_needs_hoist(ctx, ch.root)) {
		strbuf_printf(&hoist, "({ typeof(%s) __bcc2core_root = %s; ", root, root);
		free(root);
		root = strdup("__bcc2core_root");
	}
	if (addr || arr) {
		/* an address: read the pointers on the way, compute the last step */
		if (ch.n == 1) {
			if (addr && !arr && !hoist.len)
				err = probe_read_as_load(ctx, f, &ch, &ei, root);
			goto out;
		}
		emit_reads(&out, root, &ch, ch.n - 1, ei.user);
		strbuf_printf(&out, "->%s", ch.groups[ch.n - 1].buf);
	} else if (ch.last_bitfield && ch.all_kernel_types && !ei.user && !ch.ren[ch.n - 1]) {
		struct strbuf base = {};

		emit_reads(&base, root, &ch, ch.n - 1, ei.user);
		strbuf_printf(&out, "BPF_CORE_READ_BITFIELD_PROBED(%s, %s)", base.buf,
			      ch.groups[ch.n - 1].buf);
		strbuf_free(&base);
	} else if (!ei.user && ch.all_kernel_types && !chain_renamed(&ch) &&
		   current_task_root(ctx, ch.root) && current_task_btf_known(ctx)) {
		emit_either(&out, "bcc2core_task_btf_ok()", "bpf_get_current_task_btf()", root,
			    &ch);
	} else if (!hoist.len && (flag = direct_arg_read(ctx, f, &ch, &ei, &copy))) {
		struct strbuf base = {};

		plain_base(&base, &ch, root, copy);
		emit_either(&out, flag, base.buf, root, &ch);
		strbuf_free(&base);
	} else {
		emit_reads(&out, root, &ch, ch.n, ei.user);
	}
	if (hoist.len) {
		strbuf_printf(&hoist, "%s; })", out.buf);
		err = rw_edit(ctx, b, e, hoist.buf);
	} else {
		err = rw_edit(ctx, b, e, out.buf);
	}
out:
	chain_free(&ch);
	strbuf_free(&out);
	strbuf_free(&hoist);
	free(copy);
	free(root);
	return err;
}

/* *p and p[i] through an external pointer with no field to relocate. */
static int rewrite_deref(struct rw_ctx *ctx, const struct walk_frame *f, bool subscript)
{
	CXCursor s = f->cursor, ptr;
	const struct walk_frame *par = walk_real_parent(f);
	struct ext_info ei;
	char *text = NULL, *p = NULL, *idx = NULL;
	size_t b, e;
	int err = 0;

	if (!cursor_range(ctx, s, &b, &e) || b == e)
		return 0;
	if (!subscript && !unary_operator_is(ctx, s, "*"))
		return 0;
	if (par && clang_getCursorKind(par->cursor) == CXCursor_UnaryOperator &&
	    unary_operator_is(ctx, par->cursor, "&"))
		return 0;
	if (macro_arg_address_taken(ctx, f, b, e))
		return 0;
	ptr = first_child(s);
	if (!type_is_pointer(clang_getCursorType(strip_implicit(ptr))) &&
	    !type_is_pointer(clang_getCursorType(ptr)))
		return 0;
	ei = ext_expr(ctx, f->prog, ptr);
	if (!ei.ext)
		return 0;
	if (type_is_array(clang_getCursorType(s)) ||
	    clang_getCanonicalType(clang_getCursorType(s)).kind == CXType_Record)
		return 0;	/* an address, or a struct read member by member */
	if (expr_is_written(ctx, f)) {
		rw_error(ctx, b, "copy the value to the stack, change it there",
			 "cannot write to kernel memory");
		return 0;
	}
	p = cursor_text(ctx, ptr);
	if (subscript) {
		unsigned n;
		CXCursor *kids = cursor_children(s, &n);

		idx = n == 2 ? cursor_text(ctx, kids[1]) : NULL;
		free(kids);
		if (!idx)
			goto out;
		if (!strcmp(idx, "0") ? asprintf(&text, "%s(%s)", ei.user ? "bcc2core_read_user"
						    : "bcc2core_read_kernel", p) < 0
		    : asprintf(&text, "%s(%s + %s)", ei.user ? "bcc2core_read_user"
			       : "bcc2core_read_kernel", p, idx) < 0)
			text = NULL;
	} else if (asprintf(&text, "%s(%s)", ei.user ? "bcc2core_read_user"
			    : "bcc2core_read_kernel", p) < 0) {
		text = NULL;
	}
	if (text)
		err = rw_edit(ctx, b, e, text);
out:
	free(text);
	free(p);
	free(idx);
	return err;
}

int pass_kernel_reads__visit(struct rw_ctx *ctx, const struct walk_frame *f)
{
	enum CXCursorKind k = clang_getCursorKind(f->cursor);

	if (!f->prog || in_unevaluated(f))
		return 0;
	if (is_chain_node(f->cursor)) {
		if (parent_continues(f))
			return 0;
		return rewrite_chain(ctx, f);
	}
	if (k == CXCursor_ArraySubscriptExpr)
		return rewrite_deref(ctx, f, true);
	if (k == CXCursor_UnaryOperator)
		return rewrite_deref(ctx, f, false);
	return 0;
}
