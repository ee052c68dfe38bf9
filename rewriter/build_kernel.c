// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The build kernel's BTF (--btf), which vmlinux.h was made from: parsed once
 * per program, owned by the context (freed with it), asked by the passes
 * that need kernel facts (tracepoint records, function prototypes). */
#include <bpf/btf.h>

#include "internal.h"

struct btf *rw_kernel_btf(struct rw_ctx *ctx)
{
	if (!ctx->btf)
		ctx->btf = btf__parse(ctx->rw->btf_path, NULL);
	return ctx->btf;
}
