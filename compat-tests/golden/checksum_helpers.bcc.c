/* BCC's checksum helpers (helpers.h): incr_cksum_l3/l4 update the checksum
 * of the packet the calling function takes first, bpf_l4_csum_replace_
 * takes host-order values and their size; NAT of a UDP destination in a tc
 * classifier (see checksum_helpers.flags). */
#include <bcc/proto.h>
#include <uapi/linux/pkt_cls.h>

static inline void nat_port(struct __sk_buff *skb, struct udp_t *udp, u16 to)
{
	u16 from = udp->dport;

	bpf_l4_csum_replace_(skb, (u64)&udp->crc, from, to, sizeof(to));
	udp->dport = to;
}

int nat_udp(struct __sk_buff *skb)
{
	u8 *cursor = 0;
	struct ethernet_t *ethernet = cursor_advance(cursor, sizeof(*ethernet));

	if (ethernet->type != ETH_P_IP)
		return TC_ACT_OK;
	struct ip_t *ip = cursor_advance(cursor, sizeof(*ip));
	if (ip->nextp != IPPROTO_UDP)
		return TC_ACT_OK;
	struct udp_t *udp = cursor_advance(cursor, sizeof(*udp));
	u32 old = ip->dst, new = 0x0a000001;

	incr_cksum_l4(&udp->crc, old, new, 1);
	incr_cksum_l3(&ip->hchecksum, old, new);
	ip->dst = new;
	nat_port(skb, udp, 5353);
	return TC_ACT_OK;
}
