/* bcc2core parse environment: the BCC dialect as plain C for libclang.
 *
 * Injected with -include before a BCC program is parsed (never compiled into
 * the output). A table macro declares a variable whose struct type carries
 * the key and leaf types and one function-pointer member per method, so
 * `counts.increment(k)` parses as a call through a member of a known map
 * variable; annotate() attributes and enum constants record what the rewriter
 * needs (kind, max_entries, flags) where libclang can read it back.
 */
#ifndef BCC2CORE_PARSE_H
#define BCC2CORE_PARSE_H

/* kernel sparse annotations: __user marks user memory, which the rewriter
 * reads with the _user helpers (empty in the output, as in kernel builds) */
#define __user __attribute__((annotate("bcc2core_user")))
#define bpf_trace_printk __bcc2core_libbpf_trace_printk
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#undef bpf_trace_printk

/* BCC's tracepoint data_loc readers over BCC's own `args` layout; the
 * output gets bcc2core.bpf.h's, over vmlinux.h's __data_loc_ fields. */
#define TP_DATA_LOC_READ_CONST(dst, field, length)				\
	do {									\
		unsigned short __offset = args->data_loc_##field & 0xFFFF;	\
		bpf_probe_read((void *)dst, length, (char *)args + __offset);	\
	} while (0)
#define TP_DATA_LOC_READ(dst, field)						\
	do {									\
		unsigned short __offset = args->data_loc_##field & 0xFFFF;	\
		unsigned short __length = args->data_loc_##field >> 16;		\
		bpf_probe_read((void *)dst, __length, (char *)args + __offset);	\
	} while (0)
#define TP_DATA_LOC_READ_STR(dst, field, length)				\
	do {									\
		unsigned short __offset = args->data_loc_##field & 0xFFFF;	\
		bpf_probe_read_str((void *)dst, length, (char *)args + __offset); \
	} while (0)
#include "bcc2core.bpf.h"

#define BCC_SEC(NAME) __attribute__((section(NAME), used))
#define __BCC__ 1

/* printk as BCC declares it: a format and up to the kernel's limit of args. */
int bpf_trace_printk(const char *fmt, ...);

#define __BCC2CORE_MAP_PARAMS(_name, _max_entries, _flags)			\
	enum { _name##__bcc2core_max_entries = (_max_entries),			\
	       _name##__bcc2core_flags = (_flags) }

#define BPF_F_TABLE(_table_type, _key_type, _leaf_type, _name, _max_entries, _flags) \
	__BCC2CORE_MAP_PARAMS(_name, _max_entries, _flags);			\
	struct _name##_table_t {						\
		_key_type key;							\
		_leaf_type leaf;						\
		_leaf_type *(*lookup)(_key_type *);				\
		_leaf_type *(*lookup_or_init)(_key_type *, _leaf_type *);	\
		_leaf_type *(*lookup_or_try_init)(_key_type *, _leaf_type *);	\
		int (*update)(_key_type *, _leaf_type *);			\
		int (*insert)(_key_type *, _leaf_type *);			\
		int (*delete)(_key_type *);					\
		void (*call)(void *, int index);				\
		void (*increment)(_key_type, ...);				\
		void (*atomic_increment)(_key_type, ...);			\
		int (*get_stackid)(void *, u64);				\
		void *(*sk_storage_get)(void *, void *, int);			\
		int (*sk_storage_delete)(void *);				\
		void *(*inode_storage_get)(void *, void *, int);		\
		int (*inode_storage_delete)(void *);				\
		void *(*task_storage_get)(void *, void *, int);		\
		int (*task_storage_delete)(void *);				\
		int (*redirect_map)(int, int);					\
		int (*push)(_leaf_type *, u64);					\
		int (*pop)(_leaf_type *);					\
		int (*peek)(_leaf_type *);					\
		int (*sock_map_update)(void *, void *, u64);			\
		int (*sock_hash_update)(void *, void *, u64);			\
		int (*msg_redirect_hash)(void *, void *, u64);			\
		int (*sk_redirect_hash)(void *, void *, u64);			\
		int (*msg_redirect_map)(void *, int, u64);			\
		int (*sk_redirect_map)(void *, int, u64);			\
		void *(*get_local_storage)(u64);				\
		int (*check_current_task)(int);					\
		u64 (*perf_read)(int);						\
		int (*perf_counter_value)(int, void *, u32);			\
		u32 max_entries;						\
		int flags;							\
	} __attribute__((annotate("bcc2core_map:" _table_type)))		\
	_name

