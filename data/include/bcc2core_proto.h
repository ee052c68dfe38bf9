/* Packet headers as BCC's <bcc/proto.h> names them: fields in wire order,
 * bit offsets counted from the most significant bit, as the bytes arrive.
 * The rewriter turns each field access into bcc2core_dext_pkt() /
 * bcc2core_dins_pkt() (bcc2core.bpf.h) at the field's offset: pointers to
 * these structs are offsets into the packet (cursor_advance from 0), not
 * addresses. */
#ifndef BCC2CORE_PROTO_H
#define BCC2CORE_PROTO_H

#define BCC2CORE_PACKET_HEADER __attribute__((packed, annotate("bcc2core_packet")))

#define cursor_advance(_cursor, _len) ({ void *_tmp = _cursor; _cursor += _len; _tmp; })

struct ethernet_t {
	unsigned long long dst:48;
	unsigned long long src:48;
	unsigned int type:16;
} BCC2CORE_PACKET_HEADER;

struct dot1q_t {
	unsigned short pri:3;
	unsigned short cfi:1;
	unsigned short vlanid:12;
	unsigned short type;
} BCC2CORE_PACKET_HEADER;

struct arp_t {
	unsigned short htype;
	unsigned short ptype;
	unsigned char hlen;
	unsigned char plen;
	unsigned short oper;
	unsigned long long sha:48;
	unsigned long long spa:32;
	unsigned long long tha:48;
	unsigned int tpa;
} BCC2CORE_PACKET_HEADER;

struct ip_t {
	unsigned char ver:4;
	unsigned char hlen:4;
	unsigned char tos;
	unsigned short tlen;
	unsigned short identification;
	unsigned short ffo_unused:1;
	unsigned short df:1;
	unsigned short mf:1;
	unsigned short foffset:13;
	unsigned char ttl;
	unsigned char nextp;
	unsigned short hchecksum;
	unsigned int src;
	unsigned int dst;
} BCC2CORE_PACKET_HEADER;

struct icmp_t {
	unsigned char type;
	unsigned char code;
	unsigned short checksum;
} BCC2CORE_PACKET_HEADER;

struct ip6_t {
	unsigned int ver:4;
	unsigned int priority:8;
	unsigned int flow_label:20;
	unsigned short payload_len;
	unsigned char next_header;
	unsigned char hop_limit;
	unsigned long long src_hi;
	unsigned long long src_lo;
	unsigned long long dst_hi;
	unsigned long long dst_lo;
} BCC2CORE_PACKET_HEADER;

struct ip6_opt_t {
	unsigned char next_header;
	unsigned char ext_len;
	unsigned char pad[6];
} BCC2CORE_PACKET_HEADER;

struct icmp6_t {
	unsigned char type;
	unsigned char code;
	unsigned short checksum;
} BCC2CORE_PACKET_HEADER;

struct udp_t {
	unsigned short sport;
	unsigned short dport;
	unsigned short length;
	unsigned short crc;
} BCC2CORE_PACKET_HEADER;

struct tcp_t {
	unsigned short src_port;
	unsigned short dst_port;
	unsigned int seq_num;
	unsigned int ack_num;
	unsigned char offset:4;
	unsigned char reserved:4;
	unsigned char flag_cwr:1;
	unsigned char flag_ece:1;
	unsigned char flag_urg:1;
	unsigned char flag_ack:1;
	unsigned char flag_psh:1;
	unsigned char flag_rst:1;
	unsigned char flag_syn:1;
	unsigned char flag_fin:1;
	unsigned short rcv_wnd;
	unsigned short cksum;
	unsigned short urg_ptr;
} BCC2CORE_PACKET_HEADER;

struct vxlan_t {
	unsigned int rsv1:4;
	unsigned int key_present:1;
	unsigned int rsv2:3;
	unsigned int rsv3:24;
	unsigned int key:24;
	unsigned int rsv4:8;
} BCC2CORE_PACKET_HEADER;

struct vxlan_gbp_t {
	unsigned int gflag:1;
	unsigned int rsv1:3;
	unsigned int iflag:1;
	unsigned int rsv2:3;
	unsigned int rsv3:1;
	unsigned int dflag:1;
	unsigned int rsv4:1;
	unsigned int aflag:1;
	unsigned int rsv5:3;
	unsigned int tag:16;
	unsigned int key:24;
	unsigned int rsv6:8;
} BCC2CORE_PACKET_HEADER;

#endif
