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

/**
 * @brief **bcc2core_runtime__from_object()** drives @obj, a bcc2core object
 * the application opened itself: a bpftool skeleton's (skel->obj), for BCC's
 * attach fallbacks and output without `bcc2core run`. Returns NULL and sets
 * errno on failure (EINVAL also for opts.btf_path and opts.kconfig_path:
 * they belong to the opener's bpf_object_open_opts).
 *
 * Take the object after <name>_bpf__open() and before <name>_bpf__load():
 * the runtime picks each program's form for this kernel now and leaves the
 * others out of the load. Then bcc2core_runtime__attach() instead of
 * <name>_bpf__attach(), and poll/print_maps as for an object it opened
 * (bcc2core_runtime__load() loads it too, for an application without a
 * skeleton). An object loaded already (<name>_bpf__open_and_load()) is
 * taken as it is: every form it has was loaded, and only the one chosen
 * for this kernel attaches. Raw tracepoints run in their raw_tp form.
 *
 * The runtime never closes @obj: bcc2core_runtime__destroy() detaches what
 * it attached and closes its buffers; destroy the runtime first, then the
 * skeleton.
 */
BCC2CORE_API struct bcc2core_runtime *
bcc2core_runtime__from_object(struct bpf_object *obj, const struct bcc2core_runtime_opts *opts);

/* Sets a `const volatile` global of the program (a knob) before load.
 * 0, -ENOENT (no such global), -EBUSY (already loaded) or -EINVAL. */
BCC2CORE_API int bcc2core_runtime__set_global(struct bcc2core_runtime *rt, const char *name,
					      long long value);

/* Resizes map @name (max_entries) before load. 0, -ENOENT or -EBUSY. */
BCC2CORE_API int bcc2core_runtime__set_map_size(struct bcc2core_runtime *rt, const char *name,
						__u32 max_entries);

/* Makes @rt (not loaded) use, when it loads, the maps of @from (loaded)
 * that have the same name and shape, instead of creating its own: a program
 * built again with more program forms keeps what its tables hold. Internal
 * maps (globals) and program arrays are not taken. @from must stay open
 * until @rt is loaded. Returns how many maps will be taken, -EINVAL, or
 * -EBUSY when @rt is loaded. */
BCC2CORE_API int bcc2core_runtime__reuse_maps(struct bcc2core_runtime *rt,
					      struct bcc2core_runtime *from);

/* Creates maps, applies CO-RE relocations, runs the verifier. 0 or -errno. */
BCC2CORE_API int bcc2core_runtime__load(struct bcc2core_runtime *rt);

/* Programs the last load verified (@loaded) and left out (@skipped, with
 * why): for `bcc2core verify`. Calls @fn once per program of the object,
 * every form included: @name is the program's own name, NAME for the form
 * BCC wrote, NAME + a suffix for an alternate form (NAME__tp, NAME__fentry,
 * ...; object_format.h). bcc2core_form__of(@name, &len) tells them apart:
 * BCC2CORE_FORM_PRIMARY for NAME itself, and the first len bytes of @name
 * are NAME, the name bcc2core_runtime__attach_program() takes. */
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

/* Waits up to @timeout_ms (-1: until something comes, 0: not at all) for
 * buffer records and printk lines and handles every one there is: printed,
 * or handed to the callbacks of bcc2core_runtime__open_buffer(). With no
 * buffer open it sleeps @timeout_ms, or returns at once for -1. Perf
 * buffers wake their reader by watermark, not per record: a record waits
 * at most about 100 ms before a poll that is waiting handles it. Returns
 * the number of records and lines handled, or -errno. */
BCC2CORE_API int bcc2core_runtime__poll(struct bcc2core_runtime *rt, int timeout_ms);

/* bcc2core_runtime__poll(rt, 0): handles what is there, without waiting. */
BCC2CORE_API int bcc2core_runtime__consume(struct bcc2core_runtime *rt);

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

/*
 * For an application that drives the steps itself, as BCC's Python
 * bcc.BPF does (attach_kprobe(fn_name=...), open_perf_buffer(), tables):
 * open -> load -> attach_program/open_buffer as it asks -> poll -> destroy.
 * Nothing here opens buffers or the printk relay behind its back. Built as
 * libbcc2core.so too, which exports exactly the BCC2CORE_API functions and
 * links libbpf dynamically (an application's own libbpf calls act on the
 * same objects). One thread at a time per runtime.
 */

