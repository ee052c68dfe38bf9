/* Converted from fentry_arg_reads.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Reads rooted at a kprobe's arguments: plain loads in the fentry form
 * (bcc2core_btf_args), probe reads in the kprobe form, and where neither
 * can be had safely, probe reads in both. */




struct info_t { u64 ino; u32 dev; u32 mode; };
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, struct info_t);
} infos SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, struct file *);
} files SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 64);
	__uint(key_size, sizeof(u32));
	__uint(value_size, 127 * sizeof(u64));
} stacks SEC(".maps");

/* reached only from kprobes passing their own argument: it takes the flag */
static __always_inline int count_file(struct pt_regs *ctx, struct file *file, int is_read, bool bcc2core_btf_args)
{
	u32 pid = bpf_get_current_pid_tgid();
	struct info_t info = {
		.ino = (bcc2core_btf_args ? file->f_inode->i_ino : BPF_CORE_READ(file, f_inode, i_ino)),
		.dev = (bcc2core_btf_args ? file->f_inode->i_sb->s_dev : BPF_CORE_READ(file, f_inode, i_sb, s_dev)),
		.mode = (bcc2core_btf_args ? file->f_inode->i_mode : BPF_CORE_READ(file, f_inode, i_mode)),
	};
	bpf_map_update_elem(&infos, &pid, &info, BPF_ANY);
	return is_read;
}

static __always_inline int trace_read__body(void *ctx, struct file *file, bool bcc2core_btf_args)
{
	return count_file(ctx, file, 1, bcc2core_btf_args);
}

SEC("kprobe/vfs_read")
int BPF_KPROBE(trace_read, struct file *file)
{
	return trace_read__body(ctx, file, false);
}

SEC("fentry/vfs_read") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(trace_read__fentry, struct file *file)
{
	return trace_read__body(ctx, file, true);
}

static __always_inline int trace_write__body(void *ctx, struct file *file, bool bcc2core_btf_args)
{
	/* a pointer: probe-read in both forms (a BTF pointer would refuse
	 * the arithmetic a program may do with it) */
	struct dentry *de = BPF_CORE_READ(file, f_path.dentry);
	u32 len = BPF_CORE_READ(de, d_name.len);
	return count_file(ctx, file, 0, bcc2core_btf_args) + len;
}

SEC("kprobe/vfs_write")
int BPF_KPROBE(trace_write, struct file *file)
{
	return trace_write__body(ctx, file, false);
}

SEC("fentry/vfs_write") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(trace_write__fentry, struct file *file)
{
	return trace_write__body(ctx, file, true);
}

/* the argument is assigned: not the BTF pointer any more */
static __always_inline int trace_fsync__body(void *ctx, struct file *file)
{
	u32 pid = bpf_get_current_pid_tgid();
	struct file **fp = bpf_map_lookup_elem(&files, &pid);
	if (fp)
		file = *fp;
	return BPF_CORE_READ(file, f_flags);
}

SEC("kprobe/vfs_fsync")
int BPF_KPROBE(trace_fsync, struct file *file)
{
	return trace_fsync__body(ctx, file);
}

SEC("fentry/vfs_fsync") __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(trace_fsync__fentry, struct file *file)
{
	return trace_fsync__body(ctx, file);
}

/* a subscript that is not a constant */
static __always_inline int kprobe__wake_up_new_task__body(void *ctx, struct task_struct *p, bool bcc2core_btf_args)
{
	int i = bpf_get_prandom_u32() & 7;
	return BPF_CORE_READ(p, comm[i]) + (bcc2core_btf_args ? p->comm[3] : BPF_CORE_READ(p, comm[3]));
}

SEC("kprobe/wake_up_new_task")
int BPF_KPROBE(kprobe__wake_up_new_task, struct task_struct *p)
{
	return kprobe__wake_up_new_task__body(ctx, p, false);
}

SEC("fentry/wake_up_new_task") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__wake_up_new_task__fentry, struct task_struct *p)
{
	return kprobe__wake_up_new_task__body(ctx, p, true);
}

/* declared as another struct than the kernel's parameter (struct socket *):
 * the verifier checks fentry's loads against the kernel's type */
static __always_inline int kprobe__inet_release__body(void *ctx, struct sock *sk)
{
	return BPF_CORE_READ(sk, __sk_common.skc_family);
}

SEC("kprobe/inet_release")
int BPF_KPROBE(kprobe__inet_release, struct sock *sk)
{
	return kprobe__inet_release__body(ctx, sk);
}

SEC("fentry/inet_release") __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__inet_release__fentry, struct sock *sk)
{
	return kprobe__inet_release__body(ctx, sk);
}

/* a stack walk: the kprobe stays first, and its reads with it */
static __always_inline int kprobe__vfs_fsync_range__body(void *ctx, struct file *file)
{
	return bpf_get_stackid(ctx, &stacks, 0) + BPF_CORE_READ(file, f_flags);
}

