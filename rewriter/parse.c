// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Parse a BCC program with libclang in a BCC-compatible environment:
 * bcc2core_parse.h (vmlinux.h + the dialect's macros) in front, kernel header
 * includes answered by empty stand-ins, tracepoint argument structs
 * generated from tracefs as BCC does. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#ifndef BCC2CORE_CLANG_RESOURCE_INCLUDE
#define BCC2CORE_CLANG_RESOURCE_INCLUDE "/usr/lib/llvm-14/lib/clang/14.0.6/include"
#endif
#ifndef BCC2CORE_SYSTEM_INCLUDES
#define BCC2CORE_SYSTEM_INCLUDES "/usr/local/include:/usr/include/x86_64-linux-gnu:/usr/include"
#endif
#ifndef BCC2CORE_TARGET_ARCH
#define BCC2CORE_TARGET_ARCH "x86"
#endif

static int push_arg(char ***argv, size_t *argc, const char *fmt, const char *s)
{
	char **p = realloc(*argv, (*argc + 2) * sizeof(*p));
	char *a;

	if (!p)
		return -ENOMEM;
	*argv = p;
	if (asprintf(&a, fmt, s ? s : "") < 0)
		return -ENOMEM;
	p[(*argc)++] = a;
	p[*argc] = NULL;
	return 0;
}

/* The one flag list libclang and `clang -target bpf` both get. */
int build_flags(struct bcc2core_rewriter *rw, bool for_parse, char ***argv, size_t *argc)
{
	char *sys = strdup(BCC2CORE_SYSTEM_INCLUDES), *save = NULL, *dir;
	int err = 0;

	if (!sys)
		return -ENOMEM;
	err = err ?: push_arg(argv, argc, "-target%s", NULL);
	err = err ?: push_arg(argv, argc, "bpf%s", NULL);
	err = err ?: push_arg(argv, argc, "-D__TARGET_ARCH_%s", BCC2CORE_TARGET_ARCH);
	err = err ?: push_arg(argv, argc, "-D__BPF_TRACING__%s", NULL);
	err = err ?: push_arg(argv, argc, "-nostdinc%s", NULL);
	err = err ?: push_arg(argv, argc, "-isystem%s", BCC2CORE_CLANG_RESOURCE_INCLUDE);
	for (size_t i = 0; !err && i < rw->cflag_cnt; i++)
		err = push_arg(argv, argc, "%s", rw->cflags[i]);
	/* the output defines these itself (includes.c): only the parse needs them */
	for (size_t i = 0; !err && for_parse && i < rw->kflag_cnt; i++)
		err = push_arg(argv, argc, "%s", rw->kflags[i]);
	if (for_parse)
		err = err ?: push_arg(argv, argc, "-I%s", BCC2CORE_VIRTUAL_INCLUDE);
	err = err ?: push_arg(argv, argc, "-I%s", build_kernel__datadir(rw));
	/* an object names bcc2core's headers the same from any install or
	 * private copy (reproducible builds) */
	if (!for_parse)
		err = err ?: push_arg(argv, argc, "-ffile-prefix-map=%s/=bcc2core/",
				      build_kernel__datadir(rw));
	for (dir = strtok_r(sys, ":", &save); !err && dir; dir = strtok_r(NULL, ":", &save))
		err = push_arg(argv, argc, "-idirafter%s", dir);
	/* BCC compiles with these warnings off; so do we, to match what users see */
	err = err ?: push_arg(argv, argc, "-Wno-unused-value%s", NULL);
	err = err ?: push_arg(argv, argc, "-Wno-pointer-sign%s", NULL);
	err = err ?: push_arg(argv, argc, "-Wno-compare-distinct-pointer-types%s", NULL);
	err = err ?: push_arg(argv, argc, "-Wno-gnu-variable-sized-type-not-at-end%s", NULL);
	err = err ?: push_arg(argv, argc, "-Wno-address-of-packed-member%s", NULL);
	err = err ?: push_arg(argv, argc, "-Wno-unknown-warning-option%s", NULL);
	err = err ?: push_arg(argv, argc, "-Wno-ignored-attributes%s", NULL);
	err = err ?: push_arg(argv, argc, "-fno-stack-protector%s", NULL);
	free(sys);
	return err;
}

/* --- lexical scans (preprocessor lines and identifiers, not C rewriting) --- */

static size_t skip_comment_or_literal(const char *s, size_t len, size_t i)
{
	if (s[i] == '/' && i + 1 < len && s[i + 1] == '/') {
		while (i < len && s[i] != '\n')
			i++;
		return i;
	}
	if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
		for (i += 2; i + 1 < len && !(s[i] == '*' && s[i + 1] == '/'); i++)
			;
		return i + 2 <= len ? i + 2 : len;
	}
	if (s[i] == '"' || s[i] == '\'') {
		char q = s[i++];

		while (i < len && s[i] != q && s[i] != '\n') {
			if (s[i] == '\\')
				i++;
			i++;
		}
		return i < len ? i + 1 : len;
	}
	return i;
}

