/* Map methods of networking programs: XDP redirects, sockmap/sockhash
 * updates from sockops, sk_msg redirects, cgroup local storage, and a packet
 * sample through perf_submit_skb. Types come from the context parameter. */
#include <uapi/linux/bpf.h>

struct sample_t {
	u32 len;
	u32 ifindex;
};

BPF_DEVMAP(devs, 4);
BPF_CPUMAP(cpus, 4);
BPF_XSKMAP(xsks, 4);
BPF_SOCKMAP(sockm, 16);
BPF_SOCKHASH(sockh, u32, 16);
BPF_CGROUP_STORAGE(cg_bytes, u64);
BPF_PERF_OUTPUT(samples);

int xdp_redirect(struct xdp_md *ctx)
{
	u32 q = ctx->rx_queue_index;

	if (q == 1)
		return cpus.redirect_map(0, 0);
	if (q == 2)
		return xsks.redirect_map(q, XDP_PASS);
	return devs.redirect_map(0, 0);
}

int sock_ops(struct bpf_sock_ops *skops)
{
	u32 key = skops->local_port;
	u32 idx = 0;

	if (skops->op == BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB) {
		sockm.sock_map_update(skops, &idx, BPF_ANY);
		sockh.sock_hash_update(skops, &key, BPF_ANY);
	}
	return 0;
}

int msg_redirect(struct sk_msg_md *msg)
{
	u32 key = msg->local_port;

	return sockh.msg_redirect_hash(msg, &key, BPF_F_INGRESS);
}

int count_egress(struct __sk_buff *skb)
{
	u64 *bytes = cg_bytes.get_local_storage(0);
	struct sample_t s = { .len = skb->len, .ifindex = skb->ifindex };

	if (bytes)
		__sync_fetch_and_add(bytes, skb->len);
	samples.perf_submit_skb(skb, skb->len, &s, sizeof(s));
	return 1;
}
