// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* #if LINUX_VERSION_CODE / #ifdef CONFIG_X groups inside function bodies,
 * decided when the object loads instead of when it is built:
 *
 *   #if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 14, 0)  ->  if (LINUX_KERNEL_VERSION >= ...) {
 *   #elif defined(CONFIG_X)                              ->  } else if (CONFIG_X == TRI_YES) {
 *   #else                                                ->  } else {
 *   #endif                                               ->  }
 *
 * LINUX_KERNEL_VERSION and CONFIG_X become libbpf __kconfig externs, which
 * libbpf fills from the running kernel; the verifier then drops the branches
 * not taken, CO-RE relocations they hold included. Only groups that are whole
 * statements of one block qualify (the AST says where the directives sit);
 * the parses that follow check that every branch compiles against this
 * vmlinux.h (kconfig_decision.c leaves a group that does not to the build
 * kernel). Directive lines keep their line, so positions do not move. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum dir_kind { D_IF, D_IFDEF, D_IFNDEF, D_ELIF, D_ELSE, D_ENDIF, D_OTHER };

struct directive {
	enum dir_kind kind;
	size_t begin, end;	/* '#' .. the end of its last token */
	unsigned tok, ntok;	/* its condition tokens */
	bool continued;		/* a backslash-continued line */
	bool skipped;		/* in a branch the preprocessor skipped */
	int group;		/* of an #if family directive, else -1 */
	CXCursor container;	/* the innermost AST node around it */
};

struct group {
	int dir[32];		/* its #if, #elif..., #else, #endif */
	int ndir;
	int parent;
	int first, last;	/* directives of the whole group, nested included */
	bool ok;
};

struct scan {
	struct rw_ctx *ctx;
	const char *src;
	size_t len;
	CXToken *toks;
	unsigned ntok;
	char **spell;		/* token spellings */
	size_t *off;		/* token offsets */
	struct directive *dirs;
	int ndir;
	struct group *groups;
	int ngroup;
	const char *config;	/* the build kernel's config, or NULL */
	char **pinned;		/* names decided at build time */
	size_t npinned;
};

static bool is_config_name(const char *s)
{
	return !strncmp(s, "CONFIG_", 7) && s[7];
}

static bool is_pinned(struct scan *s, const char *name)
{
	return strv_has(s->pinned, s->npinned, name);
}

/* "CONFIG_X_MODULE" tests CONFIG_X's tristate */
static void config_base(const char *name, char *base, size_t size)
{
	size_t n = strlen(name);

	if (n > 14 && !strcmp(name + n - 7, "_MODULE"))
		n -= 7;
	snprintf(base, size, "%.*s", (int)n, name);
}

/* How the extern for @name is typed: 't' tristate (y/m/unset in the build
 * kernel's config), 'n' a number, 0 not convertible (a string, or no config
 * to tell). */
static char config_type(struct scan *s, const char *name)
{
	char base[128], val[256], *end = val;

	config_base(name, base, sizeof(base));
	if (!s->config)
		return 0;
	if (!kconfig__raw_value(s->config, base, val, sizeof(val)) || !strcmp(val, "y") ||
	    !strcmp(val, "m") || !strcmp(val, "n"))
		return 't';
	return strtoll(val, &end, 0) || !strcmp(val, "0") ? (*end ? 0 : 'n') : 0;
}

/* Token offsets, spellings and the directive lines of the main file. */
static int tokenize(struct scan *s)
{
	CXTranslationUnit tu = s->ctx->tu;
	CXFile f = s->ctx->main_file;
	CXSourceRange all = clang_getRange(clang_getLocationForOffset(tu, f, 0),
					   clang_getLocationForOffset(tu, f, s->len));

	clang_tokenize(tu, all, &s->toks, &s->ntok);
	s->spell = calloc(s->ntok + 1, sizeof(*s->spell));
	s->off = calloc(s->ntok + 1, sizeof(*s->off));
	if (!s->spell || !s->off)
		return -ENOMEM;
	for (unsigned i = 0; i < s->ntok; i++) {
		CXString sp = clang_getTokenSpelling(tu, s->toks[i]);
		unsigned o;

		clang_getFileLocation(clang_getTokenLocation(tu, s->toks[i]), NULL, NULL, NULL, &o);
		s->off[i] = o;
		s->spell[i] = strdup(clang_getCString(sp));
		clang_disposeString(sp);
		if (!s->spell[i])
			return -ENOMEM;
	}
	return 0;
}