#define BPF_TABLE(_table_type, _key_type, _leaf_type, _name, _max_entries) \
	BPF_F_TABLE(_table_type, _key_type, _leaf_type, _name, _max_entries, 0)
#define BPF_TABLE_PINNED(_table_type, _key_type, _leaf_type, _name, _max_entries, _pinned, ...) \
	BPF_F_TABLE(_table_type ":" _pinned, _key_type, _leaf_type, _name, _max_entries, 0)
#define BPF_TABLE_PUBLIC(_table_type, _key_type, _leaf_type, _name, _max_entries) \
	BPF_F_TABLE(_table_type ",public", _key_type, _leaf_type, _name, _max_entries, 0)
#define BPF_TABLE_SHARED(_table_type, _key_type, _leaf_type, _name, _max_entries, ...) \
	BPF_F_TABLE(_table_type ",shared", _key_type, _leaf_type, _name, _max_entries, 0)

/* Default-argument dispatch, as in BCC's helpers.h. */
#define BPF_HASH1(_name) BPF_TABLE("hash", u64, u64, _name, 10240)
#define BPF_HASH2(_name, _key_type) BPF_TABLE("hash", _key_type, u64, _name, 10240)
#define BPF_HASH3(_name, _key_type, _leaf_type) BPF_TABLE("hash", _key_type, _leaf_type, _name, 10240)
#define BPF_HASH4(_name, _key_type, _leaf_type, _size) BPF_TABLE("hash", _key_type, _leaf_type, _name, _size)
#define BPF_HASHX(_1, _2, _3, _4, NAME, ...) NAME
#define BPF_HASH(...) BPF_HASHX(__VA_ARGS__, BPF_HASH4, BPF_HASH3, BPF_HASH2, BPF_HASH1)(__VA_ARGS__)

#define BPF_PERCPU_HASH1(_name) BPF_TABLE("percpu_hash", u64, u64, _name, 10240)
#define BPF_PERCPU_HASH2(_name, _key_type) BPF_TABLE("percpu_hash", _key_type, u64, _name, 10240)
#define BPF_PERCPU_HASH3(_name, _key_type, _leaf_type) BPF_TABLE("percpu_hash", _key_type, _leaf_type, _name, 10240)
#define BPF_PERCPU_HASH4(_name, _key_type, _leaf_type, _size) BPF_TABLE("percpu_hash", _key_type, _leaf_type, _name, _size)
#define BPF_PERCPU_HASH(...) BPF_HASHX(__VA_ARGS__, BPF_PERCPU_HASH4, BPF_PERCPU_HASH3, BPF_PERCPU_HASH2, BPF_PERCPU_HASH1)(__VA_ARGS__)

#define BPF_ARRAY1(_name) BPF_TABLE("array", int, u64, _name, 10240)
#define BPF_ARRAY2(_name, _leaf_type) BPF_TABLE("array", int, _leaf_type, _name, 10240)
#define BPF_ARRAY3(_name, _leaf_type, _size) BPF_TABLE("array", int, _leaf_type, _name, _size)
#define BPF_ARRAYX(_1, _2, _3, NAME, ...) NAME
#define BPF_ARRAY(...) BPF_ARRAYX(__VA_ARGS__, BPF_ARRAY3, BPF_ARRAY2, BPF_ARRAY1)(__VA_ARGS__)

#define BPF_PERCPU_ARRAY1(_name) BPF_TABLE("percpu_array", int, u64, _name, 10240)
#define BPF_PERCPU_ARRAY2(_name, _leaf_type) BPF_TABLE("percpu_array", int, _leaf_type, _name, 10240)
#define BPF_PERCPU_ARRAY3(_name, _leaf_type, _size) BPF_TABLE("percpu_array", int, _leaf_type, _name, _size)
#define BPF_PERCPU_ARRAY(...) BPF_ARRAYX(__VA_ARGS__, BPF_PERCPU_ARRAY3, BPF_PERCPU_ARRAY2, BPF_PERCPU_ARRAY1)(__VA_ARGS__)

#define BPF_HIST1(_name) BPF_TABLE("histogram", int, u64, _name, 64)
#define BPF_HIST2(_name, _key_type) BPF_TABLE("histogram", _key_type, u64, _name, 64)
#define BPF_HIST3(_name, _key_type, _size) BPF_TABLE("histogram", _key_type, u64, _name, _size)
#define BPF_HISTOGRAM(...) BPF_ARRAYX(__VA_ARGS__, BPF_HIST3, BPF_HIST2, BPF_HIST1)(__VA_ARGS__)

