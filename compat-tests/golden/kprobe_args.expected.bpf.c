/* Converted from kprobe_args.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"





struct key_t { u32 pid; char name[32]; };
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} start SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct key_t);
	__type(value, u64);
} sizes SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, struct sock *);
} socks SEC(".maps");

static __always_inline int kprobe__vfs_read__body(void *ctx, struct file *file, char __user *buf, size_t count, bool bcc2core_btf_args)
{
	u32 pid = bpf_get_current_pid_tgid();
	u64 ts = bpf_ktime_get_ns();
	struct key_t key = {};
	struct dentry *de = BPF_CORE_READ(file, f_path.dentry);

	key.pid = pid;
	bpf_probe_read_kernel_str(&key.name, sizeof(key.name), BPF_CORE_READ(de, d_name.name));
	if ((bcc2core_btf_args ? file->f_inode->i_ino : BPF_CORE_READ(file, f_inode, i_ino)) == 0 || bcc2core_read_kernel(BPF_CORE_READ(de, d_name.name)) == '.')
		return 0;
	bpf_map_update_elem(&start, &pid, &ts, BPF_ANY);
	bcc2core_map_increment(&sizes, key, count);
	return 0;
}

SEC("kprobe/vfs_read")
int BPF_KPROBE(kprobe__vfs_read, struct file *file, char __user *buf, size_t count)
{
	return kprobe__vfs_read__body(ctx, file, buf, count, false);
}

SEC("fentry/vfs_read") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__vfs_read__fentry, struct file *file, char __user *buf, size_t count)
{
	return kprobe__vfs_read__body(ctx, file, buf, count, true);
}

SEC("kretprobe/vfs_read") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int kretprobe__vfs_read(struct pt_regs *ctx)
{
	u32 pid = bpf_get_current_pid_tgid();
	u64 *tsp = bpf_map_lookup_elem(&start, &pid);
	int ret = PT_REGS_RC(ctx);
	if (tsp == 0)
		return 0;
	bpf_map_delete_elem(&start, &pid);
	return 0;
}

#pragma push_macro("PT_REGS_RC")
#undef PT_REGS_RC
#define PT_REGS_RC(x) (((__u64 *)(x))[4])
SEC("fexit/vfs_read") __attribute__((btf_decl_tag("bcc2core:kprobe_free"))) __attribute__((btf_decl_tag("bcc2core:ret_slot=4")))
int BPF_PROG(kretprobe__vfs_read__fexit)
{
	u32 pid = bpf_get_current_pid_tgid();
	u64 *tsp = bpf_map_lookup_elem(&start, &pid);
	int ret = PT_REGS_RC(ctx);
	if (tsp == 0)
		return 0;
	bpf_map_delete_elem(&start, &pid);
	return 0;
}
#pragma pop_macro("PT_REGS_RC")

static __always_inline int syscall__execve__body(void *ctx, const char __user *filename, const char __user *const __user *argv)
{
	char fn[64];
	bpf_probe_read_user_str(fn, sizeof(fn), filename);
	const char *a0 = NULL;
	bpf_probe_read_user(&a0, sizeof(a0), &argv[0]);
	bpf_printk("exec %s %d\n", fn, sizeof(a0));
	return 0;
}

SEC("ksyscall/execve")
int BPF_KSYSCALL(syscall__execve, const char __user *filename, const char __user *const __user *argv)
{
	return syscall__execve__body(ctx, filename, argv);
}

SEC("tracepoint/syscalls/sys_enter_execve")
int syscall__execve__tp(void *ctx)
{
	return syscall__execve__body(ctx,
		(const char *)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[0],
		(const char *const *)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[1]);
}

SEC("fentry/__x64_sys_execve") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(syscall__execve__fentry, const struct pt_regs *regs)
{
	return syscall__execve__body(ctx,
		(const char *)PT_REGS_PARM1_SYSCALL(regs),
		(const char *const *)PT_REGS_PARM2_SYSCALL(regs));
}

static __always_inline int kprobe__tcp_v4_connect__body(void *ctx, struct sock *sk)
{
	u32 pid = bpf_get_current_pid_tgid();
	bpf_map_update_elem(&socks, &pid, &sk, BPF_ANY);
	return 0;
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

static __always_inline int kretprobe__tcp_v4_connect__body(void *ctx)
{
	u32 pid = bpf_get_current_pid_tgid();
	struct sock **skpp = bpf_map_lookup_elem(&socks, &pid);
	if (skpp == 0)
		return 0;
	struct sock *skp = *skpp;
	u16 dport = BPF_CORE_READ(skp, __sk_common.skc_dport);
	u32 saddr = BPF_CORE_READ(skp, __sk_common.skc_rcv_saddr);
	struct inet_sock *inet = (struct inet_sock *)skp;
	bpf_printk("%d %x %d\n", dport, saddr, BPF_CORE_READ(inet, inet_sport));
	return 0;
}

SEC("kretprobe/tcp_v4_connect") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int kretprobe__tcp_v4_connect(struct pt_regs *ctx)
{
	return kretprobe__tcp_v4_connect__body(ctx);
}

SEC("fexit/tcp_v4_connect") __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kretprobe__tcp_v4_connect__fexit)
{
	return kretprobe__tcp_v4_connect__body(ctx);
}

static __always_inline int kprobe__sys_openat__body(void *ctx, int dfd, const char __user *filename)
{
	char buf[32];
	bpf_probe_read_user_str(buf, sizeof(buf), filename);
	return 0;
}

SEC("ksyscall/openat")
int BCC2CORE_KSYSCALL(kprobe__sys_openat, 0x2, int dfd, const char __user *filename)
{
	return kprobe__sys_openat__body(ctx, dfd, filename);
}

SEC("tracepoint/syscalls/sys_enter_openat")
int kprobe__sys_openat__tp(void *ctx)
{
	return kprobe__sys_openat__body(ctx,
		(int)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[0],
		(const char *)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[1]);
}

SEC("fentry/__x64_sys_openat") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__sys_openat__fentry, const struct pt_regs *regs)
{
	return kprobe__sys_openat__body(ctx,
		(int)PT_REGS_PARM1_SYSCALL(regs),
		(const char *)PT_REGS_PARM2_SYSCALL(regs));
}

static __always_inline int helper(struct task_struct *t, bool bcc2core_btf_args)
{
	return (bcc2core_btf_args ? t->pid : BPF_CORE_READ(t, pid)) + (bcc2core_btf_args ? t->mm->map_count : BPF_CORE_READ(t, mm, map_count));
}

static __always_inline int kprobe__wake_up_new_task__body(void *ctx, struct task_struct *p, bool bcc2core_btf_args)
{
	u32 s = bcc2core_task_state(p);
	char c = (bcc2core_btf_args ? p->comm[2] : BPF_CORE_READ(p, comm[2]));
	u32 x = helper(p, bcc2core_btf_args) + s + c;
	return x;
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

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