/* Where the logical line holding @off ends; *continued when it spans more. */
static size_t line_end(struct scan *s, size_t off, bool *continued)
{
	size_t e = off;

	*continued = false;
	for (;;) {
		while (e < s->len && s->src[e] != '\n')
			e++;
		if (e > off && s->src[e - 1] == '\\' && e < s->len) {
			*continued = true;
			e++;
			continue;
		}
		return e;
	}
}

static bool first_on_line(struct scan *s, size_t off)
{
	while (off > 0 && (s->src[off - 1] == ' ' || s->src[off - 1] == '\t'))
		off--;
	return off == 0 || s->src[off - 1] == '\n';
}

static int find_directives(struct scan *s)
{
	for (unsigned i = 0; i + 1 < s->ntok; i++) {
		static const char *const names[] = { "if", "ifdef", "ifndef", "elif", "else", "endif" };
		struct directive d = { .kind = D_OTHER, .group = -1 };
		size_t end;
		unsigned j;

		if (strcmp(s->spell[i], "#") || !first_on_line(s, s->off[i]))
			continue;
		for (int k = 0; k < 6; k++)
			if (!strcmp(s->spell[i + 1], names[k]))
				d.kind = (enum dir_kind)k;
		end = line_end(s, s->off[i], &d.continued);
		for (j = i + 1; j < s->ntok && s->off[j] < end; j++)
			;
		d.begin = s->off[i];
		d.end = s->off[j - 1] + strlen(s->spell[j - 1]);
		d.tok = i + 2;
		d.ntok = j - (i + 2);
		struct directive *nd = realloc(s->dirs, (s->ndir + 1) * sizeof(*nd));
		if (!nd)
			return -ENOMEM;
		s->dirs = nd;
		s->dirs[s->ndir++] = d;
		i = j - 1;
	}
	return 0;
}

/* The #if ... #endif groups, outer ones first. */
static int find_groups(struct scan *s)
{
	int stack[64], depth = 0;

	for (int i = 0; i < s->ndir; i++) {
		enum dir_kind k = s->dirs[i].kind;
		struct group *g;

		if (k == D_IF || k == D_IFDEF || k == D_IFNDEF) {
			g = realloc(s->groups, (s->ngroup + 1) * sizeof(*g));
			if (!g)
				return -ENOMEM;
			s->groups = g;
			g = &s->groups[s->ngroup];
			memset(g, 0, sizeof(*g));
			g->parent = depth ? stack[depth - 1] : -1;
			g->first = i;
			g->ok = depth < 64;
			g->dir[g->ndir++] = i;
			s->dirs[i].group = s->ngroup;
			if (depth < 64)
				stack[depth++] = s->ngroup;
			s->ngroup++;
		} else if ((k == D_ELIF || k == D_ELSE || k == D_ENDIF) && depth) {
			g = &s->groups[stack[depth - 1]];
			s->dirs[i].group = stack[depth - 1];
			if (g->ndir < 32)
				g->dir[g->ndir++] = i;
			else
				g->ok = false;
			if (k == D_ENDIF) {
				g->last = i;
				depth--;
			}
		}
	}
	for (int i = 0; i < s->ngroup; i++)
		if (s->dirs[s->groups[i].dir[s->groups[i].ndir - 1]].kind != D_ENDIF)
			s->groups[i].ok = false;	/* unterminated: clang said so */
	return 0;
}

/* The innermost AST node of the main file whose extent holds @off, among
 * @kids and below; the null cursor at file scope. */
