// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The rewriter as a loadable module: one table the frontend looks up. */
#include "bcc2core/rewriter.h"
#include "bcc2core/plugin.h"

BCC2CORE_API const struct bcc2core_rewriter_plugin bcc2core_rewriter_plugin = {
	.sz = sizeof(struct bcc2core_rewriter_plugin),
	.set_print = bcc2core_set_print,
	.new = bcc2core_rewriter__new,
	.rewrite = bcc2core_rewriter__rewrite,
	.free = bcc2core_rewriter__free,
	.bpf_cflags = bcc2core_rewriter__bpf_cflags,
	.attach_spec_check = bcc2core_attach_spec__check,
};
