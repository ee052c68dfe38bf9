// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Cursors to byte ranges of the main file, text, and positioned messages. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static bool location_offset(struct rw_ctx *ctx, CXSourceLocation loc, size_t *off)
{
	CXFile file;
	unsigned offset;

	/* the spelling place: for a macro argument, where it was written; for a
	 * macro body, the invocation */
	clang_getFileLocation(loc, &file, NULL, NULL, &offset);
	if (!file || !clang_File_isEqual(file, ctx->main_file))
		return false;
	*off = offset;
	return true;
}

bool cursor_range(struct rw_ctx *ctx, CXCursor c, size_t *begin, size_t *end)
{
	CXSourceRange r = clang_getCursorExtent(c);

	if (!location_offset(ctx, clang_getRangeStart(r), begin) ||
	    !location_offset(ctx, clang_getRangeEnd(r), end))
		return false;
	return *begin <= *end && *end <= ctx->src_len;
}

bool cursor_offset(struct rw_ctx *ctx, CXCursor c, size_t *off)
{
	return location_offset(ctx, clang_getCursorLocation(c), off);
}

bool spelled_at(struct rw_ctx *ctx, size_t off, const char *word)
{
	size_t len = strlen(word);

	return off + len < ctx->src_len && !strncmp(ctx->src + off, word, len) &&
	       !(isalnum((unsigned char)ctx->src[off + len]) || ctx->src[off + len] == '_');
}

bool call_spelled_as(struct rw_ctx *ctx, CXCursor c, const char *name)
{
	size_t b, e;

	return cursor_range(ctx, c, &b, &e) && spelled_at(ctx, b, name);
}

bool memcpy_call_spelled(struct rw_ctx *ctx, CXCursor c)
{
	char *name = clang_getCursorKind(c) == CXCursor_CallExpr ? cursor_spelling(c) : NULL;
	bool yes = name && (!strcmp(name, "memcpy") || !strcmp(name, "__builtin_memcpy")) &&
		   clang_Cursor_getNumArguments(c) == 3 && call_spelled_as(ctx, c, name);

	free(name);
	return yes;
}

