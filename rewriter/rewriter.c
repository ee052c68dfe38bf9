// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The rewriter: parse -> analyze -> rewrite walk -> emit, over one edit list.
 *
 *   parse_program()            libclang TU in the BCC parse environment
 *   pass_tables__collect()     BCC table declarations
 *   pass_programs__collect()   programs, their kinds and sections
 *   pass_kernel_reads__analyze() where kernel/user pointers come from
 *   pass_twins__plan()         which kprobes get a fentry form sharing their body
 *   rewrite_walk()             per node, inner before outer: tracepoint args,
 *                              kernel reads, map methods, helpers
 *   pass_*__emit()             declarations: maps, SEC()s, alternate forms (and
 *                              the fentry form's flag: arg_reads.c), includes,
 *                              license
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "internal.h"

/* the caller's opts struct is recent enough to have @field */
#define OPTS_HAS(opts, field) ((opts) && (opts)->sz >= offsetof(struct bcc2core_rewriter_opts, \
							       field) + sizeof((opts)->field))

#ifndef BCC2CORE_DEFAULT_DATADIR
#define BCC2CORE_DEFAULT_DATADIR "/usr/local/share/bcc2core"
#endif

struct bcc2core_rewriter *bcc2core_rewriter__new(const struct bcc2core_rewriter_opts *opts)
{
	struct bcc2core_rewriter *rw;
	const char *env = getenv("BCC2CORE_DATADIR");
	int err = 0;

	if (opts && opts->sz < offsetof(struct bcc2core_rewriter_opts, attach_spec_cnt) +
	    sizeof(size_t)) {
		errno = EINVAL;
		return NULL;
	}
	rw = calloc(1, sizeof(*rw));
	if (!rw) {
		errno = ENOMEM;
		return NULL;
	}
	rw->datadir = strdup(opts && opts->datadir ? opts->datadir
			     : env ? env : BCC2CORE_DEFAULT_DATADIR);
	rw->btf_path = strdup(opts && opts->btf_path ? opts->btf_path : "/sys/kernel/btf/vmlinux");
	/* never the build machine's own: formats come from the BTF */
	if (opts && opts->tracefs && !(rw->tracefs = strdup(opts->tracefs)))
		err = -ENOMEM;
	rw->line_directives = opts && opts->sz > offsetof(struct bcc2core_rewriter_opts,
							  line_directives) && opts->line_directives;
	rw->btf_given = opts && opts->btf_path;
	if (OPTS_HAS(opts, kconfig_path) && opts->kconfig_path &&
	    !(rw->kconfig_path = strdup(opts->kconfig_path)))
		err = -ENOMEM;
	if (!err && rw->kconfig_path && access(rw->kconfig_path, R_OK)) {
		err = -errno;
		pr_warn("cannot read kernel config %s: %s\n", rw->kconfig_path, strerror(errno));
	}
	if (OPTS_HAS(opts, kernel_release) && opts->kernel_release &&
	    !(rw->kernel_release = strdup(opts->kernel_release)))
		err = -ENOMEM;
	/* it goes into the object as text: a release's characters only */
	if (rw->kernel_release && (!*rw->kernel_release ||
	    strspn(rw->kernel_release, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "0123456789.+-_~") != strlen(rw->kernel_release))) {
		pr_warn("bad kernel release '%s'\n  hint: as uname -r prints it, e.g. 6.1.0-18-amd64\n",
			rw->kernel_release);
		err = -EINVAL;
	}
	rw->record_inputs = OPTS_HAS(opts, record_inputs) && opts->record_inputs;
	rw->probe_read_ctx = OPTS_HAS(opts, probe_read_ctx) && opts->probe_read_ctx;
	if (!err && OPTS_HAS(opts, moved_ctx_field_cnt) && opts->moved_ctx_field_cnt) {
		rw->moved_ctx_fields = calloc(opts->moved_ctx_field_cnt, sizeof(char *));
		for (size_t i = 0; rw->moved_ctx_fields && i < opts->moved_ctx_field_cnt; i++)
			if ((rw->moved_ctx_fields[i] = strdup(opts->moved_ctx_fields[i])))
				rw->moved_ctx_field_cnt++;
		if (rw->moved_ctx_field_cnt < opts->moved_ctx_field_cnt)
			err = -ENOMEM;
	}
	if (!rw->datadir || !rw->btf_path)
		err = -ENOMEM;
	if (!err)
		err = build_kernel__prepare(rw, rw->btf_given);
	for (size_t i = 0; !err && opts && i < opts->cflag_cnt; i++) {
		const char *f = opts->cflags[i];

		/* an option for clang's preprocessor; anything else ("--", a
		 * file name) would change what clang parses */
		if (!f || f[0] != '-' || !isalpha((unsigned char)f[1])) {
			pr_warn("bad preprocessor flag '%s'\n  hint: -DNAME[=VAL], -UNAME or -IDIR\n",
				f ? f : "(null)");
			err = -EINVAL;
		}
	}
	if (!err && opts && opts->cflag_cnt) {
		rw->cflags = calloc(opts->cflag_cnt, sizeof(char *));
		for (size_t i = 0; rw->cflags && i < opts->cflag_cnt; i++) {
			rw->cflags[i] = strdup(opts->cflags[i]);
			rw->cflag_cnt++;
		}
		if (!rw->cflags)
			err = -ENOMEM;
	}
	if (!err && opts && opts->attach_spec_cnt) {
		rw->attach = calloc(opts->attach_spec_cnt, sizeof(*rw->attach));
		if (!rw->attach)
			err = -ENOMEM;
		for (size_t i = 0; !err && i < opts->attach_spec_cnt; i++) {
			err = attach_spec__parse(opts->attach_specs[i], &rw->attach[i]);
			if (!err)
				rw->attach_cnt++;
		}
	}
	if (err) {
		bcc2core_rewriter__free(rw);
		errno = -err;
		return NULL;
	}
	return rw;
}

