/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_RUNTIME_INTERNAL_H
#define BCC2CORE_RUNTIME_INTERNAL_H

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bcc2core/object_format.h"
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

/* perf_order.c: the records of one read pass over every perf buffer,
 * handed out sorted by the time the kernel wrote them */
struct perf_staged;
struct perf_order {
	struct perf_staged *recs;
	size_t cnt, cap;
	char *data;
	size_t len, data_cap;
	struct perf_staged *tmp;	/* where the sort merges */
	size_t tmp_cap;
};
/* @data NULL: a lost record of @lost records */
typedef void (*perf_order_fn)(void *owner, int cpu, const void *data, __u32 size, __u64 lost);
int perf_order__add_sample(struct perf_order *po, __u64 time, void *owner, int cpu,
			   const void *data, __u32 size);
int perf_order__add_lost(struct perf_order *po, void *owner, int cpu, __u64 cnt);
void perf_order__flush(struct perf_order *po, perf_order_fn fn);
void perf_order__free(struct perf_order *po);

/* skips.c: programs left out of the load (autoload off), and why */
struct prog_skip {
	const struct bpf_program *prog;
	const char *why;	/* a static string */
};
struct prog_skips {
	struct prog_skip *v;
	size_t cnt;
};
void prog_skips__add(struct prog_skips *s, struct bpf_program *prog, const char *why);
/* why @prog was left out, or NULL */
const char *prog_skips__why(const struct prog_skips *s, const struct bpf_program *prog);
void prog_skips__clear(struct prog_skips *s);

/* links.c: the links a runtime made, each with its program; destroying the
 * set detaches them all */
struct link_ent {
	const struct bpf_program *prog;
	struct bpf_link *link;
};
struct link_set {
	struct link_ent *v;
	size_t cnt;
};
/* takes @link over (destroys it when it cannot be kept): 0 or -ENOMEM */
int link_set__add(struct link_set *s, const struct bpf_program *prog, struct bpf_link *link);
/* links of @prog */
size_t link_set__count(const struct link_set *s, const struct bpf_program *prog);
/* destroys the links added after the first @cnt (a failed attach's) */
void link_set__truncate(struct link_set *s, size_t cnt);
/* destroys @prog's links; how many there were */
size_t link_set__drop(struct link_set *s, const struct bpf_program *prog);
void link_set__destroy(struct link_set *s);

/* kernel.c: what the running kernel offers, asked once per decision */
struct kernel {
	const char *btf_path;	/* its own BTF (opts.kernel_btf_path) */
	const char *tracefs;	/* tracefs root (kernel__tracefs(); tests point it elsewhere) */
	bool no_trampolines;	/* opts.no_trampolines */
	struct btf *btf;
	bool btf_tried;
	int kprobes;		/* -1: not asked yet */
	int trampolines;	/* -1: not asked yet */
	/* remember BTF answers (kernel_facts.c) under this cache directory
	 * (NULL: the default one); only for the running kernel's own BTF */
	bool remember;
	const char *facts_dir;
};
void kernel__init(struct kernel *k, const char *btf_path, bool no_trampolines);
void kernel__release(struct kernel *k);
/* kernel_facts.c: answers about the running kernel's BTF, per build ID */
int kernel_facts__get(const char *cache_dir, const char *question, long *answer);
void kernel_facts__put(const char *cache_dir, const char *question, long answer);
/* several answers of one parse, in one write: a start reading meanwhile
 * finds all of them or none */
void kernel_facts__put_all(const char *cache_dir, const char *const *questions,
			   const long *answers, int cnt);
/* btf_cache.c: this kernel's directory in the BTF cache, <cache root>/btf/
 * <its GNU build ID> (@cache_dir NULL: the default cache) */
