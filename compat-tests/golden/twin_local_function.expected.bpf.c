/* Converted from twin_local_function.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

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

#include "twin_local_function.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, int);
} rets SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} events SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=int")));

static __always_inline int submit(struct pt_regs *ctx, int v)
{
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &v, sizeof(v));
	return 0;
}

static __always_inline int record_return(struct pt_regs *ctx, u32 key)
{
	int ret = PT_REGS_RC(ctx);

	bpf_map_update_elem(&rets, &key, &ret, BPF_ANY);
	return 0;
}

SEC("kretprobe/vfs_read") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int ret_through_helper(struct pt_regs *ctx)
{
	return record_return(ctx, 1);
}

#pragma push_macro("PT_REGS_RC")
#undef PT_REGS_RC
#define PT_REGS_RC(x) (((__u64 *)(x))[4])
static __always_inline int ret_through_helper__fexit__record_return(void *ctx, u32 key)
{
	int ret = PT_REGS_RC(ctx);

	bpf_map_update_elem(&rets, &key, &ret, BPF_ANY);
	return 0;
}

SEC("fexit/vfs_read") __attribute__((btf_decl_tag("bcc2core:kprobe_free"))) __attribute__((btf_decl_tag("bcc2core:ret_slot=4")))
int BPF_PROG(ret_through_helper__fexit)
{
	return ret_through_helper__fexit__record_return(ctx, 1);
}
#pragma pop_macro("PT_REGS_RC")

/* two programs, one function: each twin has its own copy */
SEC("kretprobe/vfs_readv") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int ret_through_helper_too(struct pt_regs *ctx)
{
	u32 key = 5;

	record_return(ctx, key);
	return record_return(ctx, key + 1);
}

#pragma push_macro("PT_REGS_RC")
#undef PT_REGS_RC
#define PT_REGS_RC(x) (((__u64 *)(x))[5])
static __always_inline int ret_through_helper_too__fexit__record_return(void *ctx, u32 key)
{
	int ret = PT_REGS_RC(ctx);

	bpf_map_update_elem(&rets, &key, &ret, BPF_ANY);
	return 0;
}

SEC("fexit/vfs_readv") __attribute__((btf_decl_tag("bcc2core:kprobe_free"))) __attribute__((btf_decl_tag("bcc2core:ret_slot=5")))
int BPF_PROG(ret_through_helper_too__fexit)
{
	u32 key = 5;

	ret_through_helper_too__fexit__record_return(ctx, key);
	return ret_through_helper_too__fexit__record_return(ctx, key + 1);
}
#pragma pop_macro("PT_REGS_RC")

static __always_inline int record_arg(u32 key, struct pt_regs *regs)
{
	int v = PT_REGS_PARM2(regs);

	bpf_map_update_elem(&rets, &key, &v, BPF_ANY);
	return submit(regs, v);
}

SEC("kprobe/vfs_writev") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int kp_arg_through_helper(struct pt_regs *ctx)
{
	return record_arg(7, ctx);
}

#pragma push_macro("PT_REGS_PARM2")
#undef PT_REGS_PARM2
#define PT_REGS_PARM2(x) (((__u64 *)(x))[1])
static __always_inline int kp_arg_through_helper__fentry__record_arg(u32 key, void *regs)
{
	int v = PT_REGS_PARM2(regs);

	bpf_map_update_elem(&rets, &key, &v, BPF_ANY);
	return submit(regs, v);
}

SEC("fentry/vfs_writev") __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kp_arg_through_helper__fentry)
{
	return kp_arg_through_helper__fentry__record_arg(7, ctx);
}
#pragma pop_macro("PT_REGS_PARM2")

static __always_inline int deeper(struct pt_regs *ctx)
{
	return record_return(ctx, 8);
}

SEC("kretprobe/vfs_fsync") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int ret_two_deep(struct pt_regs *ctx)
{
	return deeper(ctx);
}

static __always_inline int arg_at_return(struct pt_regs *ctx)
{
	int v = PT_REGS_PARM1(ctx);

	return submit(ctx, v);
}

SEC("kretprobe/vfs_unlink") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int ret_reads_arg(struct pt_regs *ctx)
{
	return arg_at_return(ctx);
}

#define RECORD(c) record_return(c, 9)

SEC("kretprobe/vfs_rmdir") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int ret_call_in_macro(struct pt_regs *ctx)
{
	return RECORD(ctx);
}

