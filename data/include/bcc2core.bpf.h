/* BPF-side support for programs converted by bcc2core: what BCC's helpers.h
 * gave them that libbpf's headers do not, with BCC's semantics. */
#ifndef BCC2CORE_BPF_H
#define BCC2CORE_BPF_H

#include "bcc2core_defs.h"

/* BCC's bpf_log2(v) is floor(log2(v)) + 1 (and 0 for 0): the histogram
 * printers count on that bias, so keep it. */
static __always_inline unsigned int bpf_log2(unsigned int v)
{
	unsigned int r, shift;

	r = (v > 0xFFFF) << 4; v >>= r;
	shift = (v > 0xFF) << 3; v >>= shift; r |= shift;
	shift = (v > 0xF) << 2; v >>= shift; r |= shift;
	shift = (v > 0x3) << 1; v >>= shift; r |= shift;
	r |= (v >> 1);
	return r;
}

static __always_inline unsigned int bpf_log2l(unsigned long v)
{
	unsigned int hi = v >> 32;

	if (hi)
		return bpf_log2(hi) + 32 + 1;
	else
		return bpf_log2(v) + 1;
}

/* BCC's helpers.h: an atomic add whose result is not used */
#define lock_xadd(ptr, val) ((void)__sync_fetch_and_add(ptr, val))

/* kernel byte order helpers (include/linux/byteorder), as libbpf's */
#ifndef ntohs
#define ntohs(x) bpf_ntohs(x)
#define htons(x) bpf_htons(x)
#define ntohl(x) bpf_ntohl(x)
#define htonl(x) bpf_htonl(x)
#define be16_to_cpu(x) bpf_ntohs(x)
#define be32_to_cpu(x) bpf_ntohl(x)
#define be64_to_cpu(x) bpf_be64_to_cpu(x)
#define cpu_to_be16(x) bpf_htons(x)
#define cpu_to_be32(x) bpf_htonl(x)
#define cpu_to_be64(x) bpf_cpu_to_be64(x)
#endif

/* kernel inline functions on kernel memory: CO-RE reads inside */
static __always_inline bool skb_rx_queue_recorded(const struct sk_buff *skb)
{
	return BPF_CORE_READ(skb, queue_mapping) != 0;
}

static __always_inline __u16 skb_get_rx_queue(const struct sk_buff *skb)
{
	return BPF_CORE_READ(skb, queue_mapping) - 1;
}

static __always_inline bool sg_is_chain(const struct scatterlist *sg)
{
	return BPF_CORE_READ(sg, page_link) & 0x01;
}

static __always_inline bool sg_is_last(const struct scatterlist *sg)
{
	return BPF_CORE_READ(sg, page_link) & 0x02;
}

static __always_inline struct scatterlist *sg_chain_ptr(const struct scatterlist *sg)
{
	return (struct scatterlist *)(BPF_CORE_READ(sg, page_link) & ~0x03UL);
}

#ifdef __USDT_BPF_H__
/* BCC's bpf_usdt_readarg(n, ctx, &v) (1-based) over libbpf's bpf_usdt_arg
 * (0-based, always a long); _p reads the user memory the argument points at */
#define bcc2core_usdt_readarg(n, ctx, p) ({					\
	long __bcc2core_a = 0;							\
	int __bcc2core_r = bpf_usdt_arg((struct pt_regs *)(ctx), (n) - 1, &__bcc2core_a); \
	*(p) = (typeof(*(p)))__bcc2core_a;					\
	__bcc2core_r;								\
})
#define bcc2core_usdt_readarg_p(n, ctx, buf, len) ({				\
	long __bcc2core_a = 0;							\
	int __bcc2core_r = bpf_usdt_arg((struct pt_regs *)(ctx), (n) - 1, &__bcc2core_a); \
	__bcc2core_r ?: bpf_probe_read_user(buf, len, (void *)__bcc2core_a);	\
})
#endif

