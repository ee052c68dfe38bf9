/* Converted from tc_from_helpers.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Packet programs loaded without --attach: a struct __sk_buff * context
 * is a socket filter unless the body needs a tc classifier, i.e. it calls a
 * helper socket filters may not (checksum updates, clone_redirect, ...),
 * directly or in a static helper, or writes a <bcc/proto.h> header field. */
#include "bcc2core_proto.h"


static inline int mirror(struct __sk_buff *skb)
{
	return bpf_clone_redirect(skb, 1, 0);
}

/* only reads the packet: stays a socket filter */
SEC("socket")
int count_ip(struct __sk_buff *skb)
{
	u8 *cursor = 0;
	struct ethernet_t *ethernet = cursor_advance(cursor, sizeof(*ethernet));

	return bcc2core_dext_pkt(skb, (u64)ethernet + 12, 0, 16) == ETH_P_IP ? -1 : 0;
}

/* a header write */
SEC("tc")
int clear_tos(struct __sk_buff *skb)
{
	u8 *cursor = 0;
	struct ethernet_t *ethernet = cursor_advance(cursor, sizeof(*ethernet));

	if (bcc2core_dext_pkt(skb, (u64)ethernet + 12, 0, 16) != ETH_P_IP)
		return TC_ACT_OK;
	struct ip_t *ip = cursor_advance(cursor, sizeof(*ip));
	u8 old = bcc2core_dext_pkt(skb, (u64)ip + 1, 0, 8);

	bcc2core_incr_cksum_l3(skb, &ip->hchecksum, old, 0);
	bcc2core_dins_pkt(skb, (u64)ip + 1, 0, 8, 0);
	return TC_ACT_OK;
}

/* BCC's checksum form, host-order values */
SEC("tc")
int fix_ttl(struct __sk_buff *skb)
{
	u16 from = 64, to = 63;

	bpf_l3_csum_replace_(skb, 24, from, to, sizeof(to));
	return TC_ACT_OK;
}

/* a tc-only helper in a static helper */
SEC("tc")
int tee(struct __sk_buff *skb)
{
	mirror(skb);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
