/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_REWRITER_H
#define BCC2CORE_REWRITER_H

#include <stdbool.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct bcc2core_rewriter;

struct bcc2core_rewriter_opts {
	size_t sz;	/* size of this struct, for forward/backward compatibility */
	/* Directory holding vmlinux.h and the bcc2core BPF-side headers. */
	const char *datadir;
	/* Kernel BTF the program is built against (default: the running
	 * kernel's /sys/kernel/btf/vmlinux): tracepoint records, function
	 * prototypes, and vmlinux.h (made from it when bcc2core's own was made
	 * from another BTF). */
	const char *btf_path;
	/* A tracefs root to read tracepoint formats from (NULL, the default:
	 * from the BTF at btf_path, and bcc2core's table of syscall
	 * tracepoints; never the build machine's tracefs). */
	const char *tracefs;
	/* Preprocessor flags as given on the command line: "-DX=1", "-Idir". */
	const char *const *cflags;
	size_t cflag_cnt;
	/* --attach SPECs: "kprobe:FUNC=PROG", "tracepoint:CAT:EVENT=PROG", ... */
	const char *const *attach_specs;
	size_t attach_spec_cnt;
	/* emit #line directives so compile and verifier errors point at the
	 * BCC source (for compiling; off for readable output) */
	bool line_directives;
	/* For #if CONFIG_X / LINUX_VERSION_CODE tests left to build time: the
	 * kernel config and release to take them from (default: this
	 * machine's /boot/config-RELEASE or /proc/config.gz, and uname, when
	 * btf_path is not given; none otherwise). */
	const char *kconfig_path;
	const char *kernel_release;
	/* tag the output's LICENSE with what it was built against: the BTF's
	 * SHA-256, the kernel release and config when used (bcc2core build) */
	bool record_inputs;
	/* read tracepoint context fields with BPF_CORE_READ (a probe-read
	 * helper call) rather than as direct loads: for the rare program in
	 * which clang adds a relocated offset to the context pointer before
	 * loading, which the verifier refuses (bcc2core build retries so) */
	bool probe_read_ctx;
	/* the fields clang moved the context pointer for (bcc2core build's
	 * retry), each "RECORD.FIELD" (the context struct's name in the
	 * object, e.g. "trace_event_raw_inet_sock_set_state.newstate"): each
	 * is read once, by one load at its program's start (a syscall
	 * record's args[] by BPF_CORE_READ); the other fields stay loads */
	const char *const *moved_ctx_fields;
	size_t moved_ctx_field_cnt;
	size_t :0;
};
#define bcc2core_rewriter_opts__last_field moved_ctx_field_cnt

/**
 * @brief **bcc2core_rewriter__new()** checks @opts and validates the attach
 * specs. Returns NULL and sets errno on failure.
 */
BCC2CORE_API struct bcc2core_rewriter *
bcc2core_rewriter__new(const struct bcc2core_rewriter_opts *opts);

/**
 * @brief **bcc2core_rewriter__rewrite()** converts the BCC program @src
 * (@len bytes, or the contents of @path when @src is NULL) into libbpf CO-RE C.
 * Diagnostics (path:line:col: what, hint) go through the print callback.
 * On success *@out is a malloc'ed NUL-terminated string the caller frees.
 * Returns 0 or a negative error (-errno or -BCC2CORE_ERRNO__*).
 */
BCC2CORE_API int bcc2core_rewriter__rewrite(struct bcc2core_rewriter *rw,
					    const char *path, const char *src,
					    size_t len, char **out);

BCC2CORE_API void bcc2core_rewriter__free(struct bcc2core_rewriter *rw);

/**
 * @brief **bcc2core_rewriter__bpf_cflags()** gives the flags the converted
 * program compiles with (`clang <flags> -g -O2 -c X.bpf.c`): the same include
 * and target flags libclang parsed it with. *@argv is NULL-terminated and
 * malloc'ed, each string too.
 */
BCC2CORE_API int bcc2core_rewriter__bpf_cflags(const struct bcc2core_rewriter *rw,
					       char ***argv, size_t *argc);

/* Checks one --attach SPEC; 0 or -BCC2CORE_ERRNO__ATTACH_SPEC. */
BCC2CORE_API int bcc2core_attach_spec__check(const char *spec);

#ifdef __cplusplus
}
#endif
#endif
