/* <uapi/linux/pkt_cls.h>'s TC_ACT_* verdicts, which vmlinux.h lacks
 * (bcc2core_defs.h has them), in a tc classifier reading the packet
 * directly (see tc_actions.flags). */
#include <uapi/linux/pkt_cls.h>
#include <linux/if_ether.h>

int drop_runts(struct __sk_buff *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eh = data;

	if (data + sizeof(*eh) > data_end)
		return TC_ACT_SHOT;
	if (eh->h_proto == bpf_htons(ETH_P_ARP))
		return TC_ACT_UNSPEC;
	return TC_ACT_EXT_CMP(ctx->tc_classid, TC_ACT_JUMP) ? TC_ACT_PIPE : TC_ACT_OK;
}
