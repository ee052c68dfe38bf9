/* Converted from program_macros.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"



struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} counts SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, u64);
} arr SEC(".maps");

SEC("raw_tracepoint/sched_switch")
int raw_tracepoint__sched_switch(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	u32 pid = (BCC2CORE_TP_BTF ? prev->pid : BPF_CORE_READ(prev, pid));
	bcc2core_map_increment(&counts, pid, 1);
	return 0;
}

#pragma push_macro("BCC2CORE_TP_BTF")
#undef BCC2CORE_TP_BTF
#define BCC2CORE_TP_BTF 1
SEC("tp_btf/sched_switch") __attribute__((btf_decl_tag("bcc2core:args_read=2")))
int raw_tracepoint__sched_switch__tp_btf(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	u32 pid = (BCC2CORE_TP_BTF ? prev->pid : BPF_CORE_READ(prev, pid));
	bcc2core_map_increment(&counts, pid, 1);
	return 0;
}
#pragma pop_macro("BCC2CORE_TP_BTF")

SEC("iter/task")
int bpf_iter__task(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	if (task == (void *)0)
		return 0;
	BPF_SEQ_PRINTF(seq, "%d\n", task->pid);
	return 0;
}

SEC("tracepoint/sched/sched_process_exec")
int tracepoint__sched__sched_process_exec(struct trace_event_raw_sched_process_exec *args)
{
	char fn[64];
	TP_DATA_LOC_READ_STR(fn, filename, sizeof(fn));
	int idx = 0;
	u64 *v = bpf_map_lookup_elem(&arr, &idx);
	if (v) *v += args->pid;
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
