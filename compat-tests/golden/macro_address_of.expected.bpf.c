/* Converted from macro_address_of.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* A macro of the program's own that reads its argument with an explicit
 * probe read at the argument's address. The argument stays an lvalue (the
 * pointers on the way are read, the last step is an address), so &P still
 * compiles and the macro's read is the one that reads the field; outside
 * the macro the same fields are read as usual. */




#define KREAD(P) ({ typeof(P) __v = 0; bpf_probe_read_kernel(&__v, sizeof(__v), &P); __v; })

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} lens SEC(".maps");

static __always_inline int kprobe__tcp_v4_rcv__body(void *ctx, struct sk_buff *skb, bool bcc2core_btf_args)
{
	u32 ifindex = KREAD(BPF_CORE_READ(skb, dev)->ifindex);
	u64 len = KREAD(skb->len) + (bcc2core_btf_args ? skb->data_len : BPF_CORE_READ(skb, data_len));
	char c = KREAD(BPF_CORE_READ(skb, dev)->name[0]);

	len += KREAD(TCP_SKB_CB(skb)->seq) & 1;
	if (c)
		bpf_map_update_elem(&lens, &ifindex, &len, BPF_ANY);
	return 0;
}

SEC("kprobe/tcp_v4_rcv")
int BPF_KPROBE(kprobe__tcp_v4_rcv, struct sk_buff *skb)
{
	return kprobe__tcp_v4_rcv__body(ctx, skb, false);
}

SEC("fentry/tcp_v4_rcv") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__tcp_v4_rcv__fentry, struct sk_buff *skb)
{
	return kprobe__tcp_v4_rcv__body(ctx, skb, true);
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