static CXCursor innermost(struct rw_ctx *ctx, CXCursor *top, unsigned ntop, size_t off)
{
	CXCursor found = clang_getNullCursor(), *kids = top;
	unsigned n = ntop;

	for (;;) {
		CXCursor next = clang_getNullCursor();

		for (unsigned i = 0; i < n; i++) {
			size_t b, e;

			if (cursor_range(ctx, kids[i], &b, &e) && b < off && off < e) {
				next = kids[i];
				break;
			}
		}
		if (kids != top)
			free(kids);
		if (clang_Cursor_isNull(next))
			return found;
		found = next;
		kids = cursor_children(found, &n);
	}
}

static void locate_directives(struct scan *s)
{
	CXSourceRangeList *sk = clang_getSkippedRanges(s->ctx->tu, s->ctx->main_file);
	unsigned n, nmain = 0;
	CXCursor *top = cursor_children(clang_getTranslationUnitCursor(s->ctx->tu), &n);

	/* the program's own declarations (vmlinux.h's are many) */
	for (unsigned i = 0; top && i < n; i++)
		if (cursor_in_main_file(s->ctx, top[i]))
			top[nmain++] = top[i];
	for (int i = 0; i < s->ndir; i++) {
		struct directive *d = &s->dirs[i];

		d->container = innermost(s->ctx, top, nmain, d->begin);
		for (unsigned r = 0; sk && r < sk->count; r++) {
			unsigned b, e;

			clang_getFileLocation(clang_getRangeStart(sk->ranges[r]), NULL, NULL, NULL, &b);
			clang_getFileLocation(clang_getRangeEnd(sk->ranges[r]), NULL, NULL, NULL, &e);
			/* a skipped range starts at the directive that skips it */
			if (b < d->begin && d->begin < e)
				d->skipped = true;
		}
	}
	free(top);
	if (sk)
		clang_disposeSourceRangeList(sk);
}

/* Are the condition tokens of @d made only of what load time can decide? */
static bool condition_ok(struct scan *s, const struct directive *d)
{
	if (d->kind == D_ELSE || d->kind == D_ENDIF)
		return true;
	unsigned end = d->tok + d->ntok;

	if (!d->ntok)
		return false;
	for (unsigned i = d->tok; i < end; i++) {
		const char *t = s->spell[i];
		char c = clang_getTokenKind(s->toks[i]) == CXToken_Identifier ? 'i' : 0;

		if (!strcmp(t, "defined") || !strcmp(t, "IS_ENABLED") || !strcmp(t, "IS_BUILTIN") ||
		    !strcmp(t, "IS_MODULE")) {
			/* NAME or (NAME) of a tristate; IS_*() need the parentheses */
			bool paren = i + 1 < end && !strcmp(s->spell[i + 1], "(");
			unsigned k = i + 1 + paren;

			if (k >= end || !is_config_name(s->spell[k]) ||
			    config_type(s, s->spell[k]) != 't' || (t[0] == 'I' && !paren) ||
			    (paren && (k + 1 >= end || strcmp(s->spell[k + 1], ")"))))
				return false;
			i = k + paren;
			continue;
		}
		if (d->kind == D_IFDEF || d->kind == D_IFNDEF) {
			if (d->ntok != 1 || !is_config_name(t) || config_type(s, t) != 't')
				return false;
			continue;
		}
		if (c == 'i' && is_config_name(t)) {
			/* a bare CONFIG_X: its value; unset counts as 0 */
			if (!config_type(s, t))
				return false;
			continue;
		}
		if (c == 'i' && strcmp(t, "LINUX_VERSION_CODE") && strcmp(t, "KERNEL_VERSION"))
			return false;
		if (!strcmp(t, "#") || !strcmp(t, "##"))
			return false;
	}
	return true;
}

/* Do the group's branches hold anything that would change meaning inside
 * an if block (a label to jump to, a #define that would become
 * unconditional)? Nested #if groups are fine. */
static bool body_ok(struct scan *s, const struct group *g)
{
	const struct directive *first = &s->dirs[g->first], *last = &s->dirs[g->last];

	for (int i = g->first; i <= g->last; i++)
		if (s->dirs[i].kind == D_OTHER)
			return false;
	for (unsigned i = 0; i < s->ntok; i++) {
		if (s->off[i] <= first->end || s->off[i] >= last->begin)
			continue;
		if (!strcmp(s->spell[i], "case") || !strcmp(s->spell[i], "default") ||
		    !strcmp(s->spell[i], "goto"))
			return false;
	}
	return true;
}

