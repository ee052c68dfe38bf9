/* A kretprobe gets its fexit twin (the return value from fexit's slot after
 * the arguments), a kprobe its fentry twin, when ctx is read as pt_regs
 * only through PT_REGS_* the twin can redefine, in the body or in a
 * function of this file the body hands ctx to (as bindsnoop and tcpconnect
 * do): the twin calls its own copy of that function, which reads the
 * twin's context. A function that only hands ctx on (to perf_submit, as
 * execsnoop's submit_arg()) is shared as it is. No twin where the copy
 * could not be made: ctx handed on again to a function that reads it as
 * pt_regs, a PT_REGS_* with no equivalent in the twin (an argument at
 * return, one the kernel function does not have), a PT_REGS_* on
 * something else than ctx (a copy of a syscall's registers: redefined, it
 * would read the copy at the context's slots), the call or the function's
 * parameters spelled through a macro, a macro redefined between the
 * function and the program (the copy would see the new one), a function of
 * a header it includes (read where no check looks). A kprobe that declares more
 * arguments than the kernel function has keeps its kprobe form only
 * (filegone's vfs_rename of older kernels: fentry would be refused). */
#include <uapi/linux/ptrace.h>
#include "twin_local_function.h"

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

/* two programs, one function: each twin has its own copy */
int ret_through_helper_too(struct pt_regs *ctx)
{
	u32 key = 5;

	record_return(ctx, key);
	return record_return(ctx, key + 1);
}

static int record_arg(u32 key, struct pt_regs *regs)
{
	int v = PT_REGS_PARM2(regs);

	rets.update(&key, &v);
	return submit(regs, v);
}

int kp_arg_through_helper(struct pt_regs *ctx)
{
	return record_arg(7, ctx);
}

static int deeper(struct pt_regs *ctx)
{
	return record_return(ctx, 8);
}

int ret_two_deep(struct pt_regs *ctx)
{
	return deeper(ctx);
}

static int arg_at_return(struct pt_regs *ctx)
{
	int v = PT_REGS_PARM1(ctx);

	return submit(ctx, v);
}

int ret_reads_arg(struct pt_regs *ctx)
{
	return arg_at_return(ctx);
}

#define RECORD(c) record_return(c, 9)

int ret_call_in_macro(struct pt_regs *ctx)
{
	return RECORD(ctx);
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

/* the registers of a syscall, copied: PT_REGS_PARM1 on the copy */
int kp_regs_copy(struct pt_regs *ctx)
{
	struct pt_regs regs = {};
	u32 key = 10;
	int fd;

	bpf_probe_read_kernel(&regs, sizeof(regs), (void *)PT_REGS_PARM1(ctx));
	fd = PT_REGS_PARM1(&regs);
	rets.update(&key, &fd);
	return 0;
}

/* vfs_rmdir has three parameters */
int kp_parm_beyond(struct pt_regs *ctx)
{
	u32 key = 11;
	int v = PT_REGS_PARM5(ctx) != 0;

	rets.update(&key, &v);
	return 0;
}

#define REC_PARAMS struct pt_regs *ctx, u32 key

static int record_spelled(REC_PARAMS)
{
	int ret = PT_REGS_RC(ctx);

	rets.update(&key, &ret);
	return 0;
}

int ret_params_macro(struct pt_regs *ctx)
{
	return record_spelled(ctx, 12);
}

#define SLOT 13

static int record_slot(struct pt_regs *ctx)
{
	u32 key = SLOT;
	int ret = PT_REGS_RC(ctx);

	rets.update(&key, &ret);
	return 0;
}

#undef SLOT
#define SLOT 14

int ret_macro_changed(struct pt_regs *ctx)
{
	return record_slot(ctx);
}

int ret_in_header(struct pt_regs *ctx)
{
	u32 key = 15;
	int ok = header_ret_ok(ctx);

	rets.update(&key, &ok);
	return 0;
}
