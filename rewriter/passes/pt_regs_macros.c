// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The PT_REGS_* macro invocations in a stretch of the main file: how a
 * kprobe program reads its registers, which its alternate forms redefine
 * (twins.c), and where a kretprobe's local holds the return value
 * (arg_reads.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

/* @name is the expansion list's own (freed with the translation unit, after
 * every pass): kept as it is, not copied */
static int add_pt_regs_macro(size_t xb, size_t xe, const char *name, void *data)
{
	struct pt_regs_macros *m = data;
	size_t *bs, *es;
	const char **names;

	if (strncmp(name, "PT_REGS_", 8))
		return 0;
	bs = realloc(m->b, (m->cnt + 1) * sizeof(*bs));
	if (bs)
		m->b = bs;
	es = realloc(m->e, (m->cnt + 1) * sizeof(*es));
	if (es)
		m->e = es;
	names = realloc(m->names, (m->cnt + 1) * sizeof(*names));
	if (names)
		m->names = names;
	if (!bs || !es || !names)
		return -ENOMEM;
	m->b[m->cnt] = xb;
	m->e[m->cnt] = xe;
	m->names[m->cnt++] = name;
	return 0;
}

int pt_regs_macros__collect(struct rw_ctx *ctx, size_t b, size_t e, struct pt_regs_macros *m)
{
	return macro_expansions__each(ctx, b, e, add_pt_regs_macro, m);
}

void pt_regs_macros__free(struct pt_regs_macros *m)
{
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
	/* one expansion, all of what the casts hold, naming @regs alone */
	ok = !pt_regs_macros__collect(ctx, b, e, &m) && m.cnt == 1 && !strcmp(m.names[0], "PT_REGS_RC") && m.b[0] == ib && m.e[0] == ie;
	pt_regs_macros__free(&m);
	if (!ok)
		return false;
	count_decl_refs(inner, init, &r);
	clang_visitChildren(inner, count_decl_refs, &r);
	return r.param_refs == 1 && !r.other_refs;
}
