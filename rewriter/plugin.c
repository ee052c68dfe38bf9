// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The rewriter as a loadable module: one table the frontend looks up. */
#include <clang-c/Index.h>
#include <stdio.h>

#include "bcc2core/rewriter.h"
#include "bcc2core/plugin.h"

static const char *clang_version(void)
{
	static char buf[256];

	if (!buf[0]) {
		CXString v = clang_getClangVersion();

		snprintf(buf, sizeof(buf), "%s", clang_getCString(v));
		clang_disposeString(v);
	}
	return buf;
}

BCC2CORE_API const struct bcc2core_rewriter_plugin bcc2core_rewriter_plugin = {
	.sz = sizeof(struct bcc2core_rewriter_plugin),
	.set_print = bcc2core_set_print,
	.new = bcc2core_rewriter__new,
	.rewrite = bcc2core_rewriter__rewrite,
	.free = bcc2core_rewriter__free,
	.bpf_cflags = bcc2core_rewriter__bpf_cflags,
	.attach_spec_check = bcc2core_attach_spec__check,
	.clang_version = clang_version,
};