static bool placed_ok(struct scan *s, const struct group *g)
{
	const struct directive *d0 = &s->dirs[g->dir[0]];

	if (clang_getCursorKind(d0->container) != CXCursor_CompoundStmt)
		return false;
	for (int i = 0; i < g->ndir; i++) {
		const struct directive *d = &s->dirs[g->dir[i]];

		if (d->continued || !clang_equalCursors(d->container, d0->container))
			return false;
	}
	/* in a branch the preprocessor skipped, the AST says nothing: the
	 * group goes with its parent, whose conversion makes it parsed */
	return !d0->skipped || (g->parent >= 0 && s->groups[g->parent].ok);
}

/* Is token @i a condition token of a group still converted? */
static bool in_converted_condition(struct scan *s, unsigned i)
{
	for (int gi = 0; gi < s->ngroup; gi++) {
		const struct group *g = &s->groups[gi];

		if (!g->ok)
			continue;
		for (int k = 0; k < g->ndir; k++) {
			const struct directive *d = &s->dirs[g->dir[k]];

			if (i >= d->tok && i < d->tok + d->ntok)
				return true;
		}
	}
	return false;
}

static bool uses_pinned(struct scan *s, const struct group *g)
{
	for (int k = 0; k < g->ndir; k++) {
		const struct directive *d = &s->dirs[g->dir[k]];

		for (unsigned i = d->tok; i < d->tok + d->ntok; i++) {
			char base[128];

			config_base(s->spell[i], base, sizeof(base));
			if ((is_config_name(s->spell[i]) || !strcmp(s->spell[i], "LINUX_VERSION_CODE")) &&
			    is_pinned(s, base))
				return true;	/* -D decided it, or it stays a macro */
		}
	}
	return false;
}

/* Which groups convert: placement and conditions, then to a fixed point,
 * a CONFIG_X used anywhere else (it stays a build-time macro there, which
 * would clash with an extern of that name) keeps its groups at build time. */
static int choose(struct scan *s)
{
	bool changed;
	int err;

	for (int i = 0; i < s->ngroup; i++) {
		struct group *g = &s->groups[i];

		for (int k = 0; g->ok && k < g->ndir; k++)
			g->ok = condition_ok(s, &s->dirs[g->dir[k]]);
		g->ok = g->ok && body_ok(s, g) && placed_ok(s, g);
	}
	for (size_t k = 0; k < s->ctx->rw->cflag_cnt; k++) {
		const char *f = s->ctx->rw->cflags[k];
		char name[128];

		/* -D on the command line decides */
		if (!strncmp(f, "-D", 2) && sscanf(f + 2, "%127[A-Za-z0-9_]", name) == 1) {
			err = strv_add(&s->pinned, &s->npinned, name, strlen(name));
			if (err < 0)
				return err;
		}
	}
	do {
		changed = false;
		for (unsigned i = 0; i < s->ntok; i++) {
			char base[128];

			if (!is_config_name(s->spell[i]) || in_converted_condition(s, i))
				continue;
			config_base(s->spell[i], base, sizeof(base));
			err = strv_add(&s->pinned, &s->npinned, base, strlen(base));
			if (err < 0)
				return err;
			changed |= err > 0;
		}
		for (int i = 0; i < s->ngroup; i++) {
			struct group *g = &s->groups[i];

			if (g->ok && (uses_pinned(s, g) || (s->dirs[g->dir[0]].skipped &&
							     (g->parent < 0 || !s->groups[g->parent].ok)))) {
				g->ok = false;
				changed = true;
			}
		}
	} while (changed);
	return 0;
}

static int add_name(char ***names, size_t *cnt, const char *name)
{
	int err = strv_add(names, cnt, name, strlen(name));

	return err < 0 ? err : 0;
}