void bcc2core_rewriter__free(struct bcc2core_rewriter *rw)
{
	if (!rw)
		return;
	for (size_t i = 0; i < rw->cflag_cnt; i++)
		free(rw->cflags[i]);
	free(rw->cflags);
	for (size_t i = 0; i < rw->moved_ctx_field_cnt; i++)
		free(rw->moved_ctx_fields[i]);
	free(rw->moved_ctx_fields);
	for (size_t i = 0; i < rw->kflag_cnt; i++)
		free(rw->kflags[i]);
	free(rw->kflags);
	for (size_t i = 0; i < rw->attach_cnt; i++)
		attach_spec__free(&rw->attach[i]);
	free(rw->attach);
	free(rw->datadir);
	free(rw->btf_path);
	free(rw->tracefs);
	free(rw->tp_data);
	build_kernel__cleanup(rw);
	btf__free(rw->btf);
	free(rw->kconfig_path);
	free(rw->kernel_release);
	free(rw);
}

int bcc2core_rewriter__bpf_cflags(const struct bcc2core_rewriter *rw, char ***argv, size_t *argc)
{
	*argv = NULL;
	*argc = 0;
	return build_flags((struct bcc2core_rewriter *)rw, false, argv, argc);
}

static void ctx_free(struct rw_ctx *ctx)
{
	strbuf_free(&ctx->hoisted_fields);
	strbuf_free(&ctx->btf_arg_copies);
	for (size_t i = 0; i < ctx->map_cnt; i++) {
		free(ctx->maps[i].name);
		free(ctx->maps[i].kind);
		free(ctx->maps[i].pin_path);
		free(ctx->maps[i].share);
		free(ctx->maps[i].inner);
		free(ctx->maps[i].event_type);
	}
	free(ctx->maps);
	for (size_t i = 0; i < ctx->prog_cnt; i++) {
		free(ctx->progs[i].name);
		free(ctx->progs[i].section);
		free(ctx->progs[i].section_text);
		for (size_t k = 0; k < ctx->progs[i].also_cnt; k++)
			free(ctx->progs[i].also[k]);
		free(ctx->progs[i].also);
	}
	free(ctx->progs);
	free(ctx->ext);
	for (size_t i = 0; i < ctx->tp_cnt; i++)
		tp_format__free(&ctx->tps[i]);
	free(ctx->tps);
	for (size_t i = 0; i < ctx->standin_cnt; i++)
		free(ctx->standins[i]);
	free(ctx->standins);
	for (size_t i = 0; i < ctx->local_undef_cnt; i++)
		free(ctx->local_undefs[i]);
	free(ctx->local_undefs);
	for (size_t i = 0; i < ctx->reported_cnt; i++)
		free(ctx->reported[i]);
	free(ctx->reported);
	free(ctx->parsed_renames);
	module_types__free(ctx);
	edits__free(&ctx->edits);
	strbuf_free(&ctx->parse_src);
	kconfig_load__free(&ctx->kload);
	free(ctx->kconfig);
	macro_expansions__free(ctx);
	if (ctx->tu)
		clang_disposeTranslationUnit(ctx->tu);
}

