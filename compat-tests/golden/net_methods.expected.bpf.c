/* Converted from net_methods.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Map methods of networking programs: XDP redirects, sockmap/sockhash
 * updates from sockops, sk_msg redirects, cgroup local storage, and a packet
 * sample through perf_submit_skb. Types come from the context parameter. */


struct sample_t {
	u32 len;
	u32 ifindex;
};

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} devs SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(u32));
} cpus SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(int));
} xsks SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 16);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} sockm SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__uint(max_entries, 16);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(int));
} sockh SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, u64);
} cg_bytes SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} samples SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output")));

SEC("xdp")
int xdp_redirect(struct xdp_md *ctx)
{
	u32 q = ctx->rx_queue_index;

	if (q == 1)
		return bpf_redirect_map(&cpus, 0, 0);
	if (q == 2)
		return bpf_redirect_map(&xsks, q, XDP_PASS);
	return bpf_redirect_map(&devs, 0, 0);
}

SEC("sockops")
int sock_ops(struct bpf_sock_ops *skops)
{
	u32 key = skops->local_port;
	u32 idx = 0;

	if (skops->op == BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB) {
		bpf_sock_map_update(skops, &sockm, &idx, BPF_ANY);
		bpf_sock_hash_update(skops, &sockh, &key, BPF_ANY);
	}
	return 0;
}

SEC("sk_msg")
int msg_redirect(struct sk_msg_md *msg)
{
	u32 key = msg->local_port;

	return bpf_msg_redirect_hash(msg, &sockh, &key, BPF_F_INGRESS);
}

SEC("cgroup_skb/egress")
int count_egress(struct __sk_buff *skb)
{
	u64 *bytes = bpf_get_local_storage(&cg_bytes, 0);
	struct sample_t s = { .len = skb->len, .ifindex = skb->ifindex };

	if (bytes)
		__sync_fetch_and_add(bytes, skb->len);
	bpf_perf_event_output(skb, &samples, ((__u64)(skb->len) << 32) | BPF_F_CURRENT_CPU, &s, sizeof(s));
	return 1;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