int kernel_cache_dir(const char *cache_dir, char *dir, size_t dsize);
/* the kernel's own BTF file if readable, else NULL */
const char *kernel__btf_path(const struct kernel *k);
/* parsed once; NULL where the kernel has none */
struct btf *kernel__btf(struct kernel *k);
/* where tracefs is mounted here */
const char *kernel__tracefs(void);
bool kernel__kprobes(struct kernel *k);
/* What the kernel's own BTF (vmlinux's, not a module's) says of function
 * @func: its BTF id, its number of parameters (99: no prototype), or the
 * argument registers they take (99: one no register can hold); -1 where it
 * has no such function, where there is no BTF, or for a name that is none
 * (a space in it). Remembered per build ID (kernel_facts.c), the "no such
 * function" answers too (a module's functions are not asked of it), so a
 * start chooses a kprobe's trampoline form without parsing the BTF again
 * (libbpf parses it once more to attach a trampoline). */
enum kernel_func_fact { KERNEL_FUNC_ID, KERNEL_FUNC_PARAMS, KERNEL_FUNC_REGS };
int kernel__func_fact(struct kernel *k, const char *func, enum kernel_func_fact which);
/* why a fentry/fexit/LSM program on @func (NULL: none named) cannot load
 * here, or NULL if it can */
const char *kernel__trampoline_blocker(struct kernel *k, const char *func);
/* @func's arguments fill at most the six registers every x86-64 kernel's
 * trampoline saves (a struct of 9-16 bytes takes two): where they do not,
 * a trampoline on it may be refused at attach (before 6.5) */
bool kernel__trampoline_args_fit(struct kernel *k, const char *func);
/* tracefs has events/CAT/EVENT */
bool kernel__has_tracepoint(const struct kernel *k, const char *cat_event);
/* an event of that name in any category (true when tracefs cannot tell) */
bool kernel__has_event(const struct kernel *k, const char *event);
/* @func is a kprobe target (true when tracefs cannot tell) */
bool kernel__kprobe_target_exists(const struct kernel *k, const char *func);
/* a function of the kernel or a loaded module (true when it cannot tell) */
bool kernel__has_function(const char *func);
/* arguments of tracepoint @event in the kernel's (or a module's) BTF, or -1 */
int kernel__tracepoint_args(struct kernel *k, const char *event);
/* 1 if @event's first arguments there are of @kinds (tp_args.h), 0 if
 * not, -1 if it is not there */
int kernel__tracepoint_args_are(struct kernel *k, const char *event, const char *kinds);

struct bcc2core_runtime {
	struct bpf_object *obj;
	struct link_set links;
	struct perf_buffer **perf_bufs;
	size_t perf_buf_cnt;
	struct perf_order perf_order;	/* a read pass's records, until sorted */
	struct ring_buffer *ring_buf;
	struct buf_ctx **buf_ctxs;	/* the buffers' callback contexts */
	size_t buf_ctx_cnt;
	struct printk_relay *printk;
	struct kernel kernel;
	FILE *out;
	bool json;
	bool strict;
	bool verify_all;
	bool loaded;		/* read through runtime_loaded() */
	bool borrowed;		/* obj is the application's (from_object): never closed */
	bool btf_cached;	/* loaded with a cached minimized kernel BTF */
	bool reads_module_types;	/* relocates against a module's BTF: never cached */
	bool no_tp_btf;		/* the verifier refused a tp_btf form: raw_tp only */
	bool no_btf_arg_forms;	/* ... a fentry form that replaces another
				 * (select_trampoline_replaceable): kprobes first */
	char *btf_custom_path;	/* CO-RE BTF the object was opened with, for a reopen */
	char *kconfig;		/* the kernel config given to libbpf, likewise */
	char *bundled_btf;	/* extracted --min-btf file, removed after load */
	char *kernel_btf;	/* opts.kernel_btf_path */
	char *btf_cache_dir;	/* opts.btf_cache_dir */
	bool no_btf_cache;	/* opts.no_btf_cache */
	char *bpftool;		/* opts.bpftool_path */
	char *os_release;	/* opts.os_release_path */
	struct prog_skips skips;
	struct bcc2core_runtime *maps_from;	/* reuse_maps(): its maps, until load */
	char *path;
	unsigned long long lost;
	unsigned long long records;	/* buffer records handed out, for poll's count */
	unsigned long long perf_bytes;	/* perf buffer bytes read */
	size_t perf_full_bytes;	/* a read this big: the producer outruns the wakeups */
	long long last_full_ns;	/* when a read was that big */
};

