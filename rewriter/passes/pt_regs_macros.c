// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The PT_REGS_* macro invocations in a stretch of the main file: how a
 * kprobe program reads its registers, which its alternate forms redefine
 * (twins.c), and where a kretprobe's local holds the return value
 * (arg_reads.c). Macros are not in the AST: their expansions are the
 * translation unit's MacroExpansion cursors. */
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

void pt_regs_macros__collect(struct rw_ctx *ctx, size_t b, size_t e, struct pt_regs_macros *m)
{
	CXCursor tu = clang_getTranslationUnitCursor(ctx->tu);
	unsigned n;
	CXCursor *top = cursor_children(tu, &n);

	for (unsigned i = 0; i < n; i++) {
		size_t xb, xe;
		char *name;

		if (clang_getCursorKind(top[i]) != CXCursor_MacroExpansion ||
		    !cursor_range(ctx, top[i], &xb, &xe) || xb < b || xe > e)
			continue;
		name = cursor_spelling(top[i]);
		if (strncmp(name, "PT_REGS_", 8)) {
			free(name);
			continue;
		}
		m->b = realloc(m->b, (m->cnt + 1) * sizeof(size_t));
		m->e = realloc(m->e, (m->cnt + 1) * sizeof(size_t));
		m->names = realloc(m->names, (m->cnt + 1) * sizeof(char *));
		m->b[m->cnt] = xb;
		m->e[m->cnt] = xe;
		m->names[m->cnt++] = name;
	}
	free(top);
}

void pt_regs_macros__free(struct pt_regs_macros *m)
{
	for (size_t i = 0; i < m->cnt; i++)
		free(m->names[i]);
	free(m->names);
	free(m->b);
	free(m->e);
	memset(m, 0, sizeof(*m));
}

struct decl_refs {
	CXCursor param;
	size_t param_refs, other_refs;
};

static enum CXChildVisitResult count_decl_refs(CXCursor c, CXCursor parent, CXClientData data)
{
	struct decl_refs *r = data;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
		if (same_decl(clang_getCursorReferenced(c), r->param))
			r->param_refs++;
		else
			r->other_refs++;
	}
	return CXChildVisit_Recurse;
}

bool pt_regs_macros__is_return_value(struct rw_ctx *ctx, CXCursor init, CXCursor regs)
{
	struct pt_regs_macros m = {};
	struct decl_refs r = { .param = regs };
	CXCursor inner = strip_expr(init);
	size_t b, e, ib, ie;
	bool ok;

	if (!cursor_range(ctx, init, &b, &e) || !cursor_range(ctx, inner, &ib, &ie))
		return false;
	pt_regs_macros__collect(ctx, b, e, &m);
	/* one expansion, all of what the casts hold, naming @regs alone */
	ok = m.cnt == 1 && !strcmp(m.names[0], "PT_REGS_RC") && m.b[0] == ib && m.e[0] == ie;
	pt_regs_macros__free(&m);
	if (!ok)
		return false;
	count_decl_refs(inner, init, &r);
	clang_visitChildren(inner, count_decl_refs, &r);
	return r.param_refs == 1 && !r.other_refs;
}
