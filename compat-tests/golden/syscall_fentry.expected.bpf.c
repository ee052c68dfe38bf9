/* Converted from syscall_fentry.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* A syscall program gets a fentry form on the syscall's function
 * (__x64_sys_openat(const struct pt_regs *regs)) next to its tracepoint
 * form: each argument one plain load of the BTF-typed registers, where the
 * kprobe form probe-reads them. None where the body needs its kprobe (a
 * stack walk here; bpf_override_return too, which this kernel lacks), nor
 * for a program the tool attaches to more syscalls than its own
 * (on_either: openat and openat2). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} opens SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 64);
	__uint(key_size, sizeof(u32));
	__uint(value_size, 127 * sizeof(u64));
} stacks SEC(".maps");

static __always_inline int on_openat__body(void *ctx, int dfd, const char __user *filename, int flags)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;

	if (flags & 1)
		bcc2core_map_increment(&opens, pid, 1);
	return 0;
}

SEC("ksyscall/openat")
int BCC2CORE_KSYSCALL(on_openat, 0x4, int dfd, const char __user *filename, int flags)
{
	return on_openat__body(ctx, dfd, filename, flags);
}

SEC("tracepoint/syscalls/sys_enter_openat")
int on_openat__tp(void *ctx)
{
	return on_openat__body(ctx,
		(int)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[0],
		(const char *)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[1],
		(int)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[2]);
}

SEC("fentry/__x64_sys_openat") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(on_openat__fentry, const struct pt_regs *regs)
{
	return on_openat__body(ctx,
		(int)PT_REGS_PARM1_SYSCALL(regs),
		(const char *)PT_REGS_PARM2_SYSCALL(regs),
		(int)PT_REGS_PARM3_SYSCALL(regs));
}

static __always_inline int on_either__body(void *ctx, int dfd)
{
	bcc2core_map_increment(&opens, dfd, 1);
	return 0;
}

SEC("ksyscall/openat") __attribute__((btf_decl_tag("bcc2core:also=ksyscall/openat2")))
int BPF_KSYSCALL(on_either, int dfd)
{
	return on_either__body(ctx, dfd);
}

SEC("tracepoint/syscalls/sys_enter_openat")
int on_either__tp(void *ctx)
{
	return on_either__body(ctx,
		(int)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[0]);
}

static __always_inline int with_stack__body(void *ctx, int dfd)
{
	u32 id = bpf_get_stackid(ctx, &stacks, 0);

	bcc2core_map_increment(&opens, id, 1);
	return 0;
}

SEC("ksyscall/execve")
int BCC2CORE_KSYSCALL(with_stack, 0, int dfd)
{
	return with_stack__body(ctx, dfd);
}

SEC("tracepoint/syscalls/sys_enter_execve")
int with_stack__tp(void *ctx)
{
	return with_stack__body(ctx,
		(int)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[0]);
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