/* a field of bcc2core_runtime_opts, 0 where the caller's struct is older */
#define RUNTIME_OPT(opts, field) \
	((opts) && (opts)->sz > offsetof(struct bcc2core_runtime_opts, field) ? (opts)->field : 0)

/* runtime.c: steps open and from_object share */
int runtime_check_format(struct bcc2core_runtime *rt);
int runtime_pin_tables(struct bcc2core_runtime *rt);

/* loaded.c: loaded by bcc2core_runtime__load(), or by the application's
 * skeleton for a borrowed object */
bool runtime_loaded(struct bcc2core_runtime *rt);

/* select.c: the form of each program this kernel can take */
int select_variants(struct bcc2core_runtime *rt);
/* @prog is a fentry or fexit form that may run in place of another form
 * that could run too: one that reads its arguments plainly (btf_arg_reads),
 * or one that needs nothing of a kprobe (kprobe_free) where kprobes exist.
 * If the verifier refuses one, the object loads again without them
 * (rt->no_btf_arg_forms). */
bool select_trampoline_replaceable(struct bcc2core_runtime *rt, const struct bpf_program *prog);

/* select_tp_btf.c: raw_tp or tracepoint NAME, or its tp_btf twin NAME__tp_btf */
int select_tp_btf_raw(struct bcc2core_runtime *rt, struct bpf_program *prog);
void select_tp_btf_record(struct bcc2core_runtime *rt, struct bpf_program *prog);
bool select_is_tp_btf_twin(const struct bpf_program *prog);
void select_tp_btf_verifiable(struct bcc2core_runtime *rt, struct bpf_program *twin);

/* reopen.c: the object opened again with the configuration of the one a
 * failed load spent (libbpf loads an object once) */
int runtime_reopen(struct bcc2core_runtime *rt);

/* cache_dir.c: a cache's root for @kind ("btf", "objects") under @dir (NULL:
 * this user's default), made on demand and trusted only if this user alone
 * can write it; the key hash of its entries */
int cache_dir__root(const char *dir, const char *kind, char *out, size_t size);
int cache_dir__make_private(const char *path);
bool cache_dir__trusted_file(const char *path);
#define CACHE_DIR_HASH_SEED 0xcbf29ce484222325ULL
unsigned long long cache_dir__hash(unsigned long long h, const void *data, size_t size);

/* btf_cache.c: minimized kernel BTF per (kernel, object), under @root
 * (NULL: the default for this user), made from @kernel_btf by @bpftool */
int btf_cache__lookup(const char *root, const char *kernel_btf, const char *obj_path,
		      char *out, size_t size);
int btf_cache__store(const char *root, const char *kernel_btf, const char *bpftool,
		     const char *obj_path);

/* btf_bundle.c: build --min-btf sections, for kernels without BTF; the key
 * names this OS (@os_release, NULL: /etc/os-release) and kernel */
int btf_bundle__key(const char *os_release, char *key, size_t size);
int btf_bundle__extract(const char *os_release, const char *obj_path, char *out, size_t size);
void btf_bundle__remove(const char *path);

/* metadata.c: @prog's tag "bcc2core:KEY=N" (0..63), or -1 */
int prog_tag_int(const struct bcc2core_runtime *rt, const struct bpf_program *prog,
		 enum bcc2core_tag_key want);
/* the value of @prog's tag "bcc2core:KEY=VALUE" (the object's BTF holds
 * it), or NULL */
const char *prog_tag_str(const struct bcc2core_runtime *rt, const struct bpf_program *prog,
			 enum bcc2core_tag_key want);
/* does the object tag @prog's function with @want? */
bool prog_has_tag(const struct bcc2core_runtime *rt, const struct bpf_program *prog,
		  enum bcc2core_tag_key want);

/* globals.c */
int globals__set_defaults(struct bcc2core_runtime *rt);

/* attach.c: one program to its SEC() target and its also= targets (a
 * syscall tracepoint this kernel lacks skipped, -ENOENT when that leaves
 * none); on failure none of its links stay and -errno is returned, *@said
 * when the failure was already reported (an also= target, by
 * attach_more()), else the caller says it */