/* the sixth register argument, which libbpf 1.1 does not name */
#if defined(__TARGET_ARCH_x86)
#define BCC2CORE_PT_REGS_PARM6(x) ((x)->r9)
#elif defined(__TARGET_ARCH_arm64)
#define BCC2CORE_PT_REGS_PARM6(x) ((x)->regs[5])
#endif

/* libbpf's BPF_KSYSCALL, but reading only the arguments whose bit is set
 * in @used (bit n-1: argument n; the rest are 0). BPF_KSYSCALL reads every
 * declared argument with a probe read each before the body runs; BCC reads
 * only what the body uses. @used is a constant: the other reads are folded
 * away. The rewriter writes BPF_KSYSCALL where the body uses them all. */
#define BCC2CORE_KSYSCALL(name, used, args...)					\
name(struct pt_regs *ctx);							\
extern _Bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;				\
static __always_inline typeof(name(0))						\
____##name(struct pt_regs *ctx, ##args);					\
typeof(name(0)) name(struct pt_regs *ctx)					\
{										\
	struct pt_regs *regs = LINUX_HAS_SYSCALL_WRAPPER			\
			       ? (struct pt_regs *)PT_REGS_PARM1(ctx)		\
			       : ctx;						\
	_Pragma("GCC diagnostic push")						\
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")			\
	if (LINUX_HAS_SYSCALL_WRAPPER)						\
		return ____##name(__bcc2core_sysargs(used, __bcc2core_sysarg_core, args)); \
	else									\
		return ____##name(__bcc2core_sysargs(used, __bcc2core_sysarg_regs, args)); \
	_Pragma("GCC diagnostic pop")						\
}										\
static __always_inline typeof(name(0))						\
____##name(struct pt_regs *ctx, ##args)

#define __bcc2core_sysarg_core(n) PT_REGS_PARM##n##_CORE_SYSCALL(regs)
#define __bcc2core_sysarg_regs(n) PT_REGS_PARM##n##_SYSCALL(regs)
#define __bcc2core_sysarg(u, read, n) (((u) >> ((n) - 1)) & 1 ? (void *)read(n) : (void *)0)
#define __bcc2core_sysargs0(u, r) ctx
#define __bcc2core_sysargs1(u, r, x) __bcc2core_sysargs0(u, r), __bcc2core_sysarg(u, r, 1)
#define __bcc2core_sysargs2(u, r, x, a...) __bcc2core_sysargs1(u, r, a), __bcc2core_sysarg(u, r, 2)
#define __bcc2core_sysargs3(u, r, x, a...) __bcc2core_sysargs2(u, r, a), __bcc2core_sysarg(u, r, 3)
#define __bcc2core_sysargs4(u, r, x, a...) __bcc2core_sysargs3(u, r, a), __bcc2core_sysarg(u, r, 4)
#define __bcc2core_sysargs5(u, r, x, a...) __bcc2core_sysargs4(u, r, a), __bcc2core_sysarg(u, r, 5)
#define __bcc2core_nth(_, _1, _2, _3, _4, _5, N, ...) N
#define __bcc2core_narg(a...) __bcc2core_nth(_, ##a, 5, 4, 3, 2, 1, 0)
#define __bcc2core_cat(a, b) __bcc2core_cat_(a, b)
#define __bcc2core_cat_(a, b) a##b
#define __bcc2core_sysargs(u, r, a...)						\
	__bcc2core_cat(__bcc2core_sysargs, __bcc2core_narg(a))(u, r, ##a)

/* BCC's socket-buffer loads (LD_ABS: socket filters and tc programs) */
unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");
unsigned long long load_word(void *skb, unsigned long long off) asm("llvm.bpf.load.word");

/* A packet header field (proto.h), as BCC's bpf_dext_pkt: @bsz bits at bit
 * @bofs (from the most significant bit) of the bytes at @off, host order. */
static __always_inline __u64 bcc2core_dext_pkt(void *skb, __u64 off, __u32 bofs, __u32 bsz)
{
	__u8 b[8] = {};
	__u32 n = (bofs + bsz + 7) / 8;
	__u64 v = 0;

	if (n > 8 || bpf_skb_load_bytes(skb, off, b, n))
		return 0;
	for (__u32 i = 0; i < n; i++)
		v = (v << 8) | b[i];
	v >>= n * 8 - bofs - bsz;
	return bsz >= 64 ? v : v & ((1ULL << bsz) - 1);
}

/* ... and writing one, as BCC's bpf_dins_pkt (network order on the wire) */
static __always_inline void bcc2core_dins_pkt(void *skb, __u64 off, __u32 bofs, __u32 bsz,
					      __u64 val)
{
	__u8 b[8] = {};
	__u32 n = (bofs + bsz + 7) / 8, shift = n * 8 - bofs - bsz;
	__u64 v = 0, mask = (bsz >= 64 ? ~0ULL : (1ULL << bsz) - 1) << shift;

	if (n > 8 || bpf_skb_load_bytes(skb, off, b, n))
		return;
	for (__u32 i = 0; i < n; i++)
		v = (v << 8) | b[i];
	v = (v & ~mask) | ((val << shift) & mask);
	for (__u32 i = n; i-- > 0;) {
		b[i] = v & 0xff;
		v >>= 8;
	}
	bpf_skb_store_bytes(skb, off, b, n, 0);
}

/* BCC's checksum updates (helpers.h): the old and new values in host order,
 * their size (2, 4 or 8) in the flags' low bits; the kernel's helpers take
 * the values as they are on the wire. */
static __always_inline __u64 bcc2core_csum_wire(__u64 v, __u64 flags)
{
	switch (flags & BPF_F_HDR_FIELD_MASK) {
	case 2:
		return bpf_htons((__u16)v);
	case 4:
		return bpf_htonl((__u32)v);
	case 8:
		return bpf_cpu_to_be64(v);
	}
	return v;
}

static __always_inline long bcc2core_l3_csum_replace(void *skb, __u64 off, __u64 from,
						     __u64 to, __u64 flags)
{
	return bpf_l3_csum_replace(skb, off, bcc2core_csum_wire(from, flags),
				   bcc2core_csum_wire(to, flags), flags);
}

static __always_inline long bcc2core_l4_csum_replace(void *skb, __u64 off, __u64 from,
						     __u64 to, __u64 flags)
{
	return bpf_l4_csum_replace(skb, off, bcc2core_csum_wire(from, flags),
				   bcc2core_csum_wire(to, flags), flags);
}

#define bpf_l3_csum_replace_(skb, off, from, to, flags)				\
	bcc2core_l3_csum_replace((void *)(skb), off, from, to, flags)
#define bpf_l4_csum_replace_(skb, off, from, to, flags)				\
	bcc2core_l4_csum_replace((void *)(skb), off, from, to, flags)

/* incr_cksum_l3/l4(field, old, new[, pseudo]): the checksum of the packet
 * the calling function was handed (the rewriter passes its first parameter)
 * after the field at offset @field changes from @old to @new; the field's
 * size is @new's, and @pseudo says the L4 sum covers the IP pseudo-header. */
#define bcc2core_incr_cksum_l3(skb, field, old, new)				\
	bcc2core_l3_csum_replace((void *)(skb), (__u64)(field), old, new, sizeof(new))
#define bcc2core_incr_cksum_l4(skb, field, old, new, pseudo)			\
	bcc2core_l4_csum_replace((void *)(skb), (__u64)(field), old, new,	\
				 ((pseudo) & 1 ? BPF_F_PSEUDO_HDR : 0) | sizeof(new))

/* BCC's lookup_or_try_init: lookup; on a miss insert @init (an existing
 * entry is fine) and look up again. NULL when the map is full. */
static __always_inline void *bcc2core_map_lookup_or_try_init(void *map, const void *key,
							     const void *init)
{
	void *val;
	long err;

	val = bpf_map_lookup_elem(map, key);
	if (val)
		return val;
	err = bpf_map_update_elem(map, key, init, BPF_NOEXIST);
	if (err && err != -EEXIST)
		return 0;
	return bpf_map_lookup_elem(map, key);
}

/* BCC's map.increment(key[, n]): the key by value, not atomic, and a missing
 * key inserted only where BCC inserts it (a plain BPF_MAP_TYPE_HASH: the
 * other map types silently drop increments of new keys in BCC). */
/* The locals carry the __bcc2core_ prefix: a BCC program's own variable
 * passed as @k or @n (argdist's "__key") must not name them. @n is
 * evaluated in the branch taken, as BCC's expansion does: set before the
 * lookup, the value an insert stores cost two instructions on every hit. */
#define __bcc2core_map_add(map, k, n, add, insert) ({				\
	typeof(*(map)->key) __bcc2core_key = (k);				\
	typeof(*(map)->value) *__bcc2core_leaf;					\
	__bcc2core_leaf = bpf_map_lookup_elem(map, &__bcc2core_key);		\
	if (__bcc2core_leaf) {							\
		typeof(*(map)->value) __bcc2core_n = (n);			\
		add;								\
	} else if (insert) {							\
		typeof(*(map)->value) __bcc2core_n = (n);			\
		bpf_map_update_elem(map, &__bcc2core_key, &__bcc2core_n, BPF_NOEXIST); \
	}									\
})
#define bcc2core_map_increment(map, k, n)					\
	__bcc2core_map_add(map, k, n, *__bcc2core_leaf += __bcc2core_n, 1)
