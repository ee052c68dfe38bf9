// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What a parse error is about, read from where it points, its notes and the
 * AST there: the words of its message change with the clang version. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* An error's place: its file and the offset in it (for an error in a macro
 * argument, where the argument is written). The AST is asked at the error's
 * own location, not at that offset: there a macro expansion covers what
 * the argument became. */
static bool error_place(CXDiagnostic d, CXFile *file, unsigned *off)
{
	if (clang_getDiagnosticSeverity(d) < CXDiagnostic_Error)
		return false;
	clang_getFileLocation(clang_getDiagnosticLocation(d), file, NULL, NULL, off);
	return *file != NULL;
}

static bool same_place(CXSourceLocation a, CXSourceLocation b)
{
	CXFile fa, fb;
	unsigned oa, ob;

	clang_getFileLocation(a, &fa, NULL, NULL, &oa);
	clang_getFileLocation(b, &fb, NULL, NULL, &ob);
	return fa && fb && clang_File_isEqual(fa, fb) && oa == ob;
}

/* The identifier that starts at @off of @file, or NULL. In a macro
 * argument clang_getLocationForOffset() gives the argument's expanded
 * place, where clang_getToken() finds nothing; clang_tokenize() of an
 * empty range there lexes where it is spelled. */
char *diagnostic__identifier_at(CXTranslationUnit tu, CXFile file, unsigned off)
{
	CXSourceLocation loc = clang_getLocationForOffset(tu, file, off);
	CXToken *toks;
	unsigned n;
	char *r = NULL;

	clang_tokenize(tu, clang_getRange(loc, loc), &toks, &n);
	if (n && clang_getTokenKind(toks[0]) == CXToken_Identifier)
		r = token_text(tu, toks[0]);
	clang_disposeTokens(tu, toks, n);
	return r;
}

/* Is @expr "base -> NAME" or "base . NAME" with NAME at @off? By its
 * tokens (comments aside): the first after @base is the operator, then
 * the name. */
static bool member_access_at(CXTranslationUnit tu, CXCursor expr, CXCursor base, unsigned off)
{
	unsigned base_end, n, k = 0;
	CXToken *toks, *op = NULL;
	bool r = false;

	clang_getSpellingLocation(clang_getRangeEnd(clang_getCursorExtent(base)), NULL, NULL, NULL,
				  &base_end);
	clang_tokenize(tu, clang_getCursorExtent(expr), &toks, &n);
	for (unsigned i = 0; i < n && k < 2; i++) {
		if (token_offset(tu, toks[i]) < base_end ||
		    clang_getTokenKind(toks[i]) == CXToken_Comment)
			continue;
		if (k++ == 0) {
			op = &toks[i];
		} else if (token_offset(tu, toks[i]) == off &&
			   clang_getTokenKind(*op) == CXToken_Punctuation) {
			r = token_is(tu, *op, "->") || token_is(tu, *op, ".");
		}
	}
	clang_disposeTokens(tu, toks, n);
	return r;
}

struct field_search {
	const char *name;
	bool found;
};

static enum CXVisitorResult find_field(CXCursor field, CXClientData data)
{
	struct field_search *fs = data;
	char *s = cursor_spelling(field);

	if (s && !*s)	/* an anonymous struct or union member: its fields are ours */
		clang_Type_visitFields(clang_getCanonicalType(clang_getCursorType(field)),
				       find_field, fs);
	else if (s && !strcmp(s, fs->name))
		fs->found = true;
	free(s);
	return fs->found ? CXVisit_Break : CXVisit_Continue;
}

bool record_has_field(CXType record, const char *name)
{
	struct field_search fs = { name, false };

	clang_Type_visitFields(record, find_field, &fs);
	return fs.found;
}

