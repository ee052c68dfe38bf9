/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_RUNTIME_H
#define BCC2CORE_RUNTIME_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A converted BCC program: one CO-RE object, opened, configured, loaded and
 * attached as separate steps, printing what BCC would print. */
struct bcc2core_runtime;

struct bcc2core_runtime_opts {
	size_t sz;	/* size of this struct, for forward/backward compatibility */
	/* kernel BTF for CO-RE when the kernel has none (libbpf btf_custom_path) */
	const char *btf_path;
	/* where events, printk lines and maps go (default stdout) */
	FILE *out;
	/* JSON Lines instead of BCC-like text */
	bool json;
	/* a missing attach target is an error, not a warning */
	bool strict;
	/* load every program form this kernel can verify (kprobe forms even
	 * where kprobes cannot attach), not just the one each would run as */
	bool verify_all;
	/* do not use or fill the per-kernel cache of minimized BTF */
	bool no_btf_cache;
	/* the kernel's config (plain or gzip'ed) for the program's __kconfig
	 * externs, when /boot/config-RELEASE and /proc/config.gz are not it */
	const char *kconfig_path;
	/* the running kernel's own BTF (default /sys/kernel/btf/vmlinux) */
	const char *kernel_btf_path;
	/* root of the minimized-BTF cache (default /var/cache/bcc2core for
	 * root, $XDG_CACHE_HOME/bcc2core or ~/.cache/bcc2core otherwise) */
	const char *btf_cache_dir;
	/* never choose fentry/fexit forms: their kprobe forms run instead */
	bool no_trampolines;
	/* bpftool, which makes the cached minimized BTF (default: the one the
	 * build found) */
	const char *bpftool_path;
	/* os-release file naming this OS in --min-btf bundles (default
	 * /etc/os-release) */
	const char *os_release_path;
	size_t :0;
};
#define bcc2core_runtime_opts__last_field os_release_path

/**
 * @brief **bcc2core_runtime__open()** opens @path (a .bpf.o made by
 * `bcc2core build`). Returns NULL and sets errno on failure.
 */
BCC2CORE_API struct bcc2core_runtime *
bcc2core_runtime__open(const char *path, const struct bcc2core_runtime_opts *opts);

/* Sets a `const volatile` global of the program (a knob) before load.
 * 0, -ENOENT (no such global), -EBUSY (already loaded) or -EINVAL. */
BCC2CORE_API int bcc2core_runtime__set_global(struct bcc2core_runtime *rt, const char *name,
					      long long value);

/* Resizes map @name (max_entries) before load. 0, -ENOENT or -EBUSY. */
BCC2CORE_API int bcc2core_runtime__set_map_size(struct bcc2core_runtime *rt, const char *name,
						__u32 max_entries);

/* Creates maps, applies CO-RE relocations, runs the verifier. 0 or -errno. */
BCC2CORE_API int bcc2core_runtime__load(struct bcc2core_runtime *rt);

/* Programs the last load verified (@loaded) and left out (@skipped, with
 * why): for `bcc2core verify`. Calls @fn once per program. */
BCC2CORE_API void bcc2core_runtime__for_each_program(struct bcc2core_runtime *rt,
						     void (*fn)(const char *name, const char *sec,
								bool loaded, const char *why,
								void *data),
						     void *data);

/* Attaches every program and opens the output channels (perf/ring buffers,
 * printk). A missing target warns (or fails with .strict); when no program
 * that names a target attached at all, -BCC2CORE_ERRNO__NOTHING_ATTACHED.
 * 0 or -errno. */
BCC2CORE_API int bcc2core_runtime__attach(struct bcc2core_runtime *rt);

/* Waits up to @timeout_ms for events and printk lines and prints them.
 * Returns the number of records handled, or -errno. */
BCC2CORE_API int bcc2core_runtime__poll(struct bcc2core_runtime *rt, int timeout_ms);

/* Prints every event's, histogram's and table's final contents. */
BCC2CORE_API int bcc2core_runtime__print_maps(struct bcc2core_runtime *rt);

/* Empties every table (hash entries deleted, arrays zeroed), as BCC tools'
 * interval mode does between intervals. */
BCC2CORE_API int bcc2core_runtime__clear_maps(struct bcc2core_runtime *rt);

/* After a successful load with the full kernel BTF, stores the minimized
 * BTF this object needs in the per-kernel cache, so the next start parses
 * a few hundred bytes instead of megabytes. 0 or -errno (not fatal). */
BCC2CORE_API int bcc2core_runtime__cache_btf(struct bcc2core_runtime *rt);

/* The library never installs a libbpf print callback: that belongs to the
 * application. One that wants libbpf's messages to go where bcc2core's go
 * (bcc2core_set_print), with rejected programs' verifier logs cut to their
 * end, passes this to libbpf_set_print(). */
BCC2CORE_API int bcc2core_libbpf_print(enum libbpf_print_level level, const char *fmt,
				       va_list ap);

/* Detaches and frees everything: links, programs, maps, buffers, fds. */
BCC2CORE_API void bcc2core_runtime__destroy(struct bcc2core_runtime *rt);

#ifdef __cplusplus
}
#endif
#endif