/* Attaches program @name, the function name as BCC wrote it
 * ("syscall__execve", "tracepoint__sched__sched_switch"): the form of it
 * this kernel took at load (NAME, NAME__tp, NAME__fentry, ...; a
 * NAME__kretprobe together with its NAME__kentry), to its SEC() target and
 * to the other targets the object names for it (also= tags), as
 * bcc2core_runtime__attach() does for every program. A failing also=
 * target fails the call with .strict, else is warned about and skipped.
 * A syscall tracepoint form skips the syscalls this kernel has no
 * tracepoint for (stat on x86_64: newstat is its table entry), with
 * .strict too, and attaches to the others (-ENOENT when none has one).
 * Returns 0, also when it is attached already (no second link); -ENOENT
 * when the object has no program @name; -EINVAL before load;
 * -EOPNOTSUPP when no form of it was loaded here (see
 * bcc2core_runtime__for_each_program() for why) or the one loaded names no
 * target (SEC("socket"), SEC("kprobe"): whoever owns the hook attaches
 * it); -errno from libbpf when attaching fails, with nothing of it left
 * attached (-ENOENT too, for a missing target; the programs the object
 * has are bcc2core_runtime__for_each_program()'s). Opens no buffer and no
 * printk relay. */
BCC2CORE_API int bcc2core_runtime__attach_program(struct bcc2core_runtime *rt,
						  const char *name);

struct bcc2core_attach_opts {
	size_t sz;	/* size of this struct, for forward/backward compatibility */
	/* the target a caller asks for, as a SEC() name ("kprobe/do_unlinkat",
	 * "uprobe//bin/bash:readline", "tracepoint/sched/sched_switch");
	 * NULL: the object's own. One the object names for the program is
	 * attached as bcc2core_runtime__attach_program() does. Another is
	 * taken only where the program's code does not depend on its target
	 * (a kprobe, uprobe or syscall program moved to another of the same
	 * kind, as a tool's arguments may pick); else -EXDEV, said on the
	 * libbpf print callback: a tracepoint program reads its own event's
	 * record, and attaching it elsewhere would read wrong values. */
	const char *target;
	/* uprobes, uretprobes and USDT probes: only in this process; 0 or -1:
	 * every process */
	int pid;
	size_t :0;
};
#define bcc2core_attach_opts__last_field pid

/* bcc2core_runtime__attach_program() with @opts (NULL: none). */
BCC2CORE_API int bcc2core_runtime__attach_program_opts(struct bcc2core_runtime *rt,
						       const char *name,
						       const struct bcc2core_attach_opts *opts);

/* Destroys every link of program @name (all its forms). 0 (also when none
 * was attached) or -ENOENT when the object has no program @name. */
BCC2CORE_API int bcc2core_runtime__detach_program(struct bcc2core_runtime *rt,
						  const char *name);

/* The libbpf object, for libbpf calls of the application's own (valid
 * until bcc2core_runtime__destroy()). */
BCC2CORE_API struct bpf_object *bcc2core_runtime__object(struct bcc2core_runtime *rt);

/* Map @name (BCC's table name) for libbpf's map calls: bpf_map__fd(),
 * bpf_map__key_size(), bpf_map_lookup_elem(fd, ...) ... (fds exist after
 * load). NULL and errno ENOENT when there is none. */
BCC2CORE_API struct bpf_map *bcc2core_runtime__map(struct bcc2core_runtime *rt,
						   const char *name);

/* The layout of map @map's "key", "value", or "event" (the C type of the
 * records a BPF_PERF_OUTPUT or ring buffer map carries, as the rewriter
 * recorded it) as JSON, the shape of bcc2core_btf__describe(). Free it
 * with bcc2core_free(). NULL and errno: ENOENT when there is no such map
 * or it has no such type (a map declared by sizes only, a buffer without
 * a recorded record type), EINVAL for another @which, ELOOP/E2BIG for a
 * damaged BTF, ENOMEM. */
