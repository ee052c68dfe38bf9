// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel header includes -> vmlinux.h + libbpf's BPF headers + bcc2core's
 * compat header; the license section BCC's footer gave implicitly. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

static const char header_block[] =
	"#include \"vmlinux.h\"\n"
	"#include <bpf/bpf_helpers.h>\n"
	"#include <bpf/bpf_tracing.h>\n"
	"#include <bpf/bpf_core_read.h>\n"
	"#include <bpf/bpf_endian.h>\n";

static bool is_standin(struct rw_ctx *ctx, const char *path)
{
	for (size_t i = 0; i < ctx->standin_cnt; i++)
		if (!strcmp(ctx->standins[i], path))
			return true;
	return false;
}

/* BPF_LICENSE's value, or GPL as BCC defaults. */
static char *license(struct rw_ctx *ctx, CXCursor *top, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		CXToken *toks;
		unsigned nt;
		struct strbuf sb = {};
		char *name;

		if (clang_getCursorKind(top[i]) != CXCursor_MacroDefinition ||
		    !cursor_in_main_file(ctx, top[i]))
			continue;
		name = cursor_spelling(top[i]);
		if (strcmp(name, "BPF_LICENSE")) {
			free(name);
			continue;
		}
		free(name);
		clang_tokenize(ctx->tu, clang_getCursorExtent(top[i]), &toks, &nt);
		for (unsigned t = 1; t < nt; t++) {
			CXString s = clang_getTokenSpelling(ctx->tu, toks[t]);

			strbuf_printf(&sb, "%s%s", t > 1 ? " " : "", clang_getCString(s));
			clang_disposeString(s);
		}
		clang_disposeTokens(ctx->tu, toks, nt);
		return strbuf_detach(&sb);
	}
	return strdup("GPL");
}

/* what the object is a function of besides its source and options */
static void record_inputs(struct rw_ctx *ctx, struct strbuf *sb)
{
	char v[80];

	if (*ctx->rw->btf_sha256) {
		snprintf(v, sizeof(v), "sha256:%s", ctx->rw->btf_sha256);
		strbuf_tag_attr(sb, BCC2CORE_TAG_BTF, v);
	}
	if (*ctx->release_used)
		strbuf_tag_attr(sb, BCC2CORE_TAG_KERNEL, ctx->release_used);
	if (*ctx->kconfig_sha256) {
		snprintf(v, sizeof(v), "sha256:%s", ctx->kconfig_sha256);
		strbuf_tag_attr(sb, BCC2CORE_TAG_KCONFIG, v);
	}
}