SEC("kprobe/vfs_fsync_range")
int BPF_KPROBE(kprobe__vfs_fsync_range, struct file *file)
{
	return kprobe__vfs_fsync_range__body(ctx, file);
}

SEC("fentry/vfs_fsync_range")
int BPF_PROG(kprobe__vfs_fsync_range__fentry, struct file *file)
{
	return kprobe__vfs_fsync_range__body(ctx, file);
}

/* a pointer to no struct (void *private_data) loads plainly in the fentry
 * form: a number to the verifier; a pointer to a struct (f_op) stays a
 * CO-RE read: a BTF pointer the program's arithmetic could not take */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} ptrs SEC(".maps");
static __always_inline int kprobe__vfs_llseek__body(void *ctx, struct file *file, bool bcc2core_btf_args)
{
	u32 k = 1;
	u64 v = (u64)(bcc2core_btf_args ? file->private_data : BPF_CORE_READ(file, private_data));

	bpf_map_update_elem(&ptrs, &k, &v, BPF_ANY);
	k = 2;
	v = (u64)BPF_CORE_READ(file, f_op);
	bpf_map_update_elem(&ptrs, &k, &v, BPF_ANY);
	/* the program's own probe read of it into an integer stays one: a
	 * pointer would not assign to v */
	k = 3;
	bpf_probe_read_kernel(&v, sizeof(v), &file->private_data);
	bpf_map_update_elem(&ptrs, &k, &v, BPF_ANY);
	return 0;
}

SEC("kprobe/vfs_llseek")
int BPF_KPROBE(kprobe__vfs_llseek, struct file *file)
{
	return kprobe__vfs_llseek__body(ctx, file, false);
}

SEC("fentry/vfs_llseek") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__vfs_llseek__fentry, struct file *file)
{
	return kprobe__vfs_llseek__body(ctx, file, true);
}

/* a tail call: the first program to call through a program array gives it
 * its type, so the kprobe stays first (its fentry form is not kprobe_free),
 * and its reads with it */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(u32));
} jumps SEC(".maps");
static __always_inline int kprobe__vfs_truncate__body(void *ctx, const struct path *path)
{
	bpf_tail_call(ctx, &jumps, BPF_CORE_READ(path, dentry, d_flags) & 3);
	return 0;
}

SEC("kprobe/vfs_truncate")
int BPF_KPROBE(kprobe__vfs_truncate, const struct path *path)
{
	return kprobe__vfs_truncate__body(ctx, path);
}

SEC("fentry/vfs_truncate")
int BPF_PROG(kprobe__vfs_truncate__fentry, const struct path *path)
{
	return kprobe__vfs_truncate__body(ctx, path);
}

/* the argument's address as a map key or value: the map methods only read
 * it, so it stays the BTF pointer (tcpconnlat's map keyed by struct sock *) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct sock *);
	__type(value, u32);
} socks SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, struct sock *);
} currsock SEC(".maps");

static __always_inline int kprobe__tcp_rcv_state_process__body(void *ctx, struct sock *sk, bool bcc2core_btf_args)
{ __typeof__(sk) __bcc2core_btf_sk = sk;
	u32 *seen = bpf_map_lookup_elem(&socks, &sk);
	u32 state = (bcc2core_btf_args ? __bcc2core_btf_sk->__sk_common.skc_state : BPF_CORE_READ(sk, __sk_common.skc_state));

	if (!seen)
		bpf_map_update_elem(&socks, &sk, &state, BPF_ANY);
	else
		bpf_map_delete_elem(&socks, &sk);
	return state;
}

SEC("kprobe/tcp_rcv_state_process")
int BPF_KPROBE(kprobe__tcp_rcv_state_process, struct sock *sk)
{
	return kprobe__tcp_rcv_state_process__body(ctx, sk, false);
}

SEC("fentry/tcp_rcv_state_process") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__tcp_rcv_state_process__fentry, struct sock *sk)
{
	return kprobe__tcp_rcv_state_process__body(ctx, sk, true);
}

static __always_inline int kprobe__tcp_close__body(void *ctx, struct sock *sk, bool bcc2core_btf_args)
{ __typeof__(sk) __bcc2core_btf_sk = sk;
	u32 pid = bpf_get_current_pid_tgid();

	bpf_map_update_elem(&currsock, &pid, &sk, BPF_ANY);
	return (bcc2core_btf_args ? __bcc2core_btf_sk->__sk_common.skc_num : BPF_CORE_READ(sk, __sk_common.skc_num));
}

SEC("kprobe/tcp_close")
int BPF_KPROBE(kprobe__tcp_close, struct sock *sk)
{
	return kprobe__tcp_close__body(ctx, sk, false);
}

SEC("fentry/tcp_close") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__tcp_close__fentry, struct sock *sk)
{
	return kprobe__tcp_close__body(ctx, sk, true);
}

/* its address handed to a helper that writes through it: probe reads */
static __always_inline int kprobe__tcp_v4_connect__body(void *ctx, struct sock *sk)
{
	u32 pid = bpf_get_current_pid_tgid();
	struct sock **skpp = bpf_map_lookup_elem(&currsock, &pid);

	if (skpp)
		bpf_probe_read_kernel(&sk, sizeof(sk), skpp);
	return BPF_CORE_READ(sk, __sk_common.skc_family);
}