#define bcc2core_map_increment_existing(map, k, n)				\
	__bcc2core_map_add(map, k, n, *__bcc2core_leaf += __bcc2core_n, 0)
#define bcc2core_map_atomic_increment(map, k, n)				\
	__bcc2core_map_add(map, k, n, __sync_fetch_and_add(__bcc2core_leaf, __bcc2core_n), 1)
#define bcc2core_map_atomic_increment_existing(map, k, n)			\
	__bcc2core_map_add(map, k, n, __sync_fetch_and_add(__bcc2core_leaf, __bcc2core_n), 0)

/* 1 in the tp_btf form of a raw tracepoint program (the rewriter redefines
 * it around that copy of the body), 0 elsewhere: there the tracepoint's
 * pointer arguments are BTF-typed, and the body's reads of their fields
 * are plain loads instead of probe reads. */
#ifndef BCC2CORE_TP_BTF
#define BCC2CORE_TP_BTF 0
#endif

/* The same in the fexit form of a kretprobe, for the function's return
 * value: a BTF-typed pointer there. */
#ifndef BCC2CORE_FEXIT
#define BCC2CORE_FEXIT 0
#endif

/* Does the running kernel have bpf_get_current_task_btf() (5.11 on)? libbpf
 * answers at load from the kernel's BTF; the verifier never walks the branch
 * the kernel cannot take. The rewriter reads fields of the current task
 * with plain BTF-typed loads where it does, and probe reads otherwise. */