/* The <...> includes of the main file, in order. */
int scan_includes(const char *src, size_t len, char ***paths, size_t *cnt, bool *angled_out)
{
	size_t i = 0;

	(void)angled_out;
	while (i < len) {
		size_t ls = i, e;

		while (i < len && (src[i] == ' ' || src[i] == '\t'))
			i++;
		if (i < len && src[i] == '#') {
			i++;
			while (i < len && (src[i] == ' ' || src[i] == '\t'))
				i++;
			if (len - i > 7 && !strncmp(src + i, "include", 7)) {
				i += 7;
				while (i < len && (src[i] == ' ' || src[i] == '\t'))
					i++;
				if (i < len && src[i] == '<') {
					for (e = i + 1; e < len && src[e] != '>' && src[e] != '\n'; e++)
						;
					if (e < len && src[e] == '>' &&
					    strv_add(paths, cnt, src + i + 1, e - i - 1) < 0)
						return -ENOMEM;
				}
			}
		}
		(void)ls;
		while (i < len && src[i] != '\n')
			i++;
		i++;
	}
	return 0;
}

static bool is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Tracepoints the program names, as "category:event": TRACEPOINT_PROBE(c, e)
 * and struct tracepoint__c__e. */
int scan_tracepoints(const char *src, size_t len, char ***names, size_t *cnt)
{
	size_t i = 0;

	while (i < len) {
		size_t j = skip_comment_or_literal(src, len, i), s;

		if (j != i) {
			i = j;
			continue;
		}
		if (!is_ident_char(src[i]) || (i > 0 && is_ident_char(src[i - 1]))) {
			i++;
			continue;
		}
		for (s = i; i < len && is_ident_char(src[i]); i++)
			;
		if (i - s == 16 && !strncmp(src + s, "TRACEPOINT_PROBE", 16)) {
			/* ( cat , event ) */
			size_t k = i, c0, c1, e0, e1;

			while (k < len && isspace((unsigned char)src[k]))
				k++;
			if (k >= len || src[k] != '(')
				continue;
			for (k++; k < len && isspace((unsigned char)src[k]); k++)
				;
			for (c0 = k; k < len && is_ident_char(src[k]); k++)
				;
			c1 = k;
			while (k < len && isspace((unsigned char)src[k]))
				k++;
			if (k >= len || src[k] != ',')
				continue;
			for (k++; k < len && isspace((unsigned char)src[k]); k++)
				;
			for (e0 = k; k < len && is_ident_char(src[k]); k++)
				;
			e1 = k;
			if (c1 > c0 && e1 > e0) {
				char buf[256];

				snprintf(buf, sizeof(buf), "%.*s:%.*s", (int)(c1 - c0), src + c0,
					 (int)(e1 - e0), src + e0);
				if (strv_add(names, cnt, buf, strlen(buf)) < 0)
					return -ENOMEM;
			}
		} else if (i - s > 12 && !strncmp(src + s, "tracepoint__", 12)) {
			/* BCC's C++ split: category up to the last "__" */
			const char *rest = src + s + 12, *last = NULL;
			size_t n = i - s - 12;
			char buf[256];

			for (size_t k = 0; k + 1 < n; k++)
				if (rest[k] == '_' && rest[k + 1] == '_')
					last = rest + k;
			if (!last || last == rest || last + 2 >= rest + n)
				continue;
			snprintf(buf, sizeof(buf), "%.*s:%.*s", (int)(last - rest), rest,
				 (int)(rest + n - last - 2), last + 2);
			if (strv_add(names, cnt, buf, strlen(buf)) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

/* --- the parse itself --- */

static bool in_resource_dir(const char *path)
{
	char full[4096];

	snprintf(full, sizeof(full), "%s/%s", BCC2CORE_CLANG_RESOURCE_INCLUDE, path);
	return access(full, R_OK) == 0;
}

/* "linux/" or "" cannot be a header: libclang crashes on an unsaved file
 * named like a directory, so such a name is never stood in. */
static bool names_a_file(const char *path)
{
	size_t n = strlen(path);

	return n && path[n - 1] != '/';
}

static int add_standin(struct rw_ctx *ctx, const char *path)
{
	if (in_resource_dir(path) || !names_a_file(path))
		return 0;
	int err = strv_add(&ctx->standins, &ctx->standin_cnt, path, strlen(path));

	return err < 0 ? err : 0;
}

/* The header an error points at, when it points into an #include's file
 * name (clang puts "file not found" there): from the source at the
 * diagnostic's location, not from the message's words. */
static char *missing_header(CXTranslationUnit tu, CXDiagnostic d)
{
	CXFile file;
	unsigned off, line_start;
	size_t size;
	const char *text, *end, *p;

	if (clang_getDiagnosticSeverity(d) < CXDiagnostic_Error)
		return NULL;
	clang_getSpellingLocation(clang_getDiagnosticLocation(d), &file, NULL, NULL, &off);
	text = file ? clang_getFileContents(tu, file, &size) : NULL;
	if (!text || off >= size || (text[off] != '<' && text[off] != '"'))
		return NULL;
	/* the line is an #include or #include_next directive */
	for (line_start = off; line_start > 0 && text[line_start - 1] != '\n'; line_start--)
		;
	for (p = text + line_start; p < text + off && (*p == ' ' || *p == '\t'); p++)
		;
	if (p >= text + off || *p++ != '#')
		return NULL;
	while (p < text + off && (*p == ' ' || *p == '\t'))
		p++;
	if (strncmp(p, "include", 7))
		return NULL;
	end = memchr(text + off + 1, text[off] == '<' ? '>' : '"', size - off - 1);
	if (!end || memchr(text + off, '\n', end - text - off))
		return NULL;
	return strndup(text + off + 1, end - text - off - 1);
}

/* "BPF_FOO(x);" and a call of an undeclared helper: C's implicit int and
 * implicit function declarations, told by the warning's option */
static bool implicit_declaration(CXDiagnostic d)
{
	CXString opt = clang_getDiagnosticOption(d, NULL);
	const char *o = clang_getCString(opt);
	bool r = o && (!strcmp(o, "-Wimplicit-int") ||
		       !strcmp(o, "-Wimplicit-function-declaration"));

	clang_disposeString(opt);
	return r;
}

/* Text at @off of the parse source grew by @delta: the renames recorded
 * after it moved. */
static void shift_parsed_renames(struct rw_ctx *ctx, size_t off, long delta)
{
	for (size_t i = 0; i < ctx->parsed_rename_cnt; i++)
		if (ctx->parsed_renames[i].off > off)
			ctx->parsed_renames[i].off += delta;
}

static void add_parsed_rename(struct rw_ctx *ctx, size_t off, const struct field_rename *fr)
{
	struct parsed_rename *pr = realloc(ctx->parsed_renames,
					   (ctx->parsed_rename_cnt + 1) * sizeof(*pr));

	if (!pr) {
		/* unrecorded, a parse_as read would be wrong, not just old */
		bcc2core_print(BCC2CORE_WARN, "%s: error: out of memory\n", ctx->path);
		ctx->errors++;
		return;
	}
	ctx->parsed_renames = pr;
	pr[ctx->parsed_rename_cnt++] = (struct parsed_rename){ off, fr, false };
}

static bool in_main_file(struct rw_ctx *ctx, CXDiagnostic d)
{
	CXFile file;

	clang_getFileLocation(clang_getDiagnosticLocation(d), &file, NULL, NULL, NULL);
	return file && clang_File_isEqual(file, ctx->main_file);
}

#define MAX_FIXUPS 256

struct fixup {
	size_t off;
	const struct field_rename *fr;
	bool to_new;
	char *redef;		/* a name given up (malloc'ed) ... */
	const char *suffix;	/* ... for itself and this */
};

static int fixup_cmp(const void *a, const void *b)
{
	const struct fixup *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* struct @name of the program's own: a name of its own where it is named.
 * Not a CO-RE flavour (___): nothing of it is relocated against the
 * kernel's. Returns the new count. */
static int add_own_type_fixups(struct rw_ctx *ctx, CXTranslationUnit tu, const char *name,
			       size_t def_off, struct fixup *fix, int nfix)
{
	size_t *offs = NULL, cnt = 0;

	if (local_type__uses(ctx, tu, name, &offs, &cnt))
		return nfix;
	/* the definition the error is about: the AST may not list it */
	for (size_t i = 0; i <= cnt && nfix < MAX_FIXUPS; i++) {
		char *dup = strdup(name);

		if (!dup)
			break;
		fix[nfix++] = (struct fixup){ .off = i < cnt ? offs[i] : def_off, .redef = dup,
					      .suffix = "__local" };
	}
	free(offs);
	return nfix;
}

/* What the next parse can fix by itself: a kernel header included from
 * another header (stand it in), a name the kernel's headers define too
 * (the program's gets one of its own), or a task_struct.state-style field
 * the kernel renamed (parse the other name; the reads go through a CO-RE
 * helper that works with both). Returns true when something was fixed. */
static bool find_fixups(struct rw_ctx *ctx, CXTranslationUnit tu, char **missing,
			struct strbuf *src)
{
	unsigned n = clang_getNumDiagnostics(tu);
	/* redef: the name a definition (and, own, its uses) gives up */
	struct fixup fix[MAX_FIXUPS];
	int nfix = 0;

	*missing = NULL;
	for (unsigned i = 0; i < n && !*missing; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		char *name = NULL;
		CXCursor record, decl, prev;
		unsigned off;

		*missing = missing_header(tu, d);
		if (*missing || nfix >= MAX_FIXUPS || !in_main_file(ctx, d)) {
			/* the header first; the rest the next parse finds again */
		} else if (diagnostic__redefinition(tu, d, &off, &name, &decl, &prev)) {
			if (local_type__is_own(ctx, tu, decl, prev)) {
				/* a type of the program's own under a kernel name
				 * (struct sock { u32 *sk_daddr; }): it is the one
				 * the program means, at every use */
				nfix = add_own_type_fixups(ctx, tu, name, off, fix, nfix);
			} else {
				/* the program's own copy of a kernel struct
				 * (fs/namei.c's nameidata, ...): vmlinux.h has the
				 * kernel's; keep the copy under a CO-RE flavour
				 * name, uses get the kernel's */
				fix[nfix] = (struct fixup){ .off = off, .redef = name };
				fix[nfix++].suffix = "___bcc2core";
				name = NULL;
			}
		} else if (diagnostic__no_member(tu, d, &off, &name, &record)) {
			char *rec = cursor_spelling(record);
			const struct field_rename *fr = rec ? field_rename__find(rec, name) : NULL;

			/* a new path written for an older kernel (bi_bdev->bd_disk)
			 * has no one name to parse instead: clang's error stands */
			if (fr && (!strcmp(name, fr->old_name) ||
				   (!fr->new_path[1] && !fr->parse_as))) {
				fix[nfix].off = off;
				fix[nfix].fr = fr;
				fix[nfix].redef = NULL;
				fix[nfix++].to_new = !strcmp(name, fr->old_name);
			}
			free(rec);
		}
		free(name);
		clang_disposeDiagnostic(d);
	}
	if (*missing) {
		for (int i = 0; i < nfix; i++)
			free(fix[i].redef);	/* the next parse finds them again */
		return true;
	}
	if (!nfix)
		return false;
	{
		struct strbuf out = {};
		size_t pos = 0;
		long shift = 0;

		/* diagnostics come in source order, a type's uses after them */
		qsort(fix, nfix, sizeof(fix[0]), fixup_cmp);
		for (int i = 0; i < nfix; i++) {
			char *flavour = NULL, *parse_text = NULL;
			const char *from, *to;

			if (fix[i].redef) {
				from = fix[i].redef;
				to = asprintf(&flavour, "%s%s", fix[i].redef, fix[i].suffix) < 0
				     ? NULL : flavour;
			} else if (fix[i].to_new) {
				from = fix[i].fr->old_name;
				to = parse_text = field_rename__parse_text(fix[i].fr);
			} else {
				from = fix[i].fr->new_path[0];
				to = fix[i].fr->old_name;
			}
			if (to && fix[i].off >= pos) {
				long delta = (long)strlen(to) - (long)strlen(from);

				strbuf_append(&out, src->buf + pos, fix[i].off - pos);
				strbuf_puts(&out, to);
				pos = fix[i].off + strlen(from);
				shift_parsed_renames(ctx, fix[i].off + shift, delta);
				if (!fix[i].redef)
					add_parsed_rename(ctx, fix[i].off + shift, fix[i].fr);
				shift += delta;
			}
			free(parse_text);
			free(flavour);
			free(fix[i].redef);
		}
		strbuf_append(&out, src->buf + pos, src->len - pos);
		strbuf_free(src);
		*src = out;
	}
	return true;
}

/* Is @d a call of a method BCC tables do not have (a member their struct
 * lacks)? *@method and *@map (malloc'ed) name it. */
static bool unknown_method(CXTranslationUnit tu, CXDiagnostic d, char **method, char **map)
{
	char *kind = NULL;
	CXCursor record;
	unsigned off;
	size_t n;

	*map = NULL;
	if (diagnostic__no_member(tu, d, &off, method, &record)) {
		kind = record_map_kind(record);
		*map = kind ? cursor_spelling(record) : NULL;
	}
	free(kind);
	if (!*map) {
		free(*method);
		*method = NULL;
		return false;
	}
	/* the table macros name the struct NAME_table_t */
	n = strlen(*map);
	if (n > 8 && !strcmp(*map + n - 8, "_table_t"))
		(*map)[n - 8] = '\0';
	return true;
}

/* Does source line @line start with a BPF_* table macro? (its arguments are
 * the likely culprit of an error reported inside it) */
static bool table_macro_at(struct rw_ctx *ctx, unsigned line, char *name, size_t size)
{
	const char *s = ctx->parse_src.buf, *end = s + ctx->parse_src.len;
	size_t n = 0;

	for (unsigned l = 1; l < line && s < end; s++)
		if (*s == '\n')
			l++;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (end - s < 5 || strncmp(s, "BPF_", 4))
		return false;
	while (s + n < end && n + 1 < size && (isalnum((unsigned char)s[n]) || s[n] == '_'))
		n++;
	snprintf(name, size, "%.*s", (int)n, s);
	return true;
}

static int report_diagnostics(struct rw_ctx *ctx, CXTranslationUnit tu)
{
	unsigned n = clang_getNumDiagnostics(tu);
	int errors = 0;

	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
		CXString msg = clang_getDiagnosticSpelling(d);
		CXSourceLocation loc = clang_getDiagnosticLocation(d);
		CXFile file;
		unsigned line, col;
		CXString fname;
		const char *fn;

		clang_getFileLocation(loc, &file, &line, &col, NULL);
		fname = clang_getFileName(file);
		fn = clang_getCString(fname);
		if (sev >= CXDiagnostic_Error) {
			bool main = file && clang_File_isEqual(file, ctx->main_file);
			char *method, *map;

			/* a method BCC tables do not have: say it in BCC's terms */
			if (unknown_method(tu, d, &method, &map)) {
				bcc2core_print(BCC2CORE_WARN, "%s:%u:%u: error: map '%s' has no method '%s'\n"
					       "  hint: BCC map methods are lookup, update, insert, delete, "
					       "increment, lookup_or_try_init, perf_submit, ringbuf_output, "
					       "get_stackid, call, push, pop, peek, ...\n",
					       main || !fn ? ctx->path : fn, line, col, map, method);
				free(method);
				free(map);
			} else {
				char macro[64] = "";

				bcc2core_print(BCC2CORE_WARN, "%s:%u:%u: error: %s\n",
					       main || !fn ? ctx->path : fn, line, col,
					       clang_getCString(msg));
				if (main && table_macro_at(ctx, line, macro, sizeof(macro)))
					bcc2core_print(BCC2CORE_WARN, "  hint: check the arguments of "
						       "%s(...) against BCC's reference guide\n", macro);
			}
			errors++;
		} else if (sev == CXDiagnostic_Warning && file &&
			   clang_File_isEqual(file, ctx->main_file) &&
			   implicit_declaration(d)) {
			/* BPF_FOO(x); parses as an old-style declaration: in BPF C it
			 * is an unknown macro or helper, never what was meant */
			bcc2core_print(BCC2CORE_WARN, "%s:%u:%u: error: %s\n"
				       "  hint: an unknown BCC macro or helper? see the BPF_* table "
				       "macros and bpf_* helpers BCC defines\n", ctx->path, line, col,
				       clang_getCString(msg));
			errors++;
		} else if (sev == CXDiagnostic_Warning && file &&
			   clang_File_isEqual(file, ctx->main_file)) {
			bcc2core_print(BCC2CORE_WARN, "%s:%u:%u: warning: %s\n", ctx->path,
				       line, col, clang_getCString(msg));
		}
		clang_disposeString(fname);
		clang_disposeString(msg);
		clang_disposeDiagnostic(d);
	}
	/* kernel types the build kernel does not have */
	if (errors)
		module_types__hint(ctx);
	return errors;
}

static int load_tracepoints(struct rw_ctx *ctx, const char *src, size_t len, struct strbuf *hdr)
{
	char **names = NULL;
	size_t cnt = 0;
	int err;

	err = scan_tracepoints(src, len, &names, &cnt);
	for (size_t i = 0; !err && i < cnt; i++) {
		char *colon = strchr(names[i], ':');
		struct tp_format *tp;
		char *text;

		*colon = '\0';
		err = tp_format__load(ctx, names[i], colon + 1, &tp);
		if (err)
			break;
		text = tp_format__bcc_struct(tp);
		if (!text) {
			err = -ENOMEM;
			break;
		}
		strbuf_puts(hdr, text);
		free(text);
	}
	for (size_t i = 0; i < cnt; i++)
		free(names[i]);
	free(names);
	return err;
}

static bool has_errors(CXTranslationUnit tu)
{
	unsigned n = clang_getNumDiagnostics(tu);
	bool errors = false;

	for (unsigned i = 0; i < n && !errors; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);

		errors = clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
		clang_disposeDiagnostic(d);
	}
	return errors;
}

/* Parses in a row that may each find something the next can fix (a header
 * to stand in, renamed fields) before parse_program() gives up. */
#define MAX_FIXUP_PARSES 64

#define TP_HEADER BCC2CORE_VIRTUAL_INCLUDE "/bcc2core_tracepoints.h"
#define MODULES_HEADER BCC2CORE_VIRTUAL_INCLUDE "/" BCC2CORE_MODULES_HEADER

/* What parse_program() carries from one parse to the next. */
struct parse_state {
	char parse_h[4096], pch[4096];
	bool use_pch;
	struct strbuf tp_hdr;		/* tracepoint structs, then load-time externs */
	size_t tp_hdr_len;		/* the tracepoint structs alone */
	struct kconfig_decision kd;	/* #if groups decided at load time */
	char *missing;			/* the header the last parse did not find */
	char **argv;
	size_t argc;
};

/* What a parse leads to. */
enum parse_next {
	PARSE_DONE,		/* it stands (its errors, if any, reported) */
	PARSE_AGAIN,		/* the source or the stand-ins changed */
	PARSE_NEW_FLAGS,	/* without the PCH, or with other -D flags */
};

static void parse_state__free_argv(struct parse_state *ps)
{
	for (size_t i = 0; i < ps->argc; i++)
		free(ps->argv[i]);
	free(ps->argv);
	ps->argv = NULL;
	ps->argc = 0;
}

/* libclang's flags: ps->use_pch says how the BCC environment comes in,
 * the rewriter's kflags are the -D flags for #if tests */
static int parse_flags(struct rw_ctx *ctx, struct parse_state *ps)
{
	int err;

	parse_state__free_argv(ps);
	err = build_flags(ctx->rw, true, &ps->argv, &ps->argc);
	if (ps->use_pch) {
		/* -include-pch takes its path as a separate argument */
		err = err ?: push_arg(&ps->argv, &ps->argc, "-include-pch%s", NULL);
		err = err ?: push_arg(&ps->argv, &ps->argc, "%s", ps->pch);
	} else {
		err = err ?: push_arg(&ps->argv, &ps->argc, "-include%s", ps->parse_h);
	}
	err = err ?: push_arg(&ps->argv, &ps->argc, "-include%s", MODULES_HEADER);
	return err ?: push_arg(&ps->argv, &ps->argc, "-include%s", TP_HEADER);
}

/* One parse of ctx->parse_src into ctx->tu. 0, PARSE_NEW_FLAGS when the
 * PCH could not be read, or a negative error. */
static int parse_once(struct rw_ctx *ctx, CXIndex index, struct parse_state *ps)
{
	size_t nfiles = ctx->standin_cnt + 3;
	struct strbuf hdr = {};
	char *modules = module_types__header(ctx);
	struct CXUnsavedFile *files = calloc(nfiles, sizeof(*files));
	char **names = calloc(nfiles, sizeof(*names));
	enum CXErrorCode ec;

	if (!files || !names || !modules) {
		free(files);
		free(names);
		free(modules);
		return -ENOMEM;
	}
	files[0].Filename = ctx->path;
	files[0].Contents = ctx->parse_src.buf;
	files[0].Length = ctx->parse_src.len;
	/* after the compat header: its macros that the program's own types
	 * use as field names are not in their way */
	strbuf_append(&hdr, ps->tp_hdr.buf, ps->tp_hdr.len);
	for (size_t i = 0; i < ctx->local_undef_cnt; i++)
		strbuf_printf(&hdr, "#undef %s\n", ctx->local_undefs[i]);
	files[1].Filename = TP_HEADER;
	files[1].Contents = hdr.buf;
	files[1].Length = hdr.len;
	files[2].Filename = MODULES_HEADER;
	files[2].Contents = modules;
	files[2].Length = strlen(modules);
	for (size_t i = 0; i < ctx->standin_cnt; i++) {
		if (asprintf(&names[i], "%s/%s", BCC2CORE_VIRTUAL_INCLUDE, ctx->standins[i]) < 0)
			names[i] = NULL;
		files[i + 3].Filename = names[i] ? names[i] : "";
		/* BCC's packet headers are ours; other kernel headers'
		 * types come from vmlinux.h */
		files[i + 3].Contents = !strcmp(ctx->standins[i], "bcc/proto.h")
					? "#include \"bcc2core_proto.h\"\n"
					: "/* bcc2core: kernel types come from vmlinux.h */\n";
		files[i + 3].Length = strlen(files[i + 3].Contents);
	}
	macro_expansions__free(ctx);
	if (ctx->tu)
		clang_disposeTranslationUnit(ctx->tu);
	ctx->tu = NULL;
	ec = clang_parseTranslationUnit2(index, ctx->path, (const char *const *)ps->argv,
					 ps->argc, files, nfiles,
					 CXTranslationUnit_DetailedPreprocessingRecord, &ctx->tu);
	for (size_t i = 0; i < ctx->standin_cnt; i++)
		free(names[i]);
	free(names);
	free(files);
	free(modules);
	strbuf_free(&hdr);
	if (ec == CXError_ASTReadError && ps->use_pch) {
		/* libclang's word that an AST file, here the PCH, did not load:
		 * built by another libclang or from headers changed since */
		pr_info("%s: not using %s\n", ctx->path, ps->pch);
		ps->use_pch = false;
		return PARSE_NEW_FLAGS;
	}
	if (ec != CXError_Success || !ctx->tu) {
		pr_warn("%s: libclang could not parse (error %d)\n", ctx->path, ec);
		return -BCC2CORE_ERRNO__PARSE;
	}
	ctx->main_file = clang_getFile(ctx->tu, ctx->path);
	return 0;
}

/* #if groups load time decides (kconfig_decision.c): the next step of its
 * plan. PARSE_DONE, PARSE_NEW_FLAGS (the text, its externs and the -D flags
 * for the rest changed) or a negative error. */
static int parse_next_kconfig(struct rw_ctx *ctx, struct parse_state *ps)
{
	int load = kconfig_decision__next(&ps->kd, ctx, has_errors(ctx->tu));

	if (load > 0) {
		/* the new text, its externs, the -D flags for the rest */
		ps->tp_hdr.len = ps->tp_hdr_len;
		ps->tp_hdr.buf[ps->tp_hdr_len] = '\0';
		strbuf_puts(&ps->tp_hdr, ctx->kload.externs.buf ?: "");
		for (size_t i = 0; i < ctx->rw->kflag_cnt; i++)
			free(ctx->rw->kflags[i]);
		ctx->rw->kflag_cnt = 0;
		load = kconfig__flags(ctx, ctx->parse_src.buf, ctx->parse_src.len,
				      &ctx->kload, false) ?: 1;
	}
	if (load < 0)
		return load;
	return load ? PARSE_NEW_FLAGS : PARSE_DONE;
}

/* What the parse just made calls for: a parse after fixups, the next #if
 * plan step, or nothing more (its errors reported: -BCC2CORE_ERRNO__PARSE).
 * An enum parse_next or a negative error. */
static int parse_next(struct rw_ctx *ctx, struct parse_state *ps)
{
	int errors, err;

	free(ps->missing);
	ps->missing = NULL;
	if (!find_fixups(ctx, ctx->tu, &ps->missing, &ctx->parse_src)) {
		/* kernel types only a module's BTF has */
		err = has_errors(ctx->tu) ? module_types__add_missing(ctx) : 0;
		if (err)
			return err < 0 ? err : PARSE_AGAIN;
		err = parse_next_kconfig(ctx, ps);
		if (err != PARSE_DONE)
			return err;
		errors = report_diagnostics(ctx, ctx->tu);
		return errors ? -BCC2CORE_ERRNO__PARSE : PARSE_DONE;
	}
	if (!ps->missing)
		return PARSE_AGAIN;	/* renamed fields, names of its own */
	if (!names_a_file(ps->missing)) {
		/* clang's own "file not found", with its location */
		report_diagnostics(ctx, ctx->tu);
		return -BCC2CORE_ERRNO__PARSE;
	}
	/* a kernel header reached through another header: stand it in */
	if (in_resource_dir(ps->missing) || !strcmp(ps->missing, "") ||
	    strv_has(ctx->standins, ctx->standin_cnt, ps->missing)) {
		bcc2core_print(BCC2CORE_WARN, "%s: error: '%s' file not found\n",
			       ctx->path, ps->missing);
		return -BCC2CORE_ERRNO__PARSE;
	}
	err = add_standin(ctx, ps->missing);
	return err ?: PARSE_AGAIN;
}

int parse_program(struct rw_ctx *ctx, CXIndex index, const char *src, size_t len)
{
	struct parse_state ps = {};
	enum parse_next next = PARSE_NEW_FLAGS;
	char **paths = NULL;
	size_t path_cnt = 0;
	int err, fixups = 0;

	for (size_t i = 0; i < ctx->rw->kflag_cnt; i++)
		free(ctx->rw->kflags[i]);
	ctx->rw->kflag_cnt = 0;
	err = kconfig__flags(ctx, src, len, NULL, false);
	err = err ?: scan_includes(src, len, &paths, &path_cnt, NULL);
	for (size_t i = 0; !err && i < path_cnt; i++)
		err = add_standin(ctx, paths[i]);
	for (size_t i = 0; i < path_cnt; i++)
		free(paths[i]);
	free(paths);
	err = err ?: load_tracepoints(ctx, src, len, &ps.tp_hdr);
	if (err)
		goto out;
	if (!ps.tp_hdr.buf)
		strbuf_puts(&ps.tp_hdr, "\n");
	ps.tp_hdr_len = ps.tp_hdr.len;
	strbuf_append(&ctx->parse_src, src, len);

	snprintf(ps.parse_h, sizeof(ps.parse_h), "%s/bcc2core_parse.h",
		 build_kernel__datadir(ctx->rw));
	if (access(ps.parse_h, R_OK)) {
		pr_warn("cannot read %s: %s (is the data directory right? set BCC2CORE_DATADIR)\n",
			ps.parse_h, strerror(errno));
		err = -ENOENT;
		goto out;
	}
	snprintf(ps.pch, sizeof(ps.pch), "%s/bcc2core_parse.pch", build_kernel__datadir(ctx->rw));
	ps.use_pch = access(ps.pch, R_OK) == 0 && !getenv("BCC2CORE_NO_PCH");

	/* New flags come at most once from the PCH and otherwise from the
	 * steps of a finite #if plan; fixups are counted since the last. */
	while (next != PARSE_DONE && fixups < MAX_FIXUP_PARSES) {
		if (next == PARSE_NEW_FLAGS) {
			err = parse_flags(ctx, &ps);
			if (err)
				goto out;
			fixups = 0;
		}
		err = parse_once(ctx, index, &ps) ?: parse_next(ctx, &ps);
		if (err < 0)
			goto out;
		next = err;
		if (next == PARSE_AGAIN)
			fixups++;
	}
	if (next != PARSE_DONE) {
		/* the last parse's errors, where they are, then why no more */
		report_diagnostics(ctx, ctx->tu);
		if (ps.missing)
			bcc2core_print(BCC2CORE_WARN, "%s: error: gave up after %d parses, each "
				       "missing one more kernel header (the last '%s')\n"
				       "  hint: include the kernel headers the program needs from "
				       "the program itself, not through another header\n",
				       ctx->path, fixups, ps.missing);
		else
			bcc2core_print(BCC2CORE_WARN, "%s: error: gave up after %d parses, each "
				       "finding more renamed kernel fields to parse under their "
				       "other names\n", ctx->path, fixups);
		err = -BCC2CORE_ERRNO__PARSE;
		goto out;
	}
	{
		size_t sz = 0;
		const char *buf = clang_getFileContents(ctx->tu, ctx->main_file, &sz);

		ctx->src = buf;
		ctx->src_len = sz;
	}
	if (!ctx->src) {
		err = -BCC2CORE_ERRNO__PARSE;
		goto out;
	}
	/* what stays decided by the build kernel, said at each use */
	for (size_t i = 0; i < ctx->rw->kflag_cnt; i++)
		free(ctx->rw->kflags[i]);
	ctx->rw->kflag_cnt = 0;
	err = kconfig__flags(ctx, ctx->src, ctx->src_len, &ctx->kload, true);
out:
	kconfig_decision__free(&ps.kd);
	free(ps.missing);
	parse_state__free_argv(&ps);
	strbuf_free(&ps.tp_hdr);
	return err;
}
