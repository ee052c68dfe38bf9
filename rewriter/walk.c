// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The walk: post-order over every program's body, each node handed to the
 * node passes in turn. Also the walk of one body apart from the rest (the
 * kprobe form of a BTF-typed program): its own edit list and kernel-pointer
 * set, the context's put back after. A leaf of the passes: the driver and
 * the twins pass call it, nothing here calls them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef int (*visit_fn)(struct rw_ctx *ctx, const struct walk_frame *f);

static const struct {
	const char *name;
	visit_fn visit;
} node_passes[] = {
	{ "tracepoint-args", pass_programs__visit },
	{ "packet-headers", pass_packets__visit },
	{ "kernel-reads", pass_kernel_reads__visit },
	{ "kernel-sizes", pass_kernel_sizes__visit },
	{ "map-methods", pass_methods__visit },
	{ "helpers", pass_helpers__visit },
	/* after helpers: it takes the call as renamed */
	{ "map-value-reads", pass_map_value_reads__visit },
};

static int walk(struct rw_ctx *ctx, const struct walk_frame *f)
{
	unsigned n;
	CXCursor *ch = cursor_children(f->cursor, &n);
	int err = 0;

	for (unsigned i = 0; i < n && !err; i++) {
		struct walk_frame child = { ch[i], f, f->prog };

		err = walk(ctx, &child);
	}
	free(ch);
	for (size_t i = 0; i < sizeof(node_passes) / sizeof(node_passes[0]) && !err; i++) {
		err = node_passes[i].visit(ctx, f);
		if (err && err != -BCC2CORE_ERRNO__EDIT_CONFLICT)
			pr_debug("pass %s: %d\n", node_passes[i].name, err);
	}
	/* a conflict is reported where it happens; keep going for more errors */
	return err == -BCC2CORE_ERRNO__EDIT_CONFLICT ? 0 : err;
}

int rewrite_walk(struct rw_ctx *ctx)
{
	int err = 0;

	for (size_t i = 0; i < ctx->prog_cnt && !err; i++) {
		struct walk_frame f = { ctx->progs[i].fn, NULL, &ctx->progs[i] };

		err = walk(ctx, &f);
	}
	return err;
}

/* the conditional directive a line of text starts with: "if" (#if, #ifdef,
 * #ifndef), "else" (#else, #elif), "endif", or NULL */
static const char *conditional(const char *line)
{
	line += strspn(line, " \t");
	if (*line++ != '#')
		return NULL;
	line += strspn(line, " \t");
	if (!strncmp(line, "if", 2))
		return "if";
	if (!strncmp(line, "el", 2))
		return "else";
	return strncmp(line, "endif", 5) ? NULL : "endif";
}

/* internal.h */
void rw_drop_outer_conditionals(char *text)
{
	char *out = text, *line = text;
	int depth = 0;
	bool skipping = false;

	while (*line) {
		char *next = line + strcspn(line, "\n");
		const char *d = conditional(line);
		bool keep = !skipping;

		next += *next == '\n';
		if (d && !strcmp(d, "if")) {
			depth++;
		} else if (d && depth && !strcmp(d, "endif")) {
			depth--;
		} else if (d && !depth) {	/* one of the outer groups' */
			keep = false;
			skipping = !strcmp(d, "else");
		}
		if (keep) {
			memmove(out, line, next - line);
			out += next - line;
		}
		line = next;
	}
	*out = '\0';
}

int rewrite_walk_apart(struct rw_ctx *ctx, const struct rw_prog *prog, const CXCursor *params,
		       int nparams, size_t bb, size_t be, char **body)
{
	struct edit_list saved = ctx->edits;
	struct ext_ptr *saved_ext = NULL;
	size_t saved_ext_cnt = ctx->ext_cnt;
	struct walk_frame f = { prog->fn, NULL, prog };
	int err = 0;

	*body = NULL;
	saved_ext = malloc((ctx->ext_cnt + 1) * sizeof(*saved_ext));
	if (!saved_ext)
		return -ENOMEM;
	if (ctx->ext_cnt)	/* ext is NULL while empty */
		memcpy(saved_ext, ctx->ext, ctx->ext_cnt * sizeof(*saved_ext));
	edits__init(&ctx->edits, ctx->src, ctx->src_len);
	for (int i = 0; i < nparams && !err; i++)
		err = pass_kernel_reads__add_param(ctx, params[i]);
	err = err ?: pass_kernel_reads__analyze(ctx);
	err = err ?: walk(ctx, &f);
	if (!err) {
		*body = edits__render(&ctx->edits, bb, be);
		if (!*body)
			err = -ENOMEM;
		else
			rw_drop_outer_conditionals(*body);
	}
	edits__free(&ctx->edits);
	ctx->edits = saved;
	/* the added sources only grew the set: its first entries are as they were */
	if (saved_ext_cnt)
		memcpy(ctx->ext, saved_ext, saved_ext_cnt * sizeof(*saved_ext));
	ctx->ext_cnt = saved_ext_cnt;
	free(saved_ext);
	return err;
}
