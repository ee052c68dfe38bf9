// a raw tracepoint (with its tp_btf form)
#include <linux/sched.h>

BPF_HISTOGRAM(nr);

RAW_TRACEPOINT_PROBE(sys_enter)
{
	long id = ctx->args[1];

	nr.increment(bpf_log2l(id));
	return 0;
}
