/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_PLUGIN_H
#define BCC2CORE_PLUGIN_H

#include "rewriter.h"

/* libbcc2core_rewriter.so exports one of these as `bcc2core_rewriter_plugin`:
 * the command loads the rewriter (and with it libclang) only when it
 * converts, never when it runs an object. */
struct bcc2core_rewriter_plugin {
	size_t sz;
	bcc2core_print_fn_t (*set_print)(bcc2core_print_fn_t fn);
	struct bcc2core_rewriter *(*new)(const struct bcc2core_rewriter_opts *opts);
	int (*rewrite)(struct bcc2core_rewriter *rw, const char *path, const char *src,
		       size_t len, char **out);
	void (*free)(struct bcc2core_rewriter *rw);
	int (*bpf_cflags)(const struct bcc2core_rewriter *rw, char ***argv, size_t *argc);
	int (*attach_spec_check)(const char *spec);
	/* libclang's version string ("Debian clang version 14.0.6") */
	const char *(*clang_version)(void);
};

#endif
