/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_RUNTIME_INTERNAL_H
#define BCC2CORE_RUNTIME_INTERNAL_H

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <stdbool.h>
#include <stdio.h>

#include "bcc2core/runtime.h"
#include "log.h"

/* What the rewriter recorded about a map (BTF decl tags "bcc2core:..."). */
struct map_meta {
	bool histogram;
	bool perf_output;
	__u32 event_type_id;	/* BTF type of its records, 0 if unknown */
	char *pin_path;
	bool shared;		/* BPF_TABLE_PUBLIC / _SHARED */
	bool is_extern;		/* BPF_TABLE("extern", ...): another program's */
};

struct printk_relay;
struct buf_ctx;

/* a program not loaded here, and why */
struct prog_skip {
	const struct bpf_program *prog;
	const char *why;
};

struct bcc2core_runtime {
	struct bpf_object *obj;
	struct bpf_link **links;
	size_t link_cnt;
	struct perf_buffer **perf_bufs;
	size_t perf_buf_cnt;
	struct ring_buffer *ring_buf;
	struct buf_ctx **buf_ctxs;	/* the buffers' callback contexts */
	size_t buf_ctx_cnt;
	struct printk_relay *printk;
	FILE *out;
	bool json;
	bool strict;
	bool verify_all;
	bool loaded;
	bool btf_cached;	/* loaded with a cached minimized kernel BTF */
	bool no_tp_btf;		/* the verifier refused a tp_btf form: raw_tp only */
	char *btf_custom_path;	/* CO-RE BTF the object was opened with, for a reopen */
	char *kconfig;		/* the kernel config given to libbpf, likewise */
	char *bundled_btf;	/* extracted --min-btf file, removed after load */
	struct prog_skip *skips;
	size_t skip_cnt;
	char *path;
	unsigned long long lost;
};

int runtime_keep_link(struct bcc2core_runtime *rt, struct bpf_link *link);

/* select.c: the form of each program this kernel can take */
int select_variants(struct bcc2core_runtime *rt);

/* The kernel's own BTF, loaded once per decision; kernel_btf__get() is NULL
 * where the kernel has none */
struct kernel_btf {
	struct btf *btf;
	bool tried;
};
struct btf *kernel_btf__get(struct kernel_btf *kb);
/* runtime.c: the kernel's own BTF file (BCC2CORE_KERNEL_BTF overrides
 * /sys/kernel/btf/vmlinux), or NULL if it has none */
const char *kernel_btf_path(void);
/* leaves @prog out of the load, saying @why (a static string) with -v */
void select_skip(struct bcc2core_runtime *rt, struct bpf_program *prog, const char *why);

/* select_raw_tp.c: raw_tp NAME or its tp_btf twin NAME__tp_btf */
int select_raw_tp(struct bcc2core_runtime *rt, struct kernel_btf *kb, struct bpf_program *prog);
bool select_is_raw_tp_twin(const struct bpf_program *prog);
void select_raw_tp_verifiable(struct bcc2core_runtime *rt, struct kernel_btf *kb,
			      struct bpf_program *twin);
bool select_raw_tp_twin_chosen(struct bcc2core_runtime *rt);

/* reopen.c: the object opened again with the configuration of the one a
 * failed load spent (libbpf loads an object once) */
int runtime_reopen(struct bcc2core_runtime *rt);

/* btf_cache.c: minimized kernel BTF per (kernel, object) */
int btf_cache__lookup(const char *obj_path, char *out, size_t size);
int btf_cache__store(const char *obj_path);

/* btf_bundle.c: build --min-btf sections, for kernels without BTF */
int btf_bundle__key(char *key, size_t size);
int btf_bundle__extract(const char *obj_path, char *out, size_t size);
void btf_bundle__remove(const char *path);

/* globals.c */
int globals__set_defaults(struct bcc2core_runtime *rt);

/* attach_more.c: the other targets a BCC tool attached a program to */
int attach_more(struct bcc2core_runtime *rt, struct bpf_program *prog);

/* metadata.c */
int map_meta__get(const struct bpf_object *obj, const struct bpf_map *map, struct map_meta *meta);
void map_meta__free(struct map_meta *meta);

/* btf_render.c: one value, laid out by BTF type @id, as JSON or text */
enum render_style { RENDER_JSON, RENDER_TEXT };
int btf_render(const struct btf *btf, __u32 id, const void *data, size_t size,
	       enum render_style style, struct strbuf *sb);
void json_escape(struct strbuf *sb, const char *s, size_t n);

/* shared_tables.c: extern tables use the running program's that shares them */
int shared_tables__resolve(struct bcc2core_runtime *rt);

/* kconfig.c: the config libbpf fills __kconfig externs from */
char *kconfig__unset(struct bpf_object *obj, struct strbuf *names);
/* rt->obj opened from rt->path with the kernel config libbpf will need
 * (@kconfig_path's, or unset CONFIG_* when the kernel has none): 0 or -errno */
int kconfig__open_object(struct bcc2core_runtime *rt, struct bpf_object_open_opts *oo,
			 const char *kconfig_path);

/* hist.c: BCC's print_log2_hist / print_linear_hist, byte for byte */
void hist_print_log2(FILE *out, const unsigned long long *vals, int n, const char *val_type,
		     bool strip_leading_zero);
void hist_print_linear(FILE *out, const unsigned long long *vals, int n, const char *val_type,
		       bool strip_leading_zero);

/* maps.c */
int maps__print(struct bcc2core_runtime *rt);
int maps__clear(struct bcc2core_runtime *rt);

/* buffers.c */
int buffers__open(struct bcc2core_runtime *rt);
int buffers__poll(struct bcc2core_runtime *rt, int timeout_ms);
void buffers__close(struct bcc2core_runtime *rt);

/* printk.c: bpf_trace_printk lines of this run, from a private tracefs instance */
struct printk_relay *printk_relay__open(void);
int printk_relay__fd(struct printk_relay *pr);
int printk_relay__drain(struct printk_relay *pr, FILE *out, bool json);
void printk_relay__close(struct printk_relay *pr);
bool object_uses_printk(const struct bpf_object *obj);

#endif