#define BPF_LPM_TRIE1(_name) BPF_F_TABLE("lpm_trie", u64, u64, _name, 10240, BPF_F_NO_PREALLOC)
#define BPF_LPM_TRIE2(_name, _key_type) BPF_F_TABLE("lpm_trie", _key_type, u64, _name, 10240, BPF_F_NO_PREALLOC)
#define BPF_LPM_TRIE3(_name, _key_type, _leaf_type) BPF_F_TABLE("lpm_trie", _key_type, _leaf_type, _name, 10240, BPF_F_NO_PREALLOC)
#define BPF_LPM_TRIE4(_name, _key_type, _leaf_type, _size) BPF_F_TABLE("lpm_trie", _key_type, _leaf_type, _name, _size, BPF_F_NO_PREALLOC)
#define BPF_LPM_TRIE(...) BPF_HASHX(__VA_ARGS__, BPF_LPM_TRIE4, BPF_LPM_TRIE3, BPF_LPM_TRIE2, BPF_LPM_TRIE1)(__VA_ARGS__)

struct bcc2core_stacktrace { u64 ip[127]; };
struct bcc2core_stacktrace_buildid { struct bpf_stack_build_id trace[127]; };
#define BPF_STACK_TRACE(_name, _max_entries) \
	BPF_TABLE("stacktrace", int, struct bcc2core_stacktrace, _name, _max_entries)
#define BPF_STACK_TRACE_BUILDID(_name, _max_entries) \
	BPF_F_TABLE("stacktrace", int, struct bcc2core_stacktrace_buildid, _name, _max_entries, BPF_F_STACK_BUILD_ID)

#define BPF_PROG_ARRAY(_name, _max_entries) BPF_TABLE("prog", u32, u32, _name, _max_entries)
#define BPF_PERF_ARRAY(_name, _max_entries) BPF_TABLE("perf_array", int, u32, _name, _max_entries)
#define BPF_CGROUP_ARRAY(_name, _max_entries) BPF_TABLE("cgroup_array", int, u32, _name, _max_entries)
#define BPF_DEVMAP(_name, _max_entries) BPF_TABLE("devmap", int, int, _name, _max_entries)
#define BPF_CPUMAP(_name, _max_entries) BPF_TABLE("cpumap", u32, u32, _name, _max_entries)
#define BPF_XSKMAP(_name, _max_entries, ...) BPF_TABLE("xskmap", u32, int, _name, _max_entries)
#define BPF_SOCKMAP(_name, _max_entries) BPF_TABLE("sockmap", int, int, _name, _max_entries)
#define BPF_SOCKHASH1(_name) BPF_TABLE("sockhash", u32, int, _name, 10240)
#define BPF_SOCKHASH2(_name, _key_type) BPF_TABLE("sockhash", _key_type, int, _name, 10240)
#define BPF_SOCKHASH3(_name, _key_type, _size) BPF_TABLE("sockhash", _key_type, int, _name, _size)
#define BPF_SOCKHASH(...) BPF_ARRAYX(__VA_ARGS__, BPF_SOCKHASH3, BPF_SOCKHASH2, BPF_SOCKHASH1)(__VA_ARGS__)
#define BPF_ARRAY_OF_MAPS(_name, _inner, _max_entries) BPF_TABLE("array_of_maps$" _inner, int, int, _name, _max_entries)
#define BPF_HASH_OF_MAPS2(_name, _inner) BPF_TABLE("hash_of_maps$" _inner, int, int, _name, 10240)
#define BPF_HASH_OF_MAPS3(_name, _key_type, _inner) BPF_TABLE("hash_of_maps$" _inner, _key_type, int, _name, 10240)
#define BPF_HASH_OF_MAPS4(_name, _key_type, _inner, _max) BPF_TABLE("hash_of_maps$" _inner, _key_type, int, _name, _max)
#define BPF_HASH_OF_MAPS(...) BPF_HASHX(__VA_ARGS__, BPF_HASH_OF_MAPS4, BPF_HASH_OF_MAPS3, BPF_HASH_OF_MAPS2, 0)(__VA_ARGS__)
#define BPF_SK_STORAGE(_name, _leaf_type) BPF_F_TABLE("sk_storage", int, _leaf_type, _name, 0, BPF_F_NO_PREALLOC)
#define BPF_INODE_STORAGE(_name, _leaf_type) BPF_F_TABLE("inode_storage", int, _leaf_type, _name, 0, BPF_F_NO_PREALLOC)
#define BPF_TASK_STORAGE(_name, _leaf_type) BPF_F_TABLE("task_storage", int, _leaf_type, _name, 0, BPF_F_NO_PREALLOC)
#define BPF_CGROUP_STORAGE(_name, _leaf_type) BPF_TABLE("cgroup_storage", struct bpf_cgroup_storage_key, _leaf_type, _name, 0)
#define BPF_PERCPU_CGROUP_STORAGE(_name, _leaf_type) BPF_TABLE("percpu_cgroup_storage", struct bpf_cgroup_storage_key, _leaf_type, _name, 0)
#define BPF_QUEUE(_name, _leaf_type, _max_entries, ...) BPF_TABLE("queue", int, _leaf_type, _name, _max_entries)
#define BPF_STACK(_name, _leaf_type, _max_entries, ...) BPF_TABLE("stack", int, _leaf_type, _name, _max_entries)

