/* Converted from packet_headers.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* proto.h packet headers, read (a socket filter keeping HTTP requests, as
 * BCC's http_filter example) and written (a tc program rewriting IP fields). */
#include "bcc2core_proto.h"

#define IP_TCP 6

SEC("socket")
int http_filter(struct __sk_buff *skb)
{
	u8 *cursor = 0;
	struct ethernet_t *ethernet = cursor_advance(cursor, sizeof(*ethernet));

	if (bcc2core_dext_pkt(skb, (u64)ethernet + 12, 0, 16) != 0x0800)
		return 0;
	struct ip_t *ip = cursor_advance(cursor, sizeof(*ip));
	if (bcc2core_dext_pkt(skb, (u64)ip + 0, 0, 4) != 4 || bcc2core_dext_pkt(skb, (u64)ip + 9, 0, 8) != IP_TCP)
		return 0;
	u32 ip_len = bcc2core_dext_pkt(skb, (u64)ip + 0, 4, 4) << 2;
	cursor_advance(cursor, ip_len - sizeof(*ip));
	struct tcp_t *tcp = cursor_advance(cursor, sizeof(*tcp));
	u32 off = sizeof(*ethernet) + ip_len + (bcc2core_dext_pkt(skb, (u64)tcp + 12, 0, 4) << 2);

	if (bcc2core_dext_pkt(skb, (u64)ip + 2, 0, 16) - ip_len - (bcc2core_dext_pkt(skb, (u64)tcp + 12, 0, 4) << 2) < 4)
		return 0;
	if (load_byte(skb, off) == 'G' && load_byte(skb, off + 1) == 'E' &&
	    load_byte(skb, off + 2) == 'T')
		return -1;
	return 0;
}

SEC("tc")
int set_ttl(struct __sk_buff *skb)
{
	u8 *cursor = 0;
	struct ethernet_t *ethernet = cursor_advance(cursor, sizeof(*ethernet));
	struct ip_t *ip = cursor_advance(cursor, sizeof(*ip));

	if (bcc2core_dext_pkt(skb, (u64)ethernet + 12, 0, 16) != 0x0800)
		return 1;
	bcc2core_dins_pkt(skb, (u64)ip + 8, 0, 8, 7);
	bcc2core_dins_pkt(skb, (u64)ip + 1, 0, 8, bcc2core_dext_pkt(skb, (u64)ip + 8, 0, 8) + 1);
	bcc2core_dins_pkt(skb, (u64)ip + 6, 1, 1, 0);
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
