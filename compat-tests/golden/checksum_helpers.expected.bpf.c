/* Converted from checksum_helpers.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* BCC's checksum helpers (helpers.h): incr_cksum_l3/l4 update the checksum
 * of the packet the calling function takes first, bpf_l4_csum_replace_
 * takes host-order values and their size; NAT of a UDP destination in a tc
 * classifier (see checksum_helpers.flags). */
#include "bcc2core_proto.h"


static inline void nat_port(struct __sk_buff *skb, struct udp_t *udp, u16 to)
{
	u16 from = bcc2core_dext_pkt(skb, (u64)udp + 2, 0, 16);

	bpf_l4_csum_replace_(skb, (u64)&udp->crc, from, to, sizeof(to));
	bcc2core_dins_pkt(skb, (u64)udp + 2, 0, 16, to);
}

SEC("tc")
int nat_udp(struct __sk_buff *skb)
{
	u8 *cursor = 0;
	struct ethernet_t *ethernet = cursor_advance(cursor, sizeof(*ethernet));

	if (bcc2core_dext_pkt(skb, (u64)ethernet + 12, 0, 16) != ETH_P_IP)
		return TC_ACT_OK;
	struct ip_t *ip = cursor_advance(cursor, sizeof(*ip));
	if (bcc2core_dext_pkt(skb, (u64)ip + 9, 0, 8) != IPPROTO_UDP)
		return TC_ACT_OK;
	struct udp_t *udp = cursor_advance(cursor, sizeof(*udp));
	u32 old = bcc2core_dext_pkt(skb, (u64)ip + 16, 0, 32), new = 0x0a000001;

	bcc2core_incr_cksum_l4(skb, &udp->crc, old, new, 1);
	bcc2core_incr_cksum_l3(skb, &ip->hchecksum, old, new);
	bcc2core_dins_pkt(skb, (u64)ip + 16, 0, 32, new);
	nat_port(skb, udp, 5353);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
