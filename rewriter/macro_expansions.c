// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The macro expansions of the main file, listed once per parse. Macros
 * are not in the AST: libclang gives their expansions as the translation
 * unit's top-level MacroExpansion cursors, among every declaration of every
 * header, so walking that list for each question costs a conversion more
 * than the question does. The list is sorted by where each expansion
 * starts, and freed when the translation unit goes (parse.c). */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

struct macro_expansion {
	size_t b, e;	/* the invocation's bytes in the main file */
	char *name;
};

static int expansion_cmp(const void *a, const void *b)
{
	const struct macro_expansion *x = a, *y = b;

	return x->b < y->b ? -1 : x->b > y->b;
}

void macro_expansions__free(struct rw_ctx *ctx)
{
	for (size_t i = 0; i < ctx->expansion_cnt; i++)
		free(ctx->expansions[i].name);
	free(ctx->expansions);
	ctx->expansions = NULL;
	ctx->expansion_cnt = 0;
	ctx->expansions_listed = false;
}

/* 0, or -ENOMEM (the list is then empty, and listed again next time) */
static int list_expansions(struct rw_ctx *ctx)
{
	unsigned n;
	CXCursor *top = cursor_children(clang_getTranslationUnitCursor(ctx->tu), &n);
	struct macro_expansion *list = NULL;
	size_t cnt = 0;
	int err = 0;

	for (unsigned i = 0; i < n && !err; i++) {
		size_t b, e;

		if (clang_getCursorKind(top[i]) != CXCursor_MacroExpansion ||
		    !cursor_range(ctx, top[i], &b, &e))
			continue;
		if (!(cnt & (cnt + 1))) {	/* 0, 1, 3, 7, ...: double */
			struct macro_expansion *l = realloc(list, (2 * cnt + 1) * sizeof(*l));

			if (!l) {
				err = -ENOMEM;
				break;
			}
			list = l;
		}
		list[cnt].b = b;
		list[cnt].e = e;
		list[cnt].name = cursor_spelling(top[i]);
		if (!list[cnt++].name)
			err = -ENOMEM;
	}
	free(top);
	ctx->expansions = list;
	ctx->expansion_cnt = cnt;
	if (err) {
		macro_expansions__free(ctx);
		return err;
	}
	if (cnt)
		qsort(list, cnt, sizeof(*list), expansion_cmp);
	ctx->expansions_listed = true;
	return 0;
}

int macro_expansions__each(struct rw_ctx *ctx, size_t b, size_t e,
			   int (*fn)(size_t xb, size_t xe, const char *name, void *data), void *data)
{
	int err = 0;

	if (!ctx->expansions_listed && (err = list_expansions(ctx)))
		return err;
	for (size_t i = 0; i < ctx->expansion_cnt && ctx->expansions[i].b < e && !err; i++) {
		const struct macro_expansion *x = &ctx->expansions[i];

		if (x->b >= b && x->e <= e)
			err = fn(x->b, x->e, x->name, data);
	}
	return err;
}

bool macro_expansions__overlap(struct rw_ctx *ctx, size_t b, size_t e)
{
	if (!ctx->expansions_listed && list_expansions(ctx))
		return true;	/* not known: as if there were one */
	for (size_t i = 0; i < ctx->expansion_cnt && ctx->expansions[i].b < e; i++)
		if (ctx->expansions[i].e > b)
			return true;
	return false;
}

bool spelled_in_place(struct rw_ctx *ctx, CXCursor c)
{
	size_t b, e;

	return cursor_range(ctx, c, &b, &e) && b < e && !macro_expansions__overlap(ctx, b, e);
}

bool cursor_is_macro_argument(CXCursor c)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	unsigned expansion, written;

	/* libclang's spelling location of a macro argument is where the
	 * argument was written; of a name in a macro's body, the invocation */
	clang_getExpansionLocation(loc, NULL, NULL, NULL, &expansion);
	clang_getSpellingLocation(loc, NULL, NULL, NULL, &written);
	return expansion != written;
}