bool prog_has_target(const struct bpf_program *prog);
int attach_prog(struct bcc2core_runtime *rt, struct bpf_program *prog, int pid, bool *said);
/* after "cannot attach": why, where the kernel's refusal can be told */
void attach_hint(struct bcc2core_runtime *rt, const struct bpf_program *prog, int err);

/* uprobe.c: a uprobe on @func in ELF @path, also where libbpf finds the
 * name ambiguous (one function, two symbol versions), or on the file
 * offset @func spells as 0xHEX; only in process @pid when it is > 0 */
struct bpf_link *uprobe_attach(struct bpf_program *prog, const char *path, const char *func,
			       bool retprobe, int pid);

/* attach_more.c: the other targets a BCC tool attached a program to */
int attach_more(struct bcc2core_runtime *rt, struct bpf_program *prog, int pid);
/* @prog (any form of it) to target @sec, a SEC() name of another kind
 * translated to the form's (a syscall to its tracepoint); a trampoline
 * form refuses (EOPNOTSUPP: bound to one function at load) */
struct bpf_link *attach_to(struct bpf_program *prog, const char *sec, int pid);
/* the object names @sec as a target of @prog's primary form: its SEC() or
 * an also= tag */
bool prog_names_target(const struct bcc2core_runtime *rt, const struct bpf_program *prog,
		       const char *sec);
/* a fentry or fexit section: a trampoline, bound to one function at load */
bool sec_is_trampoline(const char *sec);
/* the object names targets besides its SEC() for @prog (also= tags): a tool
 * attached it to several functions */
bool prog_has_also(const struct bcc2core_runtime *rt, const struct bpf_program *prog);
/* @prog is a syscall's tracepoint form (NAME__tp) and tracepoint @event
 * ("syscalls/sys_enter_X") is not on this kernel: said (info), to be
 * skipped, not failed */
bool syscall_tp_skip(struct bcc2core_runtime *rt, const struct bpf_program *prog,
		     const char *event);
/* @prog, a syscall's tracepoint form, has a tracepoint here: its own, or
 * one of its also= syscalls' */
bool syscall_tp_here(struct bcc2core_runtime *rt, const struct bpf_program *prog);
/* @prog is a syscall's tracepoint form and none of its syscalls has a
 * tracepoint here: loaded for a later attach to another syscall, it never
 * runs where it is (attaching it is no error) */
bool syscall_tp_nowhere(struct bcc2core_runtime *rt, const struct bpf_program *prog);

/* metadata.c */
int map_meta__get(const struct bpf_object *obj, const struct bpf_map *map, struct map_meta *meta);
void map_meta__free(struct map_meta *meta);

/* btf_render.c: one value, laid out by BTF type @id, as JSON or text */
enum render_style { RENDER_JSON, RENDER_TEXT };
int btf_render(const struct btf *btf, __u32 id, const void *data, size_t size,
	       enum render_style style, struct strbuf *sb);
void json_escape(struct strbuf *sb, const char *s, size_t n);
/* an integer of @size (1, 2, 4, 8; else 0) bytes, at any alignment */
unsigned long long load_uint(const void *p, size_t size);
/* the low @bits of @v as a signed value */
long long sign_extend(unsigned long long v, unsigned bits);
/* a char (or signed/unsigned byte) type: its arrays print as strings */
bool is_char_type(const struct btf *btf, __u32 id);
/* a char array of @n bytes as text up to NUL, other bytes as \xNN */
void text_escape(struct strbuf *sb, const char *s, size_t n);

/* render_plan.c: btf_render() of one type, worked out once for a buffer's
 * records; render_plan__run() is -ENOENT where btf_render() must do it (a
 * short record, a type the plan does not cover) */
struct render_plan;
struct render_plan *render_plan__new(const struct btf *btf, __u32 id, enum render_style style);
int render_plan__run(const struct render_plan *p, const void *data, size_t size,
		     struct strbuf *sb);
void render_plan__free(struct render_plan *p);

/* shared_tables.c: extern tables use the running program's that shares them */
int shared_tables__resolve(struct bcc2core_runtime *rt);

/* reuse_maps.c: bcc2core_runtime__reuse_maps()'s maps, before each load try */
int reused_maps__apply(struct bcc2core_runtime *rt);

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