int pass_includes__emit(struct rw_ctx *ctx)
{
	CXCursor tu = clang_getTranslationUnitCursor(ctx->tu);
	unsigned n;
	CXCursor *top = cursor_children(tu, &n);
	char *lic = NULL, *text = NULL, *base, *block, *modules = module_types__header(ctx);
	int err = 0;

	struct strbuf kdefs = {};

	/* the build kernel's config and version the program tests with #if */
	for (size_t i = 0; i < ctx->rw->kflag_cnt; i++) {
		const char *d = ctx->rw->kflags[i] + 2, *eq = strchr(d, '=');

		if (!kdefs.len)
			strbuf_puts(&kdefs, "\n\n/* evaluated against the build kernel, as BCC does "
				    "against the one it runs on */");
		strbuf_printf(&kdefs, "\n#define %.*s %s", (int)(eq ? eq - d : (long)strlen(d)), d,
			      eq ? eq + 1 : "1");
	}
	/* the #if groups decided at load time: libbpf sets these from the
	 * running kernel */
	if (ctx->kload.groups)
		strbuf_printf(&kdefs, "\n\n/* the running kernel's, set by libbpf at load: the tests "
			      "below that BCC made with #if */\n%.*s", (int)ctx->kload.externs.len - 1,
			      ctx->kload.externs.buf);
	/* field names of the program's own types that the compat header
	 * spells as kernel paths (struct sock { u32 *sk_daddr; }) */
	if (ctx->local_undef_cnt)
		strbuf_puts(&kdefs, "\n\n/* field names of the program's own types, not "
			    "bcc2core_defs.h's kernel spellings */");
	for (size_t i = 0; i < ctx->local_undef_cnt; i++)
		strbuf_printf(&kdefs, "\n#undef %s", ctx->local_undefs[i]);
	/* tracepoint records known under another name on other kernels */
	for (size_t i = 0; i < ctx->tp_cnt; i++) {
		char *def = tp_format__other_struct(&ctx->tps[i]);

		if (def)
			strbuf_printf(&kdefs, "\n\n%s", def);
		free(def);
	}
	/* constants the runtime sets before load go right after the headers */
	if (!modules || asprintf(&block, "%s%s#include \"bcc2core.bpf.h\"%s%s%s", header_block,
		     ctx->uses_usdt ? "#include <bpf/usdt.bpf.h>\n" : "", modules,
		     kdefs.len ? kdefs.buf : "",
		     ctx->uses_num_cpus
		     ? "\n\n/* the CPU count, set by bcc2core run before load */\n"
		       "const volatile int bcc2core_num_cpus = 1;" : "") < 0) {
		strbuf_free(&kdefs);
		free(modules);
		return -ENOMEM;
	}
	strbuf_free(&kdefs);
	free(modules);

	for (unsigned i = 0; i < n && !err; i++) {
		size_t b, e;
		char *inc;

		if (clang_getCursorKind(top[i]) != CXCursor_InclusionDirective ||
		    !cursor_in_main_file(ctx, top[i]) || !cursor_range(ctx, top[i], &b, &e))
			continue;
		inc = cursor_spelling(top[i]);
		if (is_standin(ctx, inc)) {
			/* the directive's extent starts after '#' */
			while (b > 0 && ctx->src[b - 1] != '#' && ctx->src[b - 1] != '\n')
				b--;
			if (b > 0 && ctx->src[b - 1] == '#')
				b--;
			/* the kernel's types come from the block at the top */
			err = rw_edit(ctx, b, e, strcmp(inc, "bcc/proto.h") ? ""
					   : "#include \"bcc2core_proto.h\"");
		}
		free(inc);
	}
	base = strrchr(ctx->path, '/');
	base = base ? base + 1 : (char *)ctx->path;
	if (!err && asprintf(&text, "/* Converted from %s by bcc2core: libbpf CO-RE C. */\n%s%s",
			     base, block, "\n\n") < 0)
		err = -ENOMEM;
	/* before anything else inserted at offset 0 (a SEC() of a program on
	 * the file's first line) */
	if (!err && edits__prepend(&ctx->edits, 0, text))
		err = -ENOMEM;
	free(text);
	text = NULL;
	lic = license(ctx, top, n);
	/* the object format travels on LICENSE, which every object has */
	if (!err && lic) {
		struct strbuf sb = {};
		char format[16];

		snprintf(format, sizeof(format), "%d", BCC2CORE_OBJECT_FORMAT);
		strbuf_printf(&sb, "%schar LICENSE[] SEC(\"license\")",
			      ctx->src_len && ctx->src[ctx->src_len - 1] == '\n' ? "\n" : "\n\n");
		strbuf_tag_attr(&sb, BCC2CORE_TAG_FORMAT, format);
		/* the runtime relocates these against the modules' BTF */
		for (size_t i = 0; i < ctx->module_btf_cnt; i++)
			if (ctx->module_btfs[i]->used)
				strbuf_tag_attr(&sb, BCC2CORE_TAG_MODULE, ctx->module_btfs[i]->name);
		if (ctx->rw->record_inputs)
			record_inputs(ctx, &sb);
		strbuf_printf(&sb, " = \"%s\";\n", lic);
		text = strbuf_detach(&sb);
	}
	if (!err && !text)
		err = -ENOMEM;
	err = err ?: rw_edit(ctx, ctx->src_len, ctx->src_len, text);
	free(lic);
	free(text);
	free(top);
	free(block);
	return err;
}
