/* Packet programs loaded without --attach: a struct __sk_buff * context
 * is a socket filter unless the body needs a tc classifier, i.e. it calls a
 * helper socket filters may not (checksum updates, clone_redirect, ...),
 * directly or in a static helper, or writes a <bcc/proto.h> header field. */
#include <bcc/proto.h>
#include <uapi/linux/pkt_cls.h>

static inline int mirror(struct __sk_buff *skb)
{
	return bpf_clone_redirect(skb, 1, 0);
}

/* only reads the packet: stays a socket filter */
int count_ip(struct __sk_buff *skb)
{
	u8 *cursor = 0;
	struct ethernet_t *ethernet = cursor_advance(cursor, sizeof(*ethernet));

	return ethernet->type == ETH_P_IP ? -1 : 0;
}

/* a header write */
int clear_tos(struct __sk_buff *skb)
{
	u8 *cursor = 0;
	struct ethernet_t *ethernet = cursor_advance(cursor, sizeof(*ethernet));

	if (ethernet->type != ETH_P_IP)
		return TC_ACT_OK;
	struct ip_t *ip = cursor_advance(cursor, sizeof(*ip));
	u8 old = ip->tos;

	incr_cksum_l3(&ip->hchecksum, old, 0);
	ip->tos = 0;
	return TC_ACT_OK;
}

/* BCC's checksum form, host-order values */
int fix_ttl(struct __sk_buff *skb)
{
	u16 from = 64, to = 63;

	bpf_l3_csum_replace_(skb, 24, from, to, sizeof(to));
	return TC_ACT_OK;
}

/* a tc-only helper in a static helper */
int tee(struct __sk_buff *skb)
{
	mirror(skb);
	return TC_ACT_OK;
}
