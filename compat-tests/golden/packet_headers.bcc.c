/* proto.h packet headers, read (a socket filter keeping HTTP requests, as
 * BCC's http_filter example) and written (a tc program rewriting IP fields). */
#include <bcc/proto.h>

#define IP_TCP 6

int http_filter(struct __sk_buff *skb)
{
	u8 *cursor = 0;
	struct ethernet_t *ethernet = cursor_advance(cursor, sizeof(*ethernet));

	if (ethernet->type != 0x0800)
		return 0;
	struct ip_t *ip = cursor_advance(cursor, sizeof(*ip));
	if (ip->ver != 4 || ip->nextp != IP_TCP)
		return 0;
	u32 ip_len = ip->hlen << 2;
	cursor_advance(cursor, ip_len - sizeof(*ip));
	struct tcp_t *tcp = cursor_advance(cursor, sizeof(*tcp));
	u32 off = sizeof(*ethernet) + ip_len + (tcp->offset << 2);

	if (ip->tlen - ip_len - (tcp->offset << 2) < 4)
		return 0;
	if (load_byte(skb, off) == 'G' && load_byte(skb, off + 1) == 'E' &&
	    load_byte(skb, off + 2) == 'T')
		return -1;
	return 0;
}

int set_ttl(struct __sk_buff *skb)
{
	u8 *cursor = 0;
	struct ethernet_t *ethernet = cursor_advance(cursor, sizeof(*ethernet));
	struct ip_t *ip = cursor_advance(cursor, sizeof(*ip));

	if (ethernet->type != 0x0800)
		return 1;
	ip->ttl = 7;
	ip->tos = ip->ttl + 1;
	ip->df = 0;
	return 0;
}
