/* Converted from twin_local_function.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* A kretprobe gets its fexit twin (the return value from fexit's slot after
 * the arguments) only when its own body is all that reads ctx as pt_regs:
 * handed to a function of this file, as bindsnoop and tcpconnect do, ctx
 * would be read at pt_regs offsets inside it, where the twin's PT_REGS_*
 * do not reach; a function that only hands ctx on (to perf_submit, as
 * execsnoop's submit_arg()) is fine. Such a program keeps its kprobe form
 * only, as does a
 * kprobe that declares more arguments than the kernel function has
 * (filegone's vfs_rename of older kernels: fentry would be refused). */


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
#define PT_REGS_RC(x) ((x)[4])
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

/* bcc2core run decodes events with these BTF types */
int *__bcc2core_event_events SEC(".bcc2core.types") __attribute__((used));

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
