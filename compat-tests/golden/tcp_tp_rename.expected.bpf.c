/* Converted from tcp_tp_rename.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* tcp:tcp_retransmit_skb's record: struct trace_event_raw_tcp_event_sk_skb on some kernels, trace_event_raw_tcp_retransmit_skb on
 * others; reads take whichever the kernel has */
struct trace_event_raw_tcp_event_sk_skb___bcc2core_tcp_retransmit_skb {
	typeof(((struct trace_event_raw_tcp_retransmit_skb *)0)->skbaddr) skbaddr;
	typeof(((struct trace_event_raw_tcp_retransmit_skb *)0)->skaddr) skaddr;
	typeof(((struct trace_event_raw_tcp_retransmit_skb *)0)->state) state;
	typeof(((struct trace_event_raw_tcp_retransmit_skb *)0)->sport) sport;
	typeof(((struct trace_event_raw_tcp_retransmit_skb *)0)->dport) dport;
	typeof(((struct trace_event_raw_tcp_retransmit_skb *)0)->family) family;
	typeof(((struct trace_event_raw_tcp_retransmit_skb *)0)->saddr) saddr;
	typeof(((struct trace_event_raw_tcp_retransmit_skb *)0)->daddr) daddr;
	typeof(((struct trace_event_raw_tcp_retransmit_skb *)0)->saddr_v6) saddr_v6;
	typeof(((struct trace_event_raw_tcp_retransmit_skb *)0)->daddr_v6) daddr_v6;
	typeof(((struct trace_event_raw_tcp_retransmit_skb *)0)->err) err;
} __attribute__((preserve_access_index));

// tcp:tcp_retransmit_skb's record is trace_event_raw_tcp_retransmit_skb on
// 6.13+ and the shared trace_event_raw_tcp_event_sk_skb before (6.1, 6.12):
// args->x reads whichever the running kernel has.
struct key_t {
	u16 sport;
	u16 dport;
	u32 daddr;
};
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct key_t);
	__type(value, u64);
} retrans SEC(".maps");

SEC("tracepoint/tcp/tcp_retransmit_skb")
int tracepoint__tcp__tcp_retransmit_skb(struct trace_event_raw_tcp_retransmit_skb *args)
{
	struct key_t key = {};

	if (bcc2core_tp_read(args, trace_event_raw_tcp_event_sk_skb___bcc2core_tcp_retransmit_skb, family) != 2)
		return 0;
	key.sport = bcc2core_tp_read(args, trace_event_raw_tcp_event_sk_skb___bcc2core_tcp_retransmit_skb, sport);
	key.dport = bcc2core_tp_read(args, trace_event_raw_tcp_event_sk_skb___bcc2core_tcp_retransmit_skb, dport);
	bpf_probe_read_kernel(&key.daddr, sizeof(key.daddr), bcc2core_tp_field(args, trace_event_raw_tcp_event_sk_skb___bcc2core_tcp_retransmit_skb, daddr));
	bcc2core_map_increment(&retrans, key, 1);
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
