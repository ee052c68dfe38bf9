/* Converted from tcp_skb_cb.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* <net/tcp.h>'s TCP_SKB_CB() and TCPHDR_* flags, which vmlinux.h lacks
 * (bcc2core_defs.h has them): the cast of the skb's control buffer stays,
 * the reads through it become CO-RE reads. */


struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} syns SEC(".maps");

static __always_inline int kprobe__tcp_v4_rcv__body(void *ctx, struct sk_buff *skb)
{
	u32 seq = BPF_CORE_READ(TCP_SKB_CB(skb), seq);
	u16 gso = 0;

	bpf_probe_read_kernel(&gso, sizeof(gso), &(TCP_SKB_CB(skb)->tcp_gso_size));
	if (BPF_CORE_READ(TCP_SKB_CB(skb), tcp_flags) & (TCPHDR_SYN | TCPHDR_ACK))
		bcc2core_map_increment(&syns, seq + gso, 1);
	return 0;
}

SEC("kprobe/tcp_v4_rcv")
int BPF_KPROBE(kprobe__tcp_v4_rcv, struct sk_buff *skb)
{
	return kprobe__tcp_v4_rcv__body(ctx, skb);
}

SEC("fentry/tcp_v4_rcv") __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__tcp_v4_rcv__fentry, struct sk_buff *skb)
{
	return kprobe__tcp_v4_rcv__body(ctx, skb);
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
