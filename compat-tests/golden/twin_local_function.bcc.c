/* A kretprobe gets its fexit twin (the return value from fexit's slot after
 * the arguments) only when its own body is all that reads ctx as pt_regs:
 * handed to a function of this file, as bindsnoop and tcpconnect do, ctx
 * would be read at pt_regs offsets inside it, where the twin's PT_REGS_*
 * do not reach; a function that only hands ctx on (to perf_submit, as
 * execsnoop's submit_arg()) is fine. Such a program keeps its kprobe form
 * only, as does a
 * kprobe that declares more arguments than the kernel function has
 * (filegone's vfs_rename of older kernels: fentry would be refused). */
#include <uapi/linux/ptrace.h>

BPF_HASH(rets, u32, int);
BPF_PERF_OUTPUT(events);

static int submit(struct pt_regs *ctx, int v)
{
	events.perf_submit(ctx, &v, sizeof(v));
	return 0;
}

static int record_return(struct pt_regs *ctx, u32 key)
{
	int ret = PT_REGS_RC(ctx);

	rets.update(&key, &ret);
	return 0;
}

int ret_through_helper(struct pt_regs *ctx)
{
	return record_return(ctx, 1);
}

int ret_in_body(struct pt_regs *ctx)
{
	u32 key = 2;
	int ret = PT_REGS_RC(ctx);

	rets.update(&key, &ret);
	return 0;
}

int kp_more_args(struct pt_regs *ctx, void *a, void *b, void *c)
{
	u32 key = 3;
	int v = a != 0;

	rets.update(&key, &v);
	return 0;
}

int kp_args(struct pt_regs *ctx, void *a)
{
	u32 key = 4;
	int v = a != 0;

	rets.update(&key, &v);
	return 0;
}

int kp_hands_on(struct pt_regs *ctx, void *a)
{
	return submit(ctx, a != 0);
}
