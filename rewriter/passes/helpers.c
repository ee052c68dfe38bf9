// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BCC-only helpers -> libbpf: bpf_trace_printk -> bpf_printk (any number of
 * arguments), legacy bpf_probe_read* -> explicit _kernel/_user variants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

static int rename_callee(struct rw_ctx *ctx, CXCursor call, const char *from, const char *to)
{
	size_t b, e;

	if (!cursor_range(ctx, call, &b, &e) || e - b < strlen(from) ||
	    strncmp(ctx->src + b, from, strlen(from)))
		return 0;	/* spelled in a macro: nothing to rename here */
	return rw_edit(ctx, b, b + strlen(from), to);
}

/* Is the source argument (the last) of a legacy probe read user memory? */
static bool reads_user_memory(const struct walk_frame *f)
{
	const struct rw_prog *p = f->prog;

	/* BCC's legacy helper reads either; what the program is tells which */
	return p && (p->kind == PROG_UPROBE || p->kind == PROG_URETPROBE ||
		     p->kind == PROG_KSYSCALL || (p->tp && p->tp->syscall_enter));
}

int pass_helpers__visit(struct rw_ctx *ctx, const struct walk_frame *f)
{
	CXCursor c = f->cursor;
	char *name;
	size_t cb, ce;
	int err = 0;

	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return 0;
	name = cursor_spelling(c);

	if (f->prog && same_decl(clang_getCursorReferenced(c), f->prog->fn) &&
	    cursor_range(ctx, c, &cb, &ce) && !strncmp(ctx->src + cb, name, strlen(name))) {
		/* (BPF_PROG's typeof(name(0)) is in a macro body: not a call) */
		rw_error(ctx, cb, "BPF has no recursion: rewrite it as a bounded loop",
			 "'%s' calls itself", name);
	} else if (!strcmp(name, "bpf_trace_printk")) {
		err = rename_callee(ctx, c, "bpf_trace_printk", "bpf_printk");
	} else if (!strcmp(name, "bpf_probe_read")) {
		err = rename_callee(ctx, c, "bpf_probe_read", reads_user_memory(f)
				    ? "bpf_probe_read_user" : "bpf_probe_read_kernel");
	} else if (!strcmp(name, "bpf_num_cpus")) {
		/* BCC bakes the compiling host's CPU count in; the object cannot
		 * know its target's: a constant the runtime sets before load */
		size_t b, e;

		if (cursor_range(ctx, c, &b, &e) && !strncmp(ctx->src + b, name, strlen(name))) {
			err = rw_edit(ctx, b, e, "bcc2core_num_cpus");
			ctx->uses_num_cpus = true;
		}
	} else if (!strcmp(name, "bpf_usdt_readarg") || !strcmp(name, "bpf_usdt_readarg_p")) {
		err = rename_callee(ctx, c, name, !strcmp(name, "bpf_usdt_readarg")
				    ? "bcc2core_usdt_readarg" : "bcc2core_usdt_readarg_p");
		ctx->uses_usdt = true;
	} else if (!strcmp(name, "bpf_probe_read_str")) {
		err = rename_callee(ctx, c, "bpf_probe_read_str", reads_user_memory(f)
				    ? "bpf_probe_read_user_str" : "bpf_probe_read_kernel_str");
	}
	free(name);
	return err;
}
