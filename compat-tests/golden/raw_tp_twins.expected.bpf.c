/* Converted from raw_tp_twins.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Raw tracepoints and their tp_btf twins: which bodies get one. */



struct switch_t {
	u32 prev_pid, next_pid;
};
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} switches SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=struct switch_t")));
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} syscalls SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u64);
	__type(value, u64);
} wakeups SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} exits SEC(".maps");

/* ctx handed to a helper of the program: what it reads counts too */
static inline long syscall_id(struct bpf_raw_tracepoint_args *args)
{
	return (long)args->args[1];
}

/* twin: pointer arguments cast to pointers, ctx handed to perf_submit */
SEC("raw_tracepoint/sched_switch")
int raw_tracepoint__sched_switch(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	struct task_struct *next = (struct task_struct *)ctx->args[2];
	struct switch_t s = {};

	s.prev_pid = (BCC2CORE_TP_BTF ? prev->pid : BPF_CORE_READ(prev, pid));
	s.next_pid = (BCC2CORE_TP_BTF ? next->pid : BPF_CORE_READ(next, pid));
	bpf_perf_event_output(ctx, &switches, BPF_F_CURRENT_CPU, &s, sizeof(s));
	return 0;
}

#pragma push_macro("BCC2CORE_TP_BTF")
#undef BCC2CORE_TP_BTF
#define BCC2CORE_TP_BTF 1
SEC("tp_btf/sched_switch") __attribute__((btf_decl_tag("bcc2core:args_read=3")))
int raw_tracepoint__sched_switch__tp_btf(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	struct task_struct *next = (struct task_struct *)ctx->args[2];
	struct switch_t s = {};

	s.prev_pid = (BCC2CORE_TP_BTF ? prev->pid : BPF_CORE_READ(prev, pid));
	s.next_pid = (BCC2CORE_TP_BTF ? next->pid : BPF_CORE_READ(next, pid));
	bpf_perf_event_output(ctx, &switches, BPF_F_CURRENT_CPU, &s, sizeof(s));
	return 0;
}
#pragma pop_macro("BCC2CORE_TP_BTF")

/* twin: the id read through the helper, the registers as a pointer */
SEC("raw_tracepoint/sys_enter")
int raw_tracepoint__sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 id = syscall_id(ctx);

	if ((BCC2CORE_TP_BTF ? regs->orig_ax : BPF_CORE_READ(regs, orig_ax)) != id)
		return 0;
	bcc2core_map_increment(&syscalls, pid, 1);
	return 0;
}

#pragma push_macro("BCC2CORE_TP_BTF")
#undef BCC2CORE_TP_BTF
#define BCC2CORE_TP_BTF 1
SEC("tp_btf/sys_enter") __attribute__((btf_decl_tag("bcc2core:args_read=2")))
int raw_tracepoint__sys_enter__tp_btf(struct bpf_raw_tracepoint_args *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 id = syscall_id(ctx);

	if ((BCC2CORE_TP_BTF ? regs->orig_ax : BPF_CORE_READ(regs, orig_ax)) != id)
		return 0;
	bcc2core_map_increment(&syscalls, pid, 1);
	return 0;
}
#pragma pop_macro("BCC2CORE_TP_BTF")

/* no twin: a pointer argument used as an integer (tp_btf would type it) */
SEC("raw_tracepoint/sched_wakeup")
int raw_tracepoint__sched_wakeup(struct bpf_raw_tracepoint_args *ctx)
{
	u64 task = ctx->args[0];

	bcc2core_map_increment(&wakeups, task, 1);
	return 0;
}

/* no twin: reads an argument sched_process_exit does not have */
SEC("raw_tracepoint/sched_process_exit")
int raw_tracepoint__sched_process_exit(struct bpf_raw_tracepoint_args *ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 extra = ctx->args[5];

	bpf_map_update_elem(&exits, &pid, &extra, BPF_ANY);
	return 0;
}

/* bcc2core run decodes events with these BTF types */
struct switch_t *__bcc2core_event_switches SEC(".bcc2core.types") __attribute__((used));

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