SEC("kretprobe/vfs_write") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int ret_in_body(struct pt_regs *ctx)
{
	u32 key = 2;
	int ret = PT_REGS_RC(ctx);

	bpf_map_update_elem(&rets, &key, &ret, BPF_ANY);
	return 0;
}

#pragma push_macro("PT_REGS_RC")
#undef PT_REGS_RC
#define PT_REGS_RC(x) (((__u64 *)(x))[4])
SEC("fexit/vfs_write") __attribute__((btf_decl_tag("bcc2core:kprobe_free"))) __attribute__((btf_decl_tag("bcc2core:ret_slot=4")))
int BPF_PROG(ret_in_body__fexit)
{
	u32 key = 2;
	int ret = PT_REGS_RC(ctx);

	bpf_map_update_elem(&rets, &key, &ret, BPF_ANY);
	return 0;
}
#pragma pop_macro("PT_REGS_RC")

SEC("kprobe/vfs_rename")
int BPF_KPROBE(kp_more_args, void *a, void *b, void *c)
{
	u32 key = 3;
	int v = a != 0;

	bpf_map_update_elem(&rets, &key, &v, BPF_ANY);
	return 0;
}

static __always_inline int kp_args__body(void *ctx, void *a)
{
	u32 key = 4;
	int v = a != 0;

	bpf_map_update_elem(&rets, &key, &v, BPF_ANY);
	return 0;
}

SEC("kprobe/vfs_unlink")
int BPF_KPROBE(kp_args, void *a)
{
	return kp_args__body(ctx, a);
}

SEC("fentry/vfs_unlink") __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kp_args__fentry, void *a)
{
	return kp_args__body(ctx, a);
}

static __always_inline int kp_hands_on__body(void *ctx, void *a)
{
	return submit(ctx, a != 0);
}

SEC("kprobe/vfs_fsync")
int BPF_KPROBE(kp_hands_on, void *a)
{
	return kp_hands_on__body(ctx, a);
}

SEC("fentry/vfs_fsync") __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kp_hands_on__fentry, void *a)
{
	return kp_hands_on__body(ctx, a);
}

/* the registers of a syscall, copied: PT_REGS_PARM1 on the copy */
SEC("kprobe/__x64_sys_close") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int kp_regs_copy(struct pt_regs *ctx)
{
	struct pt_regs regs = {};
	u32 key = 10;
	int fd;

	bpf_probe_read_kernel(&regs, sizeof(regs), (void *)PT_REGS_PARM1(ctx));
	fd = PT_REGS_PARM1(&regs);
	bpf_map_update_elem(&rets, &key, &fd, BPF_ANY);
	return 0;
}

/* vfs_rmdir has three parameters */
SEC("kprobe/vfs_rmdir") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int kp_parm_beyond(struct pt_regs *ctx)
{
	u32 key = 11;
	int v = PT_REGS_PARM5(ctx) != 0;

	bpf_map_update_elem(&rets, &key, &v, BPF_ANY);
	return 0;
}

#define REC_PARAMS struct pt_regs *ctx, u32 key

static __always_inline int record_spelled(REC_PARAMS)
{
	int ret = PT_REGS_RC(ctx);

	bpf_map_update_elem(&rets, &key, &ret, BPF_ANY);
	return 0;
}

SEC("kretprobe/vfs_mkdir") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int ret_params_macro(struct pt_regs *ctx)
{
	return record_spelled(ctx, 12);
}

#define SLOT 13

static __always_inline int record_slot(struct pt_regs *ctx)
{
	u32 key = SLOT;
	int ret = PT_REGS_RC(ctx);

	bpf_map_update_elem(&rets, &key, &ret, BPF_ANY);
	return 0;
}

#undef SLOT
#define SLOT 14

SEC("kretprobe/vfs_link") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int ret_macro_changed(struct pt_regs *ctx)
{
	return record_slot(ctx);
}

SEC("kretprobe/vfs_symlink") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int ret_in_header(struct pt_regs *ctx)
{
	u32 key = 15;
	int ok = header_ret_ok(ctx);

	bpf_map_update_elem(&rets, &key, &ok, BPF_ANY);
	return 0;
}

/* bcc2core run decodes events with these BTF types */
int *__bcc2core_event_events SEC(".bcc2core.types") __attribute__((used));

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