static char *read_file(const char *path, size_t *len)
{
	struct strbuf sb = {};
	char buf[65536];
	struct stat st;
	size_t n;
	FILE *fp;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return NULL;
	}
	fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_append(&sb, buf, n);
	if (ferror(fp)) {
		fclose(fp);
		strbuf_free(&sb);
		errno = EIO;
		return NULL;
	}
	fclose(fp);
	*len = sb.len;
	return strbuf_detach(&sb);
}

int bcc2core_rewriter__rewrite(struct bcc2core_rewriter *rw, const char *path, const char *src,
			       size_t len, char **out)
{
	struct rw_ctx ctx = { .rw = rw, .path = path };
	char *owned = NULL;
	CXIndex index;
	int err;

	if (!rw || !path || !out)
		return -EINVAL;
	*out = NULL;
	if (!src) {
		owned = read_file(path, &len);
		if (!owned) {
			err = -errno;
			bcc2core_print(BCC2CORE_WARN, "%s: error: cannot read: %s\n", path,
				       strerror(errno));
			return err;
		}
		src = owned;
	}
	if (memchr(src, '\0', len)) {
		bcc2core_print(BCC2CORE_WARN, "%s: error: not a C source file (it has NUL bytes)\n",
			       path);
		free(owned);
		return -BCC2CORE_ERRNO__PARSE;
	}
	/* visit only the program's own declarations, not the PCH's (vmlinux.h) */
	index = clang_createIndex(1, 0);
	err = parse_program(&ctx, index, src, len);
	if (!err) {
		edits__init(&ctx.edits, ctx.src, ctx.src_len);
		err = pass_tables__collect(&ctx);
		err = err ?: pass_programs__collect(&ctx);
		err = err ?: pass_kernel_reads__analyze(&ctx);
		err = err ?: pass_twins__plan(&ctx);
		err = err ?: rewrite_walk(&ctx);
		if (!err)
			field_rename__check_parsed(&ctx);
		err = err ?: pass_tables__emit(&ctx);
		err = err ?: pass_programs__emit(&ctx);
		err = err ?: pass_twins__emit(&ctx);
		err = err ?: pass_arg_reads__emit(&ctx);
		err = err ?: pass_includes__emit(&ctx);
		if (!err && ctx.errors)
			err = ctx.first_err ? ctx.first_err : -BCC2CORE_ERRNO__UNSUPPORTED;
		if (!err && rw->line_directives)
			err = edits__add_line_directives(&ctx.edits, path);
		if (!err) {
			*out = edits__apply(&ctx.edits);
			if (!*out)
				err = -ENOMEM;
		}
	}
	ctx_free(&ctx);
	clang_disposeIndex(index);
	free(owned);
	return err;
}