BCC2CORE_API char *bcc2core_runtime__describe_map(struct bcc2core_runtime *rt, const char *map,
						  const char *which);
/* @data, a record of buffer @map of the object file @path, as run --json's
 * JSON (free with bcc2core_free); NULL and errno when it cannot be typed */
BCC2CORE_API char *bcc2core_event__render_json(const char *path, const char *map,
					       const void *data, size_t size);

/* Type @type_id of @btf as JSON, for building a ctypes type. Typedefs,
 * const, volatile, restrict and type tags are looked through; "name" is
 * the outermost typedef's name, else the type's own ("" if it has none).
 * One object per type, keys in this order:
 *   {"kind":"int","name":"u32","size":4,"signed":false,"char":false,"bool":false}
 *       "char": the int is C's plain char (named "char", or BTF's CHAR
 *       encoding); size 16 for __int128
 *   {"kind":"enum","name":"...","size":4,"signed":true}
 *   {"kind":"float","name":"double","size":8}
 *   {"kind":"ptr","size":8}                   (not followed)
 *   {"kind":"array","len":16,"size":16,"type":{element}}
 *   {"kind":"struct"|"union","name":"data_t","size":48,"members":[
 *       {"name":"pid","offset":0,"bit_offset":0,"bits":0,"type":{...}}, ...]}
 *   {"kind":"void","size":0}
 * A member's "name" is "" for an anonymous struct/union member. "offset"
 * is in bytes. A bitfield has "bits" > 0 (its width), and its storage unit
 * is the "type"'s size: "offset" is where that unit starts (the field's
 * first bit rounded down to a multiple of the unit) and "bit_offset" the
 * field's first bit within the unit, counting from the least significant
 * bit of the unit read as a little-endian integer (GCC's layout on
 * x86/arm64, ctypes' too: the value is (unit >> bit_offset) & ((1 <<
 * bits) - 1)). In a packed struct bit_offset + bits may pass the unit's
 * end: the field goes on in the next bytes. Every other member has
 * "bit_offset":0 and "bits":0. Returns a malloc'd string (bcc2core_free()),
 * or NULL and errno: EINVAL for an id out of range or a type with no layout
 * (func, var, forward declaration, ...), ELOOP for nesting deeper than 32
 * (only a damaged BTF nests so), E2BIG past 65536 types described in one
 * call, ENOMEM. */
BCC2CORE_API char *bcc2core_btf__describe(const struct btf *btf, __u32 type_id);

/* A record callback: @cpu is the CPU that wrote it (-1 for a ring
 * buffer), @data and @size the record, valid during the call only. */
typedef void (*bcc2core_sample_fn)(void *ctx, int cpu, void *data, __u32 size);
/* @cnt records of @cpu's perf buffer were lost (it was full) */
typedef void (*bcc2core_lost_fn)(void *ctx, int cpu, __u64 cnt);

struct bcc2core_buffer_opts {
	size_t sz;	/* size of this struct, for forward/backward compatibility */
	/* perf buffers: pages per CPU, a power of 2 (default 8, as BCC) */
	size_t page_cnt;
	/* called for each record; NULL: printed as `bcc2core run` prints it */
	bcc2core_sample_fn sample_cb;
	/* called for lost records; NULL: "Possibly lost N samples" on stderr */
	bcc2core_lost_fn lost_cb;
	/* passed to both */
	void *ctx;
	/* perf buffers: wake the reader every N records, as BCC's
	 * open_perf_buffer(wakeup_events=N) does (1: each record); 0: when a
	 * quarter of a CPU's buffer is written, which costs the traced
	 * program less but lets a slow reader start later (run's default) */
	size_t wakeup_events;
	size_t :0;
};
#define bcc2core_buffer_opts__last_field wakeup_events

/* Opens the buffer of map @map: a perf buffer for a
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY (BPF_PERF_OUTPUT), the runtime's ring
 * buffer for a BPF_MAP_TYPE_RINGBUF (every ring map of the runtime shares
 * one). bcc2core_runtime__poll() and __consume() then call @opts'
 * callbacks, on the calling thread; a callback may attach and detach
 * programs, but not open a buffer or destroy the runtime. 0, -EEXIST when that map's buffer is open already, -ENOENT
 * (no such map), -EINVAL (before load, another map type, bad opts), or
 * -errno from libbpf. Buffers live until bcc2core_runtime__destroy(). */