/* The C condition for directive @d; its names go to @names. */
static int condition_text(struct scan *s, const struct directive *d, struct strbuf *out,
			  char ***names, size_t *cnt)
{
	int err = 0;

	if (d->kind == D_IFDEF || d->kind == D_IFNDEF) {
		char base[128];

		config_base(s->spell[d->tok], base, sizeof(base));
		strbuf_printf(out, "%s %s %s", base, d->kind == D_IFNDEF ? "!=" : "==",
			      strcmp(base, s->spell[d->tok]) ? "TRI_MODULE" : "TRI_YES");
		return add_name(names, cnt, base);
	}
	for (unsigned i = d->tok; !err && i < d->tok + d->ntok; i++) {
		const char *t = s->spell[i];
		const char *test = !strcmp(t, "IS_ENABLED") ? "!= TRI_NO"
				 : !strcmp(t, "IS_MODULE") ? "== TRI_MODULE"
				 : !strcmp(t, "IS_BUILTIN") || !strcmp(t, "defined") ? "== TRI_YES" : NULL;
		char base[128];

		/* the author's spacing */
		if (i > d->tok && s->off[i] > s->off[i - 1] + strlen(s->spell[i - 1]))
			strbuf_puts(out, " ");
		if (test) {
			bool paren = !strcmp(s->spell[i + 1], "(");	/* checked by condition_ok */
			unsigned k = i + 1 + paren;
			const char *name = s->spell[k];

			config_base(name, base, sizeof(base));
			if (strcmp(base, name))
				test = "== TRI_MODULE";	/* defined(CONFIG_X_MODULE) */
			strbuf_printf(out, "(%s %s)", base, test);
			err = add_name(names, cnt, base);
			i = k + paren;
		} else if (!strcmp(t, "LINUX_VERSION_CODE")) {
			strbuf_puts(out, "LINUX_KERNEL_VERSION");
			err = add_name(names, cnt, "LINUX_KERNEL_VERSION");
		} else if (is_config_name(t) && config_type(s, t) == 't') {
			config_base(t, base, sizeof(base));
			strbuf_printf(out, "(%s == %s)", base, strcmp(base, t) ? "TRI_MODULE" : "TRI_YES");
			err = add_name(names, cnt, base);
		} else {
			strbuf_puts(out, t);
			if (is_config_name(t))
				err = add_name(names, cnt, t);
		}
	}
	return err;
}

/* The indentation of the first code line after @d: the statements the
 * group holds, so the if and its braces line up with them. */
static void indent_of_next_line(struct scan *s, const struct directive *d, struct strbuf *out)
{
	size_t p = d->end;

	while (p < s->len) {
		size_t b;

		while (p < s->len && s->src[p] != '\n')
			p++;
		b = ++p;
		while (p < s->len && (s->src[p] == ' ' || s->src[p] == '\t'))
			p++;
		if (p < s->len && s->src[p] != '\n' && s->src[p] != '#') {
			strbuf_append(out, s->src + b, p - b);
			return;
		}
	}
}

static void strip_outer_parens(struct strbuf *sb)
{
	int depth = 0;

	if (sb->len < 2 || sb->buf[0] != '(' || sb->buf[sb->len - 1] != ')')
		return;
	for (size_t i = 0; i < sb->len - 1; i++) {
		depth += sb->buf[i] == '(' ? 1 : sb->buf[i] == ')' ? -1 : 0;
		if (!depth)
			return;	/* "(a) && (b)" */
	}
	memmove(sb->buf, sb->buf + 1, sb->len - 2);
	sb->len -= 2;
	sb->buf[sb->len] = '\0';
}

static int replacement(struct scan *s, const struct directive *d, struct strbuf *out,
		       char ***names, size_t *cnt)
{
	const struct directive *opening = &s->dirs[s->groups[d->group].dir[0]];
	struct strbuf cond = {};
	int err = 0;

	/* '#' at the start of its line: indent like the group's statements */
	if (d->begin == 0 || s->src[d->begin - 1] == '\n')
		indent_of_next_line(s, opening, out);

	switch (d->kind) {
	case D_IF: case D_IFDEF: case D_IFNDEF: case D_ELIF:
		err = condition_text(s, d, &cond, names, cnt);
		strip_outer_parens(&cond);	/* if ((X == TRI_YES)): clang warns */
		strbuf_printf(out, "%sif (%s) {", d->kind == D_ELIF ? "} else " : "",
			      cond.buf ? cond.buf : "");
		break;
	case D_ELSE:
		strbuf_puts(out, "} else {");
		break;
	default:
		strbuf_puts(out, "}");
	}
	strbuf_free(&cond);
	return err;
}