#define bcc2core_task_btf_ok()							\
	bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf)

/* Read a whole object through a kernel (or user) pointer that has no field
 * to relocate (`*p`, `p[i]`), as BCC's implicit probe reads did. */
#define bcc2core_read_kernel(ptr) ({						\
	typeof(*(ptr)) __bcc2core_val;						\
	__builtin_memset((void *)&__bcc2core_val, 0, sizeof(__bcc2core_val));	\
	bpf_probe_read_kernel((void *)&__bcc2core_val, sizeof(__bcc2core_val), (ptr)); \
	__bcc2core_val;								\
})
#define bcc2core_read_user(ptr) ({						\
	typeof(*(ptr)) __bcc2core_val;						\
	__builtin_memset((void *)&__bcc2core_val, 0, sizeof(__bcc2core_val));	\
	bpf_probe_read_user((void *)&__bcc2core_val, sizeof(__bcc2core_val), (ptr)); \
	__bcc2core_val;								\
})

/* What a syscalls:sys_enter_* / sys_exit_* program is handed is neither the
 * record tracefs describes (struct syscall_trace_enter) nor the raw_syscalls
 * one (trace_event_raw_sys_enter): it is struct syscall_tp_t, which
 * kernel/trace/trace_syscalls.c builds on its stack. Its layout changed
 * (u64 regs + unsigned long nr, then struct trace_entry + unsigned long nr,
 * then struct trace_entry + int nr), and where struct trace_entry grows
 * (PREEMPT_RT) the three disagree. The kernel's BTF has both syscall_tp_t
 * structs (enter has args, exit has ret): CO-RE reads these fields where the
 * running kernel put them. syscall_nr is unsigned here although newer
 * kernels have int: libbpf resizes a direct load only between unsigned
 * integers (6.1's field is unsigned long), and the number is never
 * negative in these records. */