BCC2CORE_API int bcc2core_runtime__open_buffer(struct bcc2core_runtime *rt, const char *map,
					       const struct bcc2core_buffer_opts *opts);

/* BCC's print_log2_hist() (log2 buckets, @vals[i] the count of values of
 * bit length i, bucket 0 never shown) and print_linear_hist() text for @n
 * counts, byte for byte, as a malloc'd string (bcc2core_free()); @val_type
 * the column title (NULL: "value"), @strip_leading_zero leaves out the
 * empty buckets before the first non-empty one. "" when every count is 0.
 * NULL and errno EINVAL (@n < 0, NULL @vals with @n > 0, or @n > 65 for
 * log2: bit lengths 0..64) or ENOMEM. */
BCC2CORE_API char *bcc2core_hist__format_log2(const __u64 *vals, int n, const char *val_type,
					      bool strip_leading_zero);
BCC2CORE_API char *bcc2core_hist__format_linear(const __u64 *vals, int n,
						const char *val_type, bool strip_leading_zero);

/* Frees what the library handed over (describe and format strings). */
BCC2CORE_API void bcc2core_free(void *p);

/* What this kernel offers, as the runtime decides it when it picks each
 * program's form (asked again at each call): kprobes (the kprobe PMU or
 * tracefs kprobe_events exist), BTF trampolines (fentry/fexit: a minimal
 * fentry program loads; false where the kernel refuses them, or the
 * caller may not load BPF), tracepoint @cat_event ("syscalls:sys_enter_
 * getpid" or "syscalls/sys_enter_getpid": tracefs has it). */
BCC2CORE_API bool bcc2core_kernel__can_kprobe(void);
BCC2CORE_API bool bcc2core_kernel__can_trampoline(void);
BCC2CORE_API bool bcc2core_kernel__has_tracepoint(const char *cat_event);

/* Whether the running kernel's struct @struct_name has member @field (an
 * anonymous struct's or union's members count), as BCC's
 * kernel_struct_has_field() answers it: 1, 0, or -1 when the kernel has
 * no BTF or no such struct. The answer is remembered per kernel in
 * @cache_dir (NULL: the default cache, as the BTF cache's), so that only
 * the first start that asks parses the kernel's BTF. */
BCC2CORE_API int bcc2core_kernel__struct_has_field(const char *struct_name, const char *field,
						   const char *cache_dir);

struct bcc2core_perf_event_opts {
	size_t sz;	/* size of this struct, for forward/backward compatibility */
	__u32 type;	/* PERF_TYPE_HARDWARE, PERF_TYPE_SOFTWARE, ... */
	__u64 config;	/* PERF_COUNT_SW_CPU_CLOCK, ... */
	__u64 sample_period;	/* every N events; or: */
	__u64 sample_freq;	/* N samples a second (wins when set) */
	int pid;	/* -1: every process (BCC's default), else that one */
	int cpu;	/* -1: one event per online CPU, else that CPU */
	int group_fd;	/* -1, or the group leader's fd */
	size_t :0;
};
#define bcc2core_perf_event_opts__last_field group_fd

/* Attaches perf-event program @name (SEC("perf_event"), as BCC's
 * attach_perf_event() does): opens the event @opts describes on each CPU
 * (or opts->cpu) and attaches the program to each; the links own the
 * events. All CPUs or none. 0; -ENOENT (no program @name), -EOPNOTSUPP (not
 * a loaded perf_event program), -EINVAL (before load, bad opts: every
 * field must be set), or -errno of perf_event_open() / libbpf. */
BCC2CORE_API int bcc2core_runtime__attach_perf_event(struct bcc2core_runtime *rt,
						     const char *name,
						     const struct bcc2core_perf_event_opts *opts);

/* Detaches and frees everything: links, programs, maps, buffers, fds. */
BCC2CORE_API void bcc2core_runtime__destroy(struct bcc2core_runtime *rt);

#ifdef __cplusplus
}
#endif
#endif
