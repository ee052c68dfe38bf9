/* Converted from ksyscall_untraced.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* A syscall program for a syscall with no tracepoint where it is built
 * (x86_64 has no sys_enter_stat: its table's stat is newstat) still gets
 * its tracepoint form: the tool may attach it to another syscall next
 * (statsnoop: statfs, newstat), which the runtime does with no rebuild. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} counts SEC(".maps");

static __always_inline int syscall__stat__body(void *ctx, const char __user *filename) {
    u32 k = 1;
    bcc2core_map_increment(&counts, k, 1);
    return 0;
}

SEC("ksyscall/stat")
int BCC2CORE_KSYSCALL(syscall__stat, 0, const char __user *filename)
{
	return syscall__stat__body(ctx, filename);
}

SEC("tracepoint/syscalls/sys_enter_stat")
int syscall__stat__tp(void *ctx)
{
	return syscall__stat__body(ctx,
		(const char *)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[0]);
}

SEC("fentry/__x64_sys_stat") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(syscall__stat__fentry, const struct pt_regs *regs)
{
	return syscall__stat__body(ctx,
		(const char *)PT_REGS_PARM1_SYSCALL(regs));
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