bool strv_has(char *const *v, size_t cnt, const char *s)
{
	for (size_t i = 0; i < cnt; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

int strv_add(char ***v, size_t *cnt, const char *s, size_t n)
{
	char **p;

	for (size_t i = 0; i < *cnt; i++)
		if (strlen((*v)[i]) == n && !strncmp((*v)[i], s, n))
			return 0;
	p = realloc(*v, (*cnt + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	*v = p;
	p[*cnt] = strndup(s, n);
	if (!p[*cnt])
		return -ENOMEM;
	(*cnt)++;
	return 1;
}

/* A function definition's body (its last child, a compound statement), or
 * the null cursor for a declaration. */
CXCursor function_body(CXCursor fn)
{
	unsigned n;
	CXCursor *ch = cursor_children(fn, &n), body = clang_getNullCursor();

	if (n && clang_getCursorKind(ch[n - 1]) == CXCursor_CompoundStmt)
		body = ch[n - 1];
	free(ch);
	return body;
}

bool cursor_in_main_file(struct rw_ctx *ctx, CXCursor c)
{
	CXFile file;

	clang_getExpansionLocation(clang_getCursorLocation(c), &file, NULL, NULL, NULL);
	return file && clang_File_isEqual(file, ctx->main_file);
}

char *cursor_text(struct rw_ctx *ctx, CXCursor c)
{
	size_t b, e;

	if (!cursor_range(ctx, c, &b, &e))
		return NULL;
	return edits__render(&ctx->edits, b, e);
}

char *cursor_spelling(CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	char *r = strdup(clang_getCString(s));

	clang_disposeString(s);
	return r;
}

char *type_spelling(CXType t)
{
	CXString s = clang_getTypeSpelling(t);
	char *r = strdup(clang_getCString(s));

	clang_disposeString(s);
	return r;
}

struct children {
	CXCursor *v;
	unsigned cnt, cap;
};

static enum CXChildVisitResult collect_child(CXCursor c, CXCursor parent, CXClientData data)
{
	struct children *ch = data;

	(void)parent;
	if (ch->cnt == ch->cap) {
		unsigned cap = ch->cap ? ch->cap * 2 : 8;
		CXCursor *p = realloc(ch->v, cap * sizeof(*p));

		if (!p)
			return CXChildVisit_Break;
		ch->v = p;
		ch->cap = cap;
	}
	ch->v[ch->cnt++] = c;
	return CXChildVisit_Continue;
}

CXCursor *cursor_children(CXCursor c, unsigned *cnt)
{
	struct children ch = {};

	clang_visitChildren(c, collect_child, &ch);
	*cnt = ch.cnt;
	return ch.v;
}

/* libclang shows implicit casts as UnexposedExpr with one child. */
CXCursor strip_expr(CXCursor c)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);
		unsigned n;
		CXCursor *ch;

		if (k != CXCursor_ParenExpr && k != CXCursor_CStyleCastExpr &&
		    k != CXCursor_UnexposedExpr)
			return c;
		ch = cursor_children(c, &n);
		/* an expression of several operands (__builtin_choose_expr(),
		 * a ?: b) is none of them: its last is not the one it yields */
		if (!n || (k != CXCursor_CStyleCastExpr && n != 1)) {
			free(ch);
			return c;
		}
		/* a C-style cast's first child may be the written type */
		c = ch[n - 1];
		free(ch);
	}
}

bool type_is_integer(CXType t)
{
	enum CXTypeKind k = clang_getCanonicalType(t).kind;

	return (k >= CXType_Bool && k <= CXType_Int128 && k != CXType_Char16 &&
		k != CXType_Char32 && k != CXType_WChar) || k == CXType_Enum;
}

bool type_is_scalar_pointer(CXType t)
{
	CXType c = clang_getCanonicalType(t);

	return c.kind == CXType_Pointer &&
	       clang_getCanonicalType(clang_getPointeeType(c)).kind != CXType_Record;
}

bool cursor_int_constant(CXCursor c, long long *v)
{
	CXEvalResult r = clang_Cursor_Evaluate(c);
	bool ok = r && clang_EvalResult_getKind(r) == CXEval_Int;

	if (ok)
		*v = clang_EvalResult_getAsLongLong(r);
	if (r)
		clang_EvalResult_dispose(r);
	return ok;
}

bool cursor_is_call_to(CXCursor c, const char *name)
{
	CXString s;
	bool r;

	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return false;
	s = clang_getCursorSpelling(c);
	r = !strcmp(clang_getCString(s), name);
	clang_disposeString(s);
	return r;
}

/* Where @member's operator @op is spelled: by the tokens of the member
 * expression (a comment or line break between operand and operator is no
 * token), the last one before the member name at @name_off, which must be
 * @op itself. */
static bool member_op_token(struct rw_ctx *ctx, CXCursor member, size_t name_off, const char *op,
			    size_t *op_off)
{
	CXToken *toks;
	unsigned n;
	bool found = false;

	clang_tokenize(ctx->tu, clang_getCursorExtent(member), &toks, &n);
	for (unsigned i = n; i-- > 0;) {
		CXSourceLocation loc = clang_getTokenLocation(ctx->tu, toks[i]);
		size_t off;
		CXString sp;

		if (!location_offset(ctx, loc, &off) || off >= name_off)
			continue;
		sp = clang_getTokenSpelling(ctx->tu, toks[i]);
		found = clang_getTokenKind(toks[i]) == CXToken_Punctuation &&
			!strcmp(clang_getCString(sp), op);
		clang_disposeString(sp);
		if (found)
			*op_off = off;
		break;
	}
	clang_disposeTokens(ctx->tu, toks, n);
	return found;
}

/* The operator of a MemberRefExpr, from types: "->" when its base is a
 * pointer (spelled in a macro body or not). @op_off, if asked, is where it
 * is spelled in the main file: scanned back from the member name. */
char *member_ref_op(struct rw_ctx *ctx, CXCursor member, size_t *op_off)
{
	unsigned n;
	CXCursor *ch = cursor_children(member, &n);
	bool arrow;
	size_t off;

	if (!n) {
		free(ch);
		return NULL;
	}
	arrow = clang_getCanonicalType(clang_getCursorType(ch[0])).kind == CXType_Pointer;
	free(ch);
	if (op_off) {
		if (!cursor_offset(ctx, member, &off) ||
		    !member_op_token(ctx, member, off, arrow ? "->" : ".", op_off))
			return NULL;	/* not spelled here */
	}
	return arrow ? "->" : ".";
}

static void offset_line_col(struct rw_ctx *ctx, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;

	for (size_t i = 0; i < off && i < ctx->src_len; i++) {
		if (ctx->src[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* false when this very message was said here before */
static bool rw_report(struct rw_ctx *ctx, enum bcc2core_print_level level, size_t off,
		      const char *hint, const char *what, const char *fmt, va_list ap)
{
	char msg[1024], said[1200];
	unsigned line, col;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	offset_line_col(ctx, off, &line, &col);
	snprintf(said, sizeof(said), "%u:%u:%s:%s", line, col, what, msg);
	if (strv_add(&ctx->reported, &ctx->reported_cnt, said, strlen(said)) == 0)
		return false;
	bcc2core_print(level, "%s:%u:%u: %s: %s\n", ctx->path, line, col, what, msg);
	if (hint)
		bcc2core_print(level, "  hint: %s\n", hint);
	return true;
}

void rw_error(struct rw_ctx *ctx, size_t off, const char *hint, const char *fmt, ...)
{
	va_list ap;
	bool said;

	va_start(ap, fmt);
	said = rw_report(ctx, BCC2CORE_WARN, off, hint, "error", fmt, ap);
	va_end(ap);
	/* said before: counted then (the conversion fails all the same) */
	if (!said)
		return;
	ctx->errors++;
	if (!ctx->first_err)
		ctx->first_err = -BCC2CORE_ERRNO__UNSUPPORTED;
}

void rw_warn(struct rw_ctx *ctx, size_t off, const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rw_report(ctx, BCC2CORE_WARN, off, hint, "warning", fmt, ap);
	va_end(ap);
}

int rw_edit(struct rw_ctx *ctx, size_t begin, size_t end, const char *text)
{
	int err = edits__replace(&ctx->edits, begin, end, text);

	if (err == -BCC2CORE_ERRNO__EDIT_CONFLICT) {
		rw_error(ctx, begin, "rewrite the expression without nesting it in a macro",
			 "conflicting rewrites here and at offset %zu", ctx->edits.conflict_begin);
		ctx->first_err = err;
	} else if (err) {
		rw_error(ctx, begin, NULL, "internal: cannot record edit: %s", strerror(-err));
	}
	return err;
}

int rw_edit_body_start(struct rw_ctx *ctx, CXCursor fn, struct strbuf *done, const char *key,
		       const char *decl)
{
	CXCursor body = function_body(fn);
	size_t bb, be;
	int err;

	if (done->buf && strstr(done->buf, key))
		return 0;
	if (clang_Cursor_isNull(body) || !cursor_range(ctx, body, &bb, &be))
		return -EINVAL;
	/* on the brace's line: the lines after it keep their numbers */
	err = rw_edit(ctx, bb + 1, bb + 1, decl);
	if (!err)
		strbuf_puts(done, key);
	return err;
}

/* Cursors for one declaration reached by different paths (a visit, a
 * reference) may differ in private data: compare canonical kind and place. */
bool same_decl(CXCursor a, CXCursor b)
{
	a = clang_getCanonicalCursor(a);
	b = clang_getCanonicalCursor(b);
	return clang_getCursorKind(a) == clang_getCursorKind(b) &&
	       clang_equalLocations(clang_getCursorLocation(a), clang_getCursorLocation(b));
}

struct rw_map *rw_find_map(struct rw_ctx *ctx, CXCursor decl)
{
	for (size_t i = 0; i < ctx->map_cnt; i++)
		if (same_decl(ctx->maps[i].decl, decl))
			return &ctx->maps[i];
	return NULL;
}

struct rw_prog *rw_find_prog(struct rw_ctx *ctx, CXCursor fn)
{
	for (size_t i = 0; i < ctx->prog_cnt; i++)
		if (same_decl(ctx->progs[i].fn, fn))
			return &ctx->progs[i];
	return NULL;
}

const struct ext_ptr *rw_find_ext(struct rw_ctx *ctx, CXCursor decl)
{
	for (size_t i = 0; i < ctx->ext_cnt; i++)
		if (same_decl(ctx->ext[i].decl, decl))
			return &ctx->ext[i];
	return NULL;
}

struct rw_map *rw_map_call(struct rw_ctx *ctx, CXCursor call, char **method)
{
	CXCursor callee, base;
	unsigned n;
	CXCursor *ch;
	struct rw_map *m;

	if (method)
		*method = NULL;
	if (clang_getCursorKind(call) != CXCursor_CallExpr)
		return NULL;
	ch = cursor_children(call, &n);
	callee = n ? strip_expr(ch[0]) : clang_getNullCursor();
	free(ch);
	if (clang_getCursorKind(callee) != CXCursor_MemberRefExpr)
		return NULL;
	ch = cursor_children(callee, &n);
	base = n ? strip_expr(ch[0]) : clang_getNullCursor();
	free(ch);
	if (clang_getCursorKind(base) != CXCursor_DeclRefExpr)
		return NULL;
	m = rw_find_map(ctx, clang_getCursorReferenced(base));
	if (m && method)
		*method = cursor_spelling(callee);
	return m;
}

struct rw_map *rw_map_lookup(struct rw_ctx *ctx, CXCursor call)
{
	char *method = NULL;
	struct rw_map *m = rw_map_call(ctx, call, &method);
	bool lookup = method && (!strcmp(method, "lookup") || !strcmp(method, "lookup_or_init") ||
				 !strcmp(method, "lookup_or_try_init"));

	free(method);
	return lookup ? m : NULL;
}

struct local_values {
	struct rw_ctx *ctx;
	CXCursor var;
	local_value_fn takes;
	void *arg;
	int given;	/* values given it so far; -1 once one is not taken */
};

static void give(struct local_values *lv, CXCursor value)
{
	if (lv->given >= 0)
		lv->given = lv->takes(lv->ctx, value, lv->arg) ? lv->given + 1 : -1;
}

/* every operator that could make the variable hold something else: an
 * assignment (its value then must be taken), a compound one, ++, --, its
 * address taken (any unary operator but a read: *V, !V); one a macro
 * spells, which this cannot read, too */
static enum CXChildVisitResult visit_local_values(CXCursor c, CXCursor parent, CXClientData data)
{
	struct local_values *lv = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor target = first_child(c), *ch;
	unsigned n;
	char *op;

	(void)parent;
	if ((k != CXCursor_BinaryOperator && k != CXCursor_CompoundAssignOperator &&
	     k != CXCursor_UnaryOperator) ||
	    clang_getCursorKind(strip_expr(target)) != CXCursor_DeclRefExpr ||
	    !same_decl(clang_getCursorReferenced(strip_expr(target)), lv->var))
		return CXChildVisit_Recurse;
	if (k == CXCursor_UnaryOperator) {
		if (!unary_operator_is(lv->ctx, c, "*") && !unary_operator_is(lv->ctx, c, "!"))
			lv->given = -1;
	} else if (k == CXCursor_CompoundAssignOperator) {
		lv->given = -1;
	} else {
		op = binary_operator(lv->ctx, c, target);
		ch = cursor_children(c, &n);
		if (!op || (!strcmp(op, "=") && n != 2))
			lv->given = -1;
		else if (!strcmp(op, "="))
			give(lv, ch[1]);
		free(op);
		free(ch);
	}
	return lv->given < 0 ? CXChildVisit_Break : CXChildVisit_Recurse;
}

int local_values(struct rw_ctx *ctx, CXCursor var, local_value_fn takes, void *arg)
{
	CXCursor fn = clang_getCursorSemanticParent(var);
	CXCursor init = clang_Cursor_getVarDeclInitializer(var);
	struct local_values lv = { ctx, var, takes, arg, 0 };

	if (clang_getCursorKind(var) != CXCursor_VarDecl ||
	    clang_getCursorKind(fn) != CXCursor_FunctionDecl)
		return -1;
	if (!clang_Cursor_isNull(init))
		give(&lv, init);
	if (lv.given >= 0)
		clang_visitChildren(fn, visit_local_values, &lv);
	return lv.given;
}

/* A table macro's struct carries the BCC map kind in an annotation
 * (bcc2core_parse.h): "hash", "hash:/pin/path", "hash,public", ...
 * (malloc'ed), NULL for any other record. */
char *record_map_kind(CXCursor record)
{
	unsigned n;
	CXCursor *ch = cursor_children(record, &n);
	char *r = NULL;

	for (unsigned i = 0; i < n && !r; i++) {
		if (clang_getCursorKind(ch[i]) == CXCursor_AnnotateAttr) {
			char *s = cursor_spelling(ch[i]);

			if (s && !strncmp(s, "bcc2core_map:", 13))
				r = strdup(s + 13);
			free(s);
		}
	}
	free(ch);
	return r;
}

CXCursor first_child(CXCursor c)
{
	unsigned n;
	CXCursor *ch = cursor_children(c, &n), r = clang_getNullCursor();

	if (n)
		r = ch[0];
	free(ch);
	return r;
}

unsigned token_offset(CXTranslationUnit tu, CXToken tok)
{
	unsigned off;

	clang_getSpellingLocation(clang_getTokenLocation(tu, tok), NULL, NULL, NULL, &off);
	return off;
}

char *token_text(CXTranslationUnit tu, CXToken tok)
{
	CXString sp = clang_getTokenSpelling(tu, tok);
	char *r = strdup(clang_getCString(sp));

	clang_disposeString(sp);
	return r;
}

bool token_is(CXTranslationUnit tu, CXToken tok, const char *spelling)
{
	CXString sp = clang_getTokenSpelling(tu, tok);
	bool r = !strcmp(clang_getCString(sp), spelling);

	clang_disposeString(sp);
	return r;
}

/* The operator token of a binary expression: the first punctuation token
 * after its left operand. libclang 14 has no API for the operator kind; its
 * tokens skip comments, so "a /+ x +/ = b" is still "=". NULL when the
 * operator is spelled by a macro. */
char *binary_operator(struct rw_ctx *ctx, CXCursor op, CXCursor lhs)
{
	unsigned lend, n;
	CXToken *toks;
	char *s = NULL;

	clang_getSpellingLocation(clang_getRangeEnd(clang_getCursorExtent(lhs)), NULL, NULL, NULL,
				  &lend);
	clang_tokenize(ctx->tu, clang_getCursorExtent(op), &toks, &n);
	for (unsigned i = 0; i < n && !s; i++) {
		if (token_offset(ctx->tu, toks[i]) >= lend &&
		    clang_getTokenKind(toks[i]) == CXToken_Punctuation)
			s = token_text(ctx->tu, toks[i]);
	}
	clang_disposeTokens(ctx->tu, toks, n);
	return s;
}

bool unary_operator_is(struct rw_ctx *ctx, CXCursor op, const char *spelling)
{
	unsigned n, operand;
	CXToken *toks;
	bool r = false;

	clang_getSpellingLocation(clang_getRangeStart(clang_getCursorExtent(first_child(op))),
				  NULL, NULL, NULL, &operand);
	clang_tokenize(ctx->tu, clang_getCursorExtent(op), &toks, &n);
	if (n) {
		/* prefix: the first token, before the operand; postfix: the last */
		CXToken t = token_offset(ctx->tu, toks[0]) < operand ? toks[0] : toks[n - 1];

		r = clang_getTokenKind(t) == CXToken_Punctuation && token_is(ctx->tu, t, spelling);
	}
	clang_disposeTokens(ctx->tu, toks, n);
	return r;
}

bool expr_is_written(struct rw_ctx *ctx, const struct walk_frame *f)
{
	const struct walk_frame *child = f, *par = f->parent;
	enum CXCursorKind k;
	bool lhs;
	char *op;

	/* through parentheses and implicit conversions: (p->x) = 1 */
	while (par && (clang_getCursorKind(par->cursor) == CXCursor_UnexposedExpr ||
		       clang_getCursorKind(par->cursor) == CXCursor_ParenExpr)) {
		child = par;
		par = par->parent;
	}
	if (!par)
		return false;
	k = clang_getCursorKind(par->cursor);
	lhs = clang_equalCursors(first_child(par->cursor), child->cursor);
	if (k == CXCursor_CompoundAssignOperator)
		return lhs;
	if (k == CXCursor_UnaryOperator)
		return unary_operator_is(ctx, par->cursor, "++") ||
		       unary_operator_is(ctx, par->cursor, "--");
	if (k != CXCursor_BinaryOperator || !lhs)
		return false;
	op = binary_operator(ctx, par->cursor, child->cursor);
	lhs = op && !strcmp(op, "=");
	free(op);
	return lhs;
}

/* Parent after implicit conversions and parentheses. */
const struct walk_frame *walk_real_parent(const struct walk_frame *f)
{
	const struct walk_frame *p = f->parent;

	while (p) {
		enum CXCursorKind k = clang_getCursorKind(p->cursor);

		if (k != CXCursor_UnexposedExpr && k != CXCursor_ParenExpr)
			break;
		p = p->parent;
	}
	return p;
}


char *walk_ctx_name(const struct walk_frame *f)
{
	if (!f->prog || clang_Cursor_getNumArguments(f->prog->fn) < 1)
		return NULL;
	return cursor_spelling(clang_Cursor_getArgument(f->prog->fn, 0));
}

/* Is @t (or what it points to) a type of vmlinux.h, the kernel's? */
bool type_from_vmlinux(CXType t)
{
	CXCursor d;
	CXFile file;
	CXString name;
	bool r;

	t = clang_getCanonicalType(t);
	if (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	d = clang_getTypeDeclaration(t);
	if (clang_Cursor_isNull(d))
		return false;
	clang_getFileLocation(clang_getCursorLocation(d), &file, NULL, NULL, NULL);
	if (!file)
		return false;
	name = clang_getFileName(file);
	/* or a module's, in the parse's header of them */
	r = strstr(clang_getCString(name), "vmlinux.h") ||
	    strstr(clang_getCString(name), BCC2CORE_MODULES_HEADER);
	clang_disposeString(name);
	return r;
}

/* a variable of the function's own, or a member of one through "." */
bool expr_is_local_lvalue(struct rw_ctx *ctx, CXCursor e)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(e);
		CXCursor base = first_child(e);
		size_t b, end, bb, be;

		if (k == CXCursor_DeclRefExpr) {
			CXCursor d = clang_getCursorReferenced(e);

			return clang_getCursorKind(d) == CXCursor_VarDecl &&
			       clang_Cursor_hasVarDeclGlobalStorage(d) == 0;
		}
		/* "." only: through "->" the member is not the program's */
		if (k != CXCursor_MemberRefExpr || clang_Cursor_isNull(base) ||
		    !cursor_range(ctx, e, &b, &end) || !cursor_range(ctx, base, &bb, &be) ||
		    be >= end || ctx->src[be] != '.')
			return false;
		e = base;
		while (clang_getCursorKind(e) == CXCursor_ParenExpr ||
		       clang_getCursorKind(e) == CXCursor_UnexposedExpr)
			e = first_child(e);
	}
}
