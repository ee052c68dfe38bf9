/* Functions without an auto-attach name: the type their context parameter
 * implies (loadable now, attached by whoever owns the hook), or an --attach
 * spec, as the BCC tool's Python said (see program_types.flags). */
#include <uapi/linux/ptrace.h>
#include <uapi/linux/bpf_perf_event.h>

BPF_HASH(counts, u64);

int on_packet(struct __sk_buff *skb)
{
	u64 len = skb->len;

	counts.increment(len);
	return -1;
}

int on_xdp(struct xdp_md *ctx)
{
	return XDP_PASS;
}

int on_sample(struct bpf_perf_event_data *ctx)
{
	u64 ip = PT_REGS_IP(&ctx->regs);

	counts.increment(ip);
	return 0;
}

int trace_exec(struct pt_regs *ctx)
{
	counts.increment(1);
	return 0;
}

int trace_sched(struct tracepoint__sched__sched_switch *args)
{
	u64 prev = args->prev_pid;

	counts.increment(prev);
	return 0;
}

int trace_open_ret(struct pt_regs *ctx)
{
	u64 ret = PT_REGS_RC(ctx);

	counts.increment(ret);
	return 0;
}

int trace_malloc(struct pt_regs *ctx, size_t size)
{
	counts.increment(size);
	return 0;
}
