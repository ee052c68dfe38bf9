// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A runtime over an object the application opened itself (a bpftool
 * skeleton's): the runtime never closes it. Forms are chosen when the
 * object is taken, since only an object not loaded yet can leave forms out
 * of the load; a loaded one keeps every form it loaded, and the choice
 * then only decides which of them attach. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define OPT RUNTIME_OPT

struct bcc2core_runtime *bcc2core_runtime__from_object(struct bpf_object *obj,
							const struct bcc2core_runtime_opts *opts)
{
	struct bcc2core_runtime *rt;
	const char *kernel_btf;
	int err;

	/* BTF and kernel config are the opener's: bpf_object_open_opts has them */
	if (!obj || (opts && opts->sz < offsetof(struct bcc2core_runtime_opts, strict) + 1) ||
	    (opts && opts->btf_path) || OPT(opts, kconfig_path)) {
		errno = EINVAL;
		return NULL;
	}
	rt = calloc(1, sizeof(*rt));
	if (!rt) {
		errno = ENOMEM;
		return NULL;
	}
	rt->obj = obj;
	rt->borrowed = true;
	rt->out = opts && opts->out ? opts->out : stdout;
	rt->json = opts && opts->json;
	rt->strict = opts && opts->strict;
	rt->verify_all = OPT(opts, verify_all);
	/* no path: nothing to reopen, nothing to cache minimized BTF for */
	rt->no_btf_cache = true;
	/* a tp_btf (or btf_arg_reads fentry) form the verifier refuses cannot
	 * be retried as raw_tp (kprobe) without reopening the object: the
	 * forms BCC runs */
	rt->no_tp_btf = true;
	rt->no_btf_arg_forms = true;
	kernel_btf = OPT(opts, kernel_btf_path);
	/* the kernel module keeps a pointer to the path: our copy */
	rt->kernel_btf = kernel_btf ? strdup(kernel_btf) : NULL;
	kernel__init(&rt->kernel, rt->kernel_btf, OPT(opts, no_trampolines));

	err = runtime_check_format(rt);
	if (!err && !runtime_loaded(rt)) {
		err = globals__set_defaults(rt);
		err = err ?: runtime_pin_tables(rt);
		err = err ?: select_variants(rt);
		err = err ?: shared_tables__resolve(rt);
	} else if (!err) {
		/* every form loaded: the choice says which attach (skips) */
		err = select_variants(rt);
	}
	if (err) {
		bcc2core_runtime__destroy(rt);
		errno = -err;
		return NULL;
	}
	return rt;
}