static char *extern_decl(struct scan *s, const char *name)
{
	char *d = NULL;

	if (!strcmp(name, "LINUX_KERNEL_VERSION"))
		d = strdup("extern int LINUX_KERNEL_VERSION __kconfig;\n");
	else if (asprintf(&d, config_type(s, name) == 'n' ? "extern long long %s __kconfig __weak;\n"
			  : "extern enum libbpf_tristate %s __kconfig __weak;\n", name) < 0)
		d = NULL;
	return d;
}

static unsigned line_of(struct scan *s, size_t off)
{
	unsigned line = 1;

	for (size_t i = 0; i < off && i < s->len; i++)
		line += s->src[i] == '\n';
	return line;
}

static void scan_free(struct scan *s)
{
	if (s->toks)
		clang_disposeTokens(s->ctx->tu, s->toks, s->ntok);
	for (unsigned i = 0; s->spell && i < s->ntok; i++)
		free(s->spell[i]);
	free(s->spell);
	free(s->off);
	free(s->dirs);
	free(s->groups);
	for (size_t i = 0; i < s->npinned; i++)
		free(s->pinned[i]);
	free(s->pinned);
}

static int plan_group(struct scan *s, const struct group *g, int parent, struct kconfig_group *kg)
{
	int err = 0;

	memset(kg, 0, sizeof(*kg));
	kg->parent = parent;
	kg->first_line = line_of(s, s->dirs[g->dir[0]].begin);
	kg->last_line = line_of(s, s->dirs[g->dir[g->ndir - 1]].begin);
	kg->begin = calloc(g->ndir, sizeof(*kg->begin));
	kg->end = calloc(g->ndir, sizeof(*kg->end));
	kg->text = calloc(g->ndir, sizeof(*kg->text));
	if (!kg->begin || !kg->end || !kg->text)
		return -ENOMEM;
	for (int k = 0; !err && k < g->ndir; k++) {
		const struct directive *d = &s->dirs[g->dir[k]];
		struct strbuf r = {};

		err = replacement(s, d, &r, &kg->names, &kg->name_cnt);
		kg->begin[k] = d->begin;
		kg->end[k] = d->end;
		kg->text[k] = strbuf_detach(&r);
		kg->ndir++;
	}
	kg->decls = calloc(kg->name_cnt + 1, sizeof(*kg->decls));
	if (!kg->decls)
		return -ENOMEM;
	for (size_t k = 0; !err && k < kg->name_cnt; k++)
		if (!(kg->decls[k] = extern_decl(s, kg->names[k])))
			err = -ENOMEM;
	return err;
}

/* The groups of @src (just parsed, into ctx->tu) load time can decide. */
int kconfig_groups__plan(struct rw_ctx *ctx, const struct strbuf *src, const char *config,
			 struct kconfig_decision *kd)
{
	struct scan s = { .ctx = ctx, .src = src->buf, .len = src->len, .config = config };
	int *index = NULL, err;

	err = tokenize(&s);
	err = err ?: find_directives(&s);
	err = err ?: find_groups(&s);
	if (err)
		goto out;
	locate_directives(&s);
	err = choose(&s);
	index = calloc(s.ngroup + 1, sizeof(*index));
	kd->groups = calloc(s.ngroup + 1, sizeof(*kd->groups));
	if (!index || !kd->groups)
		err = -ENOMEM;
	for (int i = 0; !err && i < s.ngroup; i++) {
		const struct group *g = &s.groups[i];
		/* a group in a skipped branch needs its parent converted */
		int parent = s.dirs[g->dir[0]].skipped ? index[g->parent] : -1;

		if (!g->ok)
			continue;
		index[i] = kd->cnt;
		err = plan_group(&s, g, parent, &kd->groups[kd->cnt++]);
	}
out:
	free(index);
	scan_free(&s);
	return err;
}
