/* Converted from own_kernel_named_type.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* field names of the program's own types, not bcc2core_defs.h's kernel spellings */
#undef sk_daddr

/* A struct of the program's own under a kernel type's name, with fields
 * the kernel's lacks and one spelled like a compat macro (sk_daddr). BCC
 * compiles it as the program wrote it; here it gets a name of its own at
 * every use, the macro is undefined for it, and its reads are plain probe
 * reads (nothing to relocate). Kernel types next to it read as usual. */



struct sock__local {
	u32 *sk_daddr;
	u64 cookie;
};

struct pair_t {
	struct sock__local *s;
	u32 pid;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, struct pair_t);
} seen SEC(".maps");

static __always_inline u32 first_addr(struct sock__local *s)
{
	return bcc2core_read_kernel((bcc2core_read_kernel(&(s)->sk_daddr)));
}

static __always_inline int kprobe__tcp_v4_connect__body(void *ctx, struct sock__local *sk)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	struct pair_t p = {};
	u32 key = first_addr(sk);

	p.s = sk;
	p.pid = (bcc2core_task_btf_ok() ? bpf_get_current_task_btf()->tgid : BPF_CORE_READ(t, tgid));
	if (bcc2core_read_kernel(&(sk)->cookie))
		bpf_map_update_elem(&seen, &key, &p, BPF_ANY);
	return 0;
}

SEC("kprobe/tcp_v4_connect")
int BPF_KPROBE(kprobe__tcp_v4_connect, struct sock__local *sk)
{
	return kprobe__tcp_v4_connect__body(ctx, sk);
}

SEC("fentry/tcp_v4_connect") __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__tcp_v4_connect__fentry, struct sock__local *sk)
{
	return kprobe__tcp_v4_connect__body(ctx, sk);
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
