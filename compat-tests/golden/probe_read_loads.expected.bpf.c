/* Converted from probe_read_loads.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Probe reads the program spells itself, bpf_probe_read_kernel(&v,
 * sizeof(v), &p->field): a plain load v = p->field in the BTF-typed form
 * (tp_btf, fentry) where p is the argument that form reads so, the call in
 * the other form; and where the two would not do the same, the call in
 * both. */




struct event_t { u32 pid; u32 tgid; u16 family; };
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} start SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, struct event_t);
} seen SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} events SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=struct event_t")));

/* plain loads in the tp_btf form: into locals, and a local struct's member */
SEC("raw_tracepoint/sched_wakeup_new")
int raw_tracepoint__sched_wakeup_new(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *p = (struct task_struct *)ctx->args[0];
	struct event_t e = {};
	u32 tgid, pid;

	(BCC2CORE_TP_BTF ? (void)(tgid = p->tgid) : (void)bpf_probe_read_kernel(&tgid, sizeof(tgid), &p->tgid));
	(BCC2CORE_TP_BTF ? (void)(pid = p->pid) : (void)bpf_probe_read_kernel(&pid, sizeof(pid), &p->pid));
	(BCC2CORE_TP_BTF ? (void)(e.tgid = p->tgid) : (void)bpf_probe_read_kernel(&e.tgid, sizeof(e.tgid), (void *)&p->tgid));
	e.pid = pid;
	u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &pid, &ts, BPF_ANY);
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return tgid == 0;
}

#pragma push_macro("BCC2CORE_TP_BTF")
#undef BCC2CORE_TP_BTF
#define BCC2CORE_TP_BTF 1
SEC("tp_btf/sched_wakeup_new") __attribute__((btf_decl_tag("bcc2core:args_read=1")))
int raw_tracepoint__sched_wakeup_new__tp_btf(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *p = (struct task_struct *)ctx->args[0];
	struct event_t e = {};
	u32 tgid, pid;

	(BCC2CORE_TP_BTF ? (void)(tgid = p->tgid) : (void)bpf_probe_read_kernel(&tgid, sizeof(tgid), &p->tgid));
	(BCC2CORE_TP_BTF ? (void)(pid = p->pid) : (void)bpf_probe_read_kernel(&pid, sizeof(pid), &p->pid));
	(BCC2CORE_TP_BTF ? (void)(e.tgid = p->tgid) : (void)bpf_probe_read_kernel(&e.tgid, sizeof(e.tgid), (void *)&p->tgid));
	e.pid = pid;
	u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &pid, &ts, BPF_ANY);
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return tgid == 0;
}
#pragma pop_macro("BCC2CORE_TP_BTF")

/* the call in both forms */
SEC("raw_tracepoint/sched_switch")
int raw_tracepoint__sched_switch(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	struct task_struct *next = (struct task_struct *)ctx->args[2];
	u32 pid = 0;
	long wide;
	struct event_t *ev;

	/* its value is used */
	if (bpf_probe_read_kernel(&pid, sizeof(pid), &prev->pid) != 0)
		return 0;
	/* it copies more than the field holds */
	bpf_probe_read_kernel(&wide, sizeof(long), &next->pid);
	/* into a map's value, not a local */
	ev = bpf_map_lookup_elem(&seen, &pid);
	if (ev)
		bpf_probe_read_kernel(&ev->pid, sizeof(ev->pid), &next->pid);
	/* a byte copied into a bool: the assignment would change 2 into 1 */
	bool flag;
	bpf_probe_read_kernel(&flag, sizeof(flag), &next->rcu_tasks_idx);
	/* two pointers deep: the first step is read, the last copied */
	bpf_probe_read_kernel(&pid, sizeof(pid), &BPF_CORE_READ(next, real_parent)->tgid);
	return wide + pid + flag;
}

SEC("tp_btf/sched_switch") __attribute__((btf_decl_tag("bcc2core:args_read=3")))
int raw_tracepoint__sched_switch__tp_btf(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	struct task_struct *next = (struct task_struct *)ctx->args[2];
	u32 pid = 0;
	long wide;
	struct event_t *ev;

	/* its value is used */
	if (bpf_probe_read_kernel(&pid, sizeof(pid), &prev->pid) != 0)
		return 0;
	/* it copies more than the field holds */
	bpf_probe_read_kernel(&wide, sizeof(long), &next->pid);
	/* into a map's value, not a local */
	ev = bpf_map_lookup_elem(&seen, &pid);
	if (ev)
		bpf_probe_read_kernel(&ev->pid, sizeof(ev->pid), &next->pid);
	/* a byte copied into a bool: the assignment would change 2 into 1 */
	bool flag;
	bpf_probe_read_kernel(&flag, sizeof(flag), &next->rcu_tasks_idx);
	/* two pointers deep: the first step is read, the last copied */
	bpf_probe_read_kernel(&pid, sizeof(pid), &BPF_CORE_READ(next, real_parent)->tgid);
	return wide + pid + flag;
}

/* the fentry form: a kprobe's argument */
static __always_inline int kprobe__tcp_rcv_established__body(void *ctx, struct sock *sk, bool bcc2core_btf_args)
{
	struct event_t e = {};

	(bcc2core_btf_args ? (void)(e.family = sk->__sk_common.skc_family) : (void)bpf_probe_read_kernel(&e.family, sizeof(e.family), &sk->__sk_common.skc_family));
	e.pid = bpf_get_current_pid_tgid();
	bpf_map_update_elem(&seen, &e.pid, &e, BPF_ANY);
	return 0;
}

SEC("kprobe/tcp_rcv_established")
int BPF_KPROBE(kprobe__tcp_rcv_established, struct sock *sk)
{
	return kprobe__tcp_rcv_established__body(ctx, sk, false);
}

SEC("fentry/tcp_rcv_established") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__tcp_rcv_established__fentry, struct sock *sk)
{
	return kprobe__tcp_rcv_established__body(ctx, sk, true);
}

/* bcc2core run decodes events with these BTF types */
struct event_t *__bcc2core_event_events SEC(".bcc2core.types") __attribute__((used));

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