struct syscall_tp_t___bcc2core_enter {
	unsigned int syscall_nr;
	unsigned long args[6];
} __attribute__((preserve_access_index));
struct syscall_tp_t___bcc2core_exit {
	unsigned int syscall_nr;
	long ret;
} __attribute__((preserve_access_index));

/* task_struct.state became __state (and unsigned int) in 5.14: ask CO-RE
 * which one this kernel has. Flavours keep it independent of vmlinux.h. */
struct task_struct___bcc2core_new {
	unsigned int __state;
} __attribute__((preserve_access_index));
struct task_struct___bcc2core_old {
	long state;
} __attribute__((preserve_access_index));

static __always_inline long bcc2core_task_state(const void *task)
{
	const struct task_struct___bcc2core_new *t = task;

	if (bpf_core_field_exists(t->__state))
		return BPF_CORE_READ(t, __state);
	return BPF_CORE_READ((const struct task_struct___bcc2core_old *)task, state);
}

/* cfs_rq.nr_running became nr_queued in 6.14 */
struct cfs_rq___bcc2core_new {
	unsigned int nr_queued;
} __attribute__((preserve_access_index));
struct cfs_rq___bcc2core_old {
	unsigned int nr_running;
} __attribute__((preserve_access_index));

static __always_inline unsigned int bcc2core_cfs_rq_nr_queued(const void *cfs_rq)
{
	const struct cfs_rq___bcc2core_new *c = cfs_rq;

	if (bpf_core_field_exists(c->nr_queued))
		return BPF_CORE_READ(c, nr_queued);
	return BPF_CORE_READ((const struct cfs_rq___bcc2core_old *)cfs_rq, nr_running);
}

/* request.rq_disk was removed (~5.19): the disk is the request queue's
 * (request_queue.disk, added a little earlier). rq_disk first: older
 * kernels have no q->disk. */
struct request___bcc2core_old {
	struct gendisk *rq_disk;
} __attribute__((preserve_access_index));
struct request_queue___bcc2core {
	struct gendisk *disk;
} __attribute__((preserve_access_index));
struct request___bcc2core_new {
	struct request_queue___bcc2core *q;
} __attribute__((preserve_access_index));

static __always_inline struct gendisk *bcc2core_request_disk(const void *rq)
{
	const struct request___bcc2core_old *r = rq;

	if (bpf_core_field_exists(r->rq_disk))
		return BPF_CORE_READ(r, rq_disk);
	return BPF_CORE_READ((const struct request___bcc2core_new *)rq, q, disk);
}

/* bio.bi_disk became bi_bdev->bd_disk in 5.12 (309dca309fc3) */
struct bio___bcc2core_old {
	struct gendisk *bi_disk;
} __attribute__((preserve_access_index));
struct block_device___bcc2core {
	struct gendisk *bd_disk;
} __attribute__((preserve_access_index));
struct bio___bcc2core_new {
	struct block_device___bcc2core *bi_bdev;
} __attribute__((preserve_access_index));

static __always_inline struct gendisk *bcc2core_bio_disk(const void *bio)
{
	const struct bio___bcc2core_old *b = bio;

	if (bpf_core_field_exists(b->bi_disk))
		return BPF_CORE_READ(b, bi_disk);
	return BPF_CORE_READ((const struct bio___bcc2core_new *)bio, bi_bdev, bd_disk);
}

/* 6.6 turned inet_sock's flag bitfields into bits of inet_flags. The bit
 * numbers are an anonymous enum (INET_FLAGS_*), which CO-RE cannot match by
 * name, so they are spelled here, as 6.18 has them (new flags go last). */
