/* <net/tcp.h>'s TCP_SKB_CB() and TCPHDR_* flags, which vmlinux.h lacks
 * (bcc2core_defs.h has them): the cast of the skb's control buffer stays,
 * the reads through it become CO-RE reads. */
#include <net/tcp.h>

BPF_HASH(syns, u32, u64);

int kprobe__tcp_v4_rcv(struct pt_regs *ctx, struct sk_buff *skb)
{
	u32 seq = TCP_SKB_CB(skb)->seq;
	u16 gso = 0;

	bpf_probe_read_kernel(&gso, sizeof(gso), &(TCP_SKB_CB(skb)->tcp_gso_size));
	if (TCP_SKB_CB(skb)->tcp_flags & (TCPHDR_SYN | TCPHDR_ACK))
		syns.increment(seq + gso);
	return 0;
}
