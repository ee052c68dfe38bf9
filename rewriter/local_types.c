// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A struct or union of the program's own that takes a kernel type's name
 * (struct sock { u32 *sk_daddr; }): is it the kernel's type written out
 * again, or one of its own, and where is it named. The parse's fixups
 * (parse.c) rename it from what these find. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Is @name a macro the program itself defines? Then its field names mean
 * what the program says, macro and all. */
static bool main_file_macro(struct rw_ctx *ctx, CXTranslationUnit tu, const char *name)
{
	unsigned n;
	CXCursor *top = cursor_children(clang_getTranslationUnitCursor(tu), &n);
	bool r = false;

	for (unsigned i = 0; i < n && !r; i++) {
		CXFile file;
		char *s;

		if (clang_getCursorKind(top[i]) != CXCursor_MacroDefinition)
			continue;
		clang_getFileLocation(clang_getCursorLocation(top[i]), &file, NULL, NULL, NULL);
		if (!file || !clang_File_isEqual(file, ctx->main_file))
			continue;
		s = cursor_spelling(top[i]);
		r = s && !strcmp(s, name);
		free(s);
	}
	free(top);
	return r;
}

bool local_type__is_own(struct rw_ctx *ctx, CXTranslationUnit tu, CXCursor local,
			CXCursor kernel)
{
	CXType kt = clang_getCanonicalType(clang_getCursorType(kernel));
	enum CXCursorKind k = clang_getCursorKind(local);
	unsigned n;
	CXCursor *fields;
	bool own = false;

	if ((k != CXCursor_StructDecl && k != CXCursor_UnionDecl) ||
	    clang_getCursorKind(kernel) != k || cursor_in_main_file(ctx, kernel))
		return false;	/* the program's own struct twice is an error of its own */
	fields = cursor_children(local, &n);
	for (unsigned i = 0; i < n; i++) {
		CXFile file;
		unsigned off;
		char *spelled, *name;

		if (clang_getCursorKind(fields[i]) != CXCursor_FieldDecl)
			continue;
		clang_getFileLocation(clang_getCursorLocation(fields[i]), &file, NULL, NULL, &off);
		if (!file || !clang_File_isEqual(file, ctx->main_file))
			continue;
		/* the name as written, and what the parse made of it */
		spelled = diagnostic__identifier_at(tu, file, off);
		name = cursor_spelling(fields[i]);
		if (spelled && name && strcmp(spelled, name) && !main_file_macro(ctx, tu, spelled)) {
			/* a compat macro for the kernel type's old field
			 * spelling (sk_daddr -> __sk_common.skc_daddr) */
			own = true;
			if (strv_add(&ctx->local_undefs, &ctx->local_undef_cnt, spelled,
				     strlen(spelled)) < 0)
				own = false;
		} else if (spelled && !record_has_field(kt, spelled)) {
			own = true;
		}
		free(spelled);
		free(name);
	}
	free(fields);
	return own;
}

struct use_search {
	struct rw_ctx *ctx;
	CXTranslationUnit tu;
	const char *name;
	size_t *offs;
	size_t cnt;
	int err;
};

static enum CXChildVisitResult find_uses(CXCursor c, CXCursor parent, CXClientData data)
{
	struct use_search *us = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXFile file;
	unsigned off;
	char *s;

	(void)parent;
	clang_getFileLocation(clang_getCursorLocation(c), &file, NULL, NULL, &off);
	if (!file || !clang_File_isEqual(file, us->ctx->main_file))
		return CXChildVisit_Continue;	/* the headers' declarations */
	if (k == CXCursor_TypeRef || k == CXCursor_StructDecl || k == CXCursor_UnionDecl) {
		CXCursor ref = k == CXCursor_TypeRef ? clang_getCursorReferenced(c) : c;
		enum CXCursorKind rk = clang_getCursorKind(ref);

		/* written as that name (not a typedef's, nor a macro's other) */
		if ((rk == CXCursor_StructDecl || rk == CXCursor_UnionDecl) &&
		    (s = diagnostic__identifier_at(us->tu, file, off))) {
			char *rn = cursor_spelling(ref);

			if (rn && !strcmp(rn, us->name) && !strcmp(s, us->name)) {
				size_t *p = realloc(us->offs, (us->cnt + 1) * sizeof(*p));

				if (!p) {
					us->err = -ENOMEM;
					free(rn);
					free(s);
					return CXChildVisit_Break;
				}
				us->offs = p;
				p[us->cnt++] = off;
			}
			free(rn);
			free(s);
		}
	}
	return CXChildVisit_Recurse;
}

int local_type__uses(struct rw_ctx *ctx, CXTranslationUnit tu, const char *name, size_t **offs,
		     size_t *cnt)
{
	struct use_search us = { ctx, tu, name, NULL, 0, 0 };

	clang_visitChildren(clang_getTranslationUnitCursor(tu), find_uses, &us);
	if (us.err) {
		free(us.offs);
		return us.err;
	}
	*offs = us.offs;
	*cnt = us.cnt;
	return 0;
}