SEC("kprobe/tcp_v4_connect")
int BPF_KPROBE(kprobe__tcp_v4_connect, struct sock *sk)
{
	return kprobe__tcp_v4_connect__body(ctx, sk);
}

SEC("fentry/tcp_v4_connect") __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__tcp_v4_connect__fentry, struct sock *sk)
{
	return kprobe__tcp_v4_connect__body(ctx, sk);
}

/* a kretprobe's local set once to the return value, a pointer to the struct
 * the function returns: plain loads in its fexit form (BCC2CORE_FEXIT) */
SEC("kretprobe/inet_csk_accept") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int kretprobe__inet_csk_accept(struct pt_regs *ctx)
{
	struct sock *newsk = (struct sock *)PT_REGS_RC(ctx);

	if (newsk == NULL)
		return 0;
	return (BCC2CORE_FEXIT ? newsk->__sk_common.skc_num : BPF_CORE_READ(newsk, __sk_common.skc_num)) + (BCC2CORE_FEXIT ? newsk->__sk_common.skc_family : BPF_CORE_READ(newsk, __sk_common.skc_family));
}

#pragma push_macro("PT_REGS_RC")
#undef PT_REGS_RC
#define PT_REGS_RC(x) (((__u64 *)(x))[2])
#pragma push_macro("BCC2CORE_FEXIT")
#undef BCC2CORE_FEXIT
#define BCC2CORE_FEXIT 1
SEC("fexit/inet_csk_accept") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free"))) __attribute__((btf_decl_tag("bcc2core:ret_slot=2")))
int BPF_PROG(kretprobe__inet_csk_accept__fexit)
{
	struct sock *newsk = (struct sock *)PT_REGS_RC(ctx);

	if (newsk == NULL)
		return 0;
	return (BCC2CORE_FEXIT ? newsk->__sk_common.skc_num : BPF_CORE_READ(newsk, __sk_common.skc_num)) + (BCC2CORE_FEXIT ? newsk->__sk_common.skc_family : BPF_CORE_READ(newsk, __sk_common.skc_family));
}
#pragma pop_macro("PT_REGS_RC")
#pragma pop_macro("BCC2CORE_FEXIT")

/* assigned again: probe reads in both forms */
SEC("kretprobe/sk_clone_lock") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int kretprobe__sk_clone_lock(struct pt_regs *ctx)
{
	struct sock *sk = (struct sock *)PT_REGS_RC(ctx);
	u32 pid = bpf_get_current_pid_tgid();
	struct sock **old = bpf_map_lookup_elem(&currsock, &pid);

	if (old)
		sk = *old;
	return BPF_CORE_READ(sk, __sk_common.skc_num);
}

#pragma push_macro("PT_REGS_RC")
#undef PT_REGS_RC
#define PT_REGS_RC(x) (((__u64 *)(x))[2])
SEC("fexit/sk_clone_lock") __attribute__((btf_decl_tag("bcc2core:kprobe_free"))) __attribute__((btf_decl_tag("bcc2core:ret_slot=2")))
int BPF_PROG(kretprobe__sk_clone_lock__fexit)
{
	struct sock *sk = (struct sock *)PT_REGS_RC(ctx);
	u32 pid = bpf_get_current_pid_tgid();
	struct sock **old = bpf_map_lookup_elem(&currsock, &pid);

	if (old)
		sk = *old;
	return BPF_CORE_READ(sk, __sk_common.skc_num);
}
#pragma pop_macro("PT_REGS_RC")

/* not the return value alone: probe reads in both forms */
SEC("kretprobe/inet_csk_clone_lock") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int kretprobe__inet_csk_clone_lock(struct pt_regs *ctx)
{
	struct sock *sk = (struct sock *)(PT_REGS_RC(ctx) + 0);

	return BPF_CORE_READ(sk, __sk_common.skc_family);
}

#pragma push_macro("PT_REGS_RC")
#undef PT_REGS_RC
#define PT_REGS_RC(x) (((__u64 *)(x))[3])
SEC("fexit/inet_csk_clone_lock") __attribute__((btf_decl_tag("bcc2core:kprobe_free"))) __attribute__((btf_decl_tag("bcc2core:ret_slot=3")))
int BPF_PROG(kretprobe__inet_csk_clone_lock__fexit)
{
	struct sock *sk = (struct sock *)(PT_REGS_RC(ctx) + 0);

	return BPF_CORE_READ(sk, __sk_common.skc_family);
}
#pragma pop_macro("PT_REGS_RC")

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