bool diagnostic__no_member(CXTranslationUnit tu, CXDiagnostic d, unsigned *off, char **member,
			   CXCursor *record)
{
	CXCursor expr, base;
	CXFile file;
	CXType t;

	*member = NULL;
	if (!error_place(d, &file, off))
		return false;
	/* the error points at the name of "base->name" or "base.name" ... */
	expr = clang_getCursor(tu, clang_getDiagnosticLocation(d));
	if (!clang_isExpression(clang_getCursorKind(expr)))
		return false;
	base = first_child(expr);
	if (!clang_isExpression(clang_getCursorKind(base)) || !member_access_at(tu, expr, base, *off))
		return false;
	/* ... whose base is a struct (or points to one) without that member */
	t = clang_getCanonicalType(clang_getCursorType(base));
	if (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	*record = clang_getTypeDeclaration(t);
	if (t.kind != CXType_Record || clang_getCursorKind(*record) != CXCursor_StructDecl)
		return false;
	*member = diagnostic__identifier_at(tu, file, *off);
	if (*member && !record_has_field(t, *member))
		return true;
	free(*member);
	*member = NULL;
	return false;
}

static bool is_tag(enum CXCursorKind k)
{
	return k == CXCursor_StructDecl || k == CXCursor_UnionDecl || k == CXCursor_EnumDecl;
}

/* Names of variables, functions, typedefs and enumerators share one scope. */
static bool is_ordinary(enum CXCursorKind k)
{
	return k == CXCursor_VarDecl || k == CXCursor_FunctionDecl || k == CXCursor_TypedefDecl ||
	       k == CXCursor_EnumConstantDecl || k == CXCursor_ParmDecl;
}

/* Is @d a second definition of the name @prev has, one that a name of its
 * own resolves? Two tags, or two different kinds of thing (a map named like
 * a kernel typedef); of two variables those of one linkage, or of
 * different types; of two functions those with one type and linkage. Not
 * typedefs, enumerators, or a function that contradicts a prototype: each
 * is one thing declared twice, wrongly. */
static bool redefines(CXCursor d, CXCursor prev)
{
	enum CXCursorKind kd = clang_getCursorKind(d), kp = clang_getCursorKind(prev);
	bool same_type, same_linkage;

	if (is_tag(kd) && is_tag(kp))
		return true;
	if (!is_ordinary(kd) || !is_ordinary(kp))
		return false;
	if (kd != kp)
		return true;
	same_type = clang_equalTypes(clang_getCanonicalType(clang_getCursorType(d)),
				     clang_getCanonicalType(clang_getCursorType(prev)));
	same_linkage = clang_getCursorLinkage(d) == clang_getCursorLinkage(prev);
	if (kd == CXCursor_VarDecl)
		return !same_type || same_linkage;
	return kd == CXCursor_FunctionDecl && same_type && same_linkage;
}

/* The declaration whose name @note points at, if it is named @name. */
static bool note_declares(CXTranslationUnit tu, CXDiagnostic note, const char *name,
			  CXCursor *decl)
{
	CXSourceLocation loc = clang_getDiagnosticLocation(note);
	char *s;
	bool r;

	*decl = clang_getCursor(tu, loc);
	if (!clang_isDeclaration(clang_getCursorKind(*decl)) ||
	    !same_place(clang_getCursorLocation(*decl), loc))
		return false;
	s = cursor_spelling(*decl);
	r = s && !strcmp(s, name);
	free(s);
	return r;
}

bool diagnostic__redefinition(CXTranslationUnit tu, CXDiagnostic d, unsigned *off, char **name,
			      CXCursor *decl_out, CXCursor *prev_out)
{
	CXSourceLocation loc;
	CXDiagnosticSet notes;
	CXCursor decl, prev = clang_getNullCursor();
	CXFile file;
	bool r = false;

	*name = NULL;
	if (!error_place(d, &file, off))
		return false;
	/* the error points at the name of a declaration ... */
	loc = clang_getDiagnosticLocation(d);
	decl = clang_getCursor(tu, loc);
	if (!clang_isDeclaration(clang_getCursorKind(decl)) ||
	    !same_place(clang_getCursorLocation(decl), loc))
		return false;
	*name = diagnostic__identifier_at(tu, file, *off);
	if (!*name)
		return false;
	/* ... and a note at an earlier declaration of that name */
	notes = clang_getChildDiagnostics(d);
	for (unsigned i = 0; !r && i < clang_getNumDiagnosticsInSet(notes); i++) {
		CXDiagnostic note = clang_getDiagnosticInSet(notes, i);

		r = note_declares(tu, note, *name, &prev) && !clang_equalCursors(prev, decl) &&
		    redefines(decl, prev);
		clang_disposeDiagnostic(note);
	}
	if (!r) {
		free(*name);
		*name = NULL;
	}
	*decl_out = decl;
	*prev_out = prev;
	return r;
}