struct inet_sock___bcc2core_old {
	__u8 recverr:1, is_icsk:1, freebind:1, hdrincl:1, mc_loop:1, transparent:1,
	     mc_all:1, nodefrag:1;
	__u8 bind_address_no_port:1, recverr_rfc4884:1, defer_connect:1;
} __attribute__((preserve_access_index));
struct inet_sock___bcc2core_new {
	unsigned long inet_flags;
} __attribute__((preserve_access_index));

#define BCC2CORE_INET_SOCK_FLAG(field, bit)					\
static __always_inline __u8 bcc2core_inet_sock_##field(const void *inet)	\
{										\
	const struct inet_sock___bcc2core_old *o = inet;			\
										\
	if (bpf_core_field_exists(o->field))					\
		return BPF_CORE_READ_BITFIELD_PROBED(o, field);			\
	return (BPF_CORE_READ((const struct inet_sock___bcc2core_new *)inet,	\
			      inet_flags) >> (bit)) & 1;			\
}
BCC2CORE_INET_SOCK_FLAG(recverr, 9)
BCC2CORE_INET_SOCK_FLAG(recverr_rfc4884, 10)
BCC2CORE_INET_SOCK_FLAG(freebind, 11)
BCC2CORE_INET_SOCK_FLAG(hdrincl, 12)
BCC2CORE_INET_SOCK_FLAG(mc_loop, 13)
BCC2CORE_INET_SOCK_FLAG(mc_all, 14)
BCC2CORE_INET_SOCK_FLAG(transparent, 15)
BCC2CORE_INET_SOCK_FLAG(is_icsk, 16)
BCC2CORE_INET_SOCK_FLAG(nodefrag, 17)
BCC2CORE_INET_SOCK_FLAG(bind_address_no_port, 18)
BCC2CORE_INET_SOCK_FLAG(defer_connect, 19)
#undef BCC2CORE_INET_SOCK_FLAG

/* A tracepoint record whose struct is named differently on other kernels
 * (kfree's: trace_event_raw_kfree, before 6.0 trace_event_raw_kmem_free):
 * @other is a flavour of the other name, the converter defines it. CO-RE
 * matches one name per access, so ask which one this kernel has; the
 * verifier drops the other branch and its failed relocation. */
#define bcc2core_tp_read(args, other, field)					\
	(bpf_core_type_exists(typeof(*(args))) ? BPF_CORE_READ(args, field)	\
	 : BPF_CORE_READ((struct other *)(args), field))
/* ... and a field used as an object (an array, &args->field) */
#define bcc2core_tp_field(args, other, field)					\
	(*(bpf_core_type_exists(typeof(*(args))) ? &(args)->field		\
	   : (typeof(&(args)->field))&((struct other *)(args))->field))

/* BCC's tracepoint data_loc readers, over vmlinux.h's trace_event_raw_*
 * (field __data_loc_X); `args` is the program's context, as in BCC. */
#ifndef TP_DATA_LOC_READ
#define TP_DATA_LOC_READ_CONST(dst, field, length)				\
	do {									\
		unsigned short __bcc2core_off = BPF_CORE_READ(args, __data_loc_##field) & 0xFFFF;	\
		bpf_probe_read_kernel((void *)dst, length, (char *)args + __bcc2core_off); \
	} while (0)
#define TP_DATA_LOC_READ(dst, field)						\
	do {									\
		unsigned short __bcc2core_off = BPF_CORE_READ(args, __data_loc_##field) & 0xFFFF;	\
		unsigned short __bcc2core_len = BPF_CORE_READ(args, __data_loc_##field) >> 16;	\
		bpf_probe_read_kernel((void *)dst, __bcc2core_len, (char *)args + __bcc2core_off); \
	} while (0)
#define TP_DATA_LOC_READ_STR(dst, field, length)				\
	do {									\
		unsigned short __bcc2core_off = BPF_CORE_READ(args, __data_loc_##field) & 0xFFFF;	\
		bpf_probe_read_kernel_str((void *)dst, length, (char *)args + __bcc2core_off); \
	} while (0)
#endif

#endif
