/* Converted from task_state_rename.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* task_struct.state became __state in 5.14: BCC programs written with
 * either name convert to a CO-RE reader that works on kernels with either. */


struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, long);
} states SEC(".maps");

static __always_inline int kprobe__finish_task_switch__body(void *ctx, struct task_struct *prev, bool bcc2core_btf_args)
{
	u32 pid = (bcc2core_btf_args ? prev->pid : BPF_CORE_READ(prev, pid));
	long state = bcc2core_task_state(prev);

	if (bcc2core_task_state(prev) == TASK_RUNNING)
		bpf_map_update_elem(&states, &pid, &state, BPF_ANY);
	return 0;
}

SEC("kprobe/finish_task_switch")
int BPF_KPROBE(kprobe__finish_task_switch, struct task_struct *prev)
{
	return kprobe__finish_task_switch__body(ctx, prev, false);
}

SEC("fentry/finish_task_switch") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__finish_task_switch__fentry, struct task_struct *prev)
{
	return kprobe__finish_task_switch__body(ctx, prev, true);
}

SEC("raw_tracepoint/sched_switch")
int raw_tracepoint__sched_switch(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	long s = bcc2core_task_state(prev);
	u32 pid = (BCC2CORE_TP_BTF ? prev->pid : BPF_CORE_READ(prev, pid));

	bpf_map_update_elem(&states, &pid, &s, BPF_ANY);
	return 0;
}

#pragma push_macro("BCC2CORE_TP_BTF")
#undef BCC2CORE_TP_BTF
#define BCC2CORE_TP_BTF 1
SEC("tp_btf/sched_switch") __attribute__((btf_decl_tag("bcc2core:args_read=2")))
int raw_tracepoint__sched_switch__tp_btf(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	long s = bcc2core_task_state(prev);
	u32 pid = (BCC2CORE_TP_BTF ? prev->pid : BPF_CORE_READ(prev, pid));

	bpf_map_update_elem(&states, &pid, &s, BPF_ANY);
	return 0;
}
#pragma pop_macro("BCC2CORE_TP_BTF")

/* cfs_rq.nr_running became nr_queued in 6.14: the old name converts too */
SEC("raw_tracepoint/sched_wakeup")
int raw_tracepoint__sched_wakeup(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *p = (struct task_struct *)ctx->args[0];
	u32 pid = (BCC2CORE_TP_BTF ? p->pid : BPF_CORE_READ(p, pid));
	long queued = bcc2core_cfs_rq_nr_queued(BPF_CORE_READ(p, se.cfs_rq));

	bpf_map_update_elem(&states, &pid, &queued, BPF_ANY);
	return 0;
}

#pragma push_macro("BCC2CORE_TP_BTF")
#undef BCC2CORE_TP_BTF
#define BCC2CORE_TP_BTF 1
SEC("tp_btf/sched_wakeup") __attribute__((btf_decl_tag("bcc2core:args_read=1")))
int raw_tracepoint__sched_wakeup__tp_btf(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *p = (struct task_struct *)ctx->args[0];
	u32 pid = (BCC2CORE_TP_BTF ? p->pid : BPF_CORE_READ(p, pid));
	long queued = bcc2core_cfs_rq_nr_queued(BPF_CORE_READ(p, se.cfs_rq));

	bpf_map_update_elem(&states, &pid, &queued, BPF_ANY);
	return 0;
}
#pragma pop_macro("BCC2CORE_TP_BTF")

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