/* Output channels have methods of their own. */
#define BPF_PERF_OUTPUT(_name)							\
	__BCC2CORE_MAP_PARAMS(_name, 0, 0);					\
	struct _name##_table_t {						\
		int key;							\
		u32 leaf;							\
		int (*perf_submit)(void *, void *, u32);			\
		int (*perf_submit_skb)(void *, u32, void *, u32);		\
		u32 max_entries;						\
	} __attribute__((annotate("bcc2core_map:perf_output"))) _name
#define BPF_RINGBUF_OUTPUT(_name, _num_pages)					\
	__BCC2CORE_MAP_PARAMS(_name, (_num_pages) * 4096, 0);			\
	struct _name##_table_t {						\
		int key;							\
		u32 leaf;							\
		int (*ringbuf_output)(void *, u64, u64);			\
		void *(*ringbuf_reserve)(u64);					\
		void (*ringbuf_submit)(void *, u64);				\
		void (*ringbuf_discard)(void *, u64);				\
		u64 (*ringbuf_query)(u64);					\
		u32 max_entries;						\
	} __attribute__((annotate("bcc2core_map:ringbuf"))) _name

/* Program definition macros: the rewriter replaces each expansion with a
 * SEC() and a libbpf signature; these only make the body parse with the
 * same names BCC gives it. */
#define TRACEPOINT_PROBE(category, event)					\
	int tracepoint__##category##__##event(struct tracepoint__##category##__##event *args)
#define RAW_TRACEPOINT_PROBE(event)						\
	int raw_tracepoint__##event(struct bpf_raw_tracepoint_args *ctx)
/* BTF-typed programs: libbpf's BPF_PROG, as BCC's helpers.h (0.26 names) */
#define KFUNC_PROBE(event, args...) int BPF_PROG(kfunc__##event, ##args)
#define KRETFUNC_PROBE(event, args...) int BPF_PROG(kretfunc__##event, ##args)
#define MODULE_KFUNC_PROBE(mod, event, args...) int BPF_PROG(kfunc__##mod##__##event, ##args)
#define MODULE_KRETFUNC_PROBE(mod, event, args...) int BPF_PROG(kretfunc__##mod##__##event, ##args)
#define KMOD_RET(event, args...) int BPF_PROG(kmod_ret__##event, ##args)
#define LSM_PROBE(event, args...) int BPF_PROG(lsm__##event, ##args)
#define BPF_ITER(target) int bpf_iter__##target(struct bpf_iter__##target *ctx)

/* BCC helpers with no libbpf counterpart (bpf_log2/bpf_log2l come from
 * bcc2core.bpf.h, as in the output). */
int bpf_num_cpus(void);
/* BCC's checksum updates of the packet the calling function takes first:
 * the rewriter passes it (bcc2core.bpf.h's bcc2core_incr_cksum_l3/l4). */
int incr_cksum_l3(void *off, u64 oldval, u64 newval);
int incr_cksum_l4(void *off, u64 oldval, u64 newval, u64 flags);
/* USDT arguments (BCC generates readers per probe; libbpf resolves them
 * at attach time: usdt.bpf.h's bpf_usdt_arg) */
int bpf_usdt_readarg(int argc, void *ctx, void *arg);
int bpf_usdt_readarg_p(int argc, void *ctx, void *buf, u64 len);

#endif
