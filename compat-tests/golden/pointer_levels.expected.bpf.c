/* Converted from pointer_levels.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Kernel pointers reached through pointers to them: a stack slot written
 * through a pointer, two levels of them, a static helper that takes and
 * returns a pointer to one, and a pointer read from kernel memory
 * (kernel_execve's argv, an array of kernel strings). Each kernel read becomes a CO-RE or probe read. */



static __always_inline struct sock **pick(struct sock **a, struct sock **b)
{
	return *a ? a : b;
}

static __always_inline u32 daddr_of(struct sock ***sppp)
{
	return BPF_CORE_READ(((struct sock *)(**sppp)), __sk_common.skc_daddr);
}

static __always_inline int kprobe__tcp_v4_connect__body(void *ctx, struct sock *sk)
{
	struct sock *slot;
	struct sock **sp = &slot;
	struct sock ***spp = &sp;
	struct sock **chosen;
	u32 sum;

	*sp = sk;
	*spp = sp;
	sum = BPF_CORE_READ(((struct sock *)(*sp)), __sk_common.skc_daddr);
	sum += BPF_CORE_READ((**spp), __sk_common.skc_rcv_saddr);
	chosen = pick(&sk, sp);
	sum += BPF_CORE_READ((*chosen), __sk_common.skc_dport);
	return sum + daddr_of(spp);
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

static __always_inline int kprobe__kernel_execve__body(void *ctx, const char *filename, char **argv)
{
	char first = bcc2core_read_kernel((bcc2core_read_kernel(argv)) + 1);

	return first == '-';
}

SEC("kprobe/kernel_execve")
int BPF_KPROBE(kprobe__kernel_execve, const char *filename, char **argv)
{
	return kprobe__kernel_execve__body(ctx, filename, argv);
}

SEC("fentry/kernel_execve") __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__kernel_execve__fentry, const char *filename, char **argv)
{
	return kprobe__kernel_execve__body(ctx, filename, argv);
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
