// tcp:tcp_retransmit_skb's record is trace_event_raw_tcp_retransmit_skb on
// 6.13+ and the shared trace_event_raw_tcp_event_sk_skb before (6.1, 6.12):
// args->x reads whichever the running kernel has.
struct key_t {
	u16 sport;
	u16 dport;
	u32 daddr;
};
BPF_HASH(retrans, struct key_t, u64);

TRACEPOINT_PROBE(tcp, tcp_retransmit_skb)
{
	struct key_t key = {};

	if (args->family != 2)
		return 0;
	key.sport = args->sport;
	key.dport = args->dport;
	bpf_probe_read_kernel(&key.daddr, sizeof(key.daddr), args->daddr);
	retrans.increment(key);
	return 0;
}
