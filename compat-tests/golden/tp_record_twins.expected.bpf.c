/* Converted from tp_record_twins.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Tracepoints whose record's fields are the tracepoint's arguments: a
 * tp_btf twin that fills the fields it reads (tp_record_twin.c). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} counts SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, s64);
} rets SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 10);
	__type(key, int);
	__type(value, u64);
} vecs SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} raised SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output")));

/* twin: id from the registers' syscall number, ret from the argument */
SEC("tracepoint/raw_syscalls/sys_exit")
int tracepoint__raw_syscalls__sys_exit(struct trace_event_raw_sys_exit *args)
{
	u32 id = args->id;
	s64 ret = args->ret;

	if (args->ret < 0)
		return 0;
	bcc2core_map_increment(&counts, id, 1);
	bpf_map_update_elem(&rets, &id, &ret, BPF_ANY);
	return 0;
}

SEC("tp_btf/sys_exit") __attribute__((btf_decl_tag("bcc2core:args_read=2")))
int tracepoint__raw_syscalls__sys_exit__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 id = ((long)(int)((struct pt_regs *)__bcc2core_ctx[0])->orig_ax);
	s64 ret = ((long)__bcc2core_ctx[1]);

	if (((long)__bcc2core_ctx[1]) < 0)
		return 0;
	bcc2core_map_increment(&counts, id, 1);
	bpf_map_update_elem(&rets, &id, &ret, BPF_ANY);
	return 0;
}

/* twin: id is the second argument */
SEC("tracepoint/raw_syscalls/sys_enter")
int tracepoint__raw_syscalls__sys_enter(struct trace_event_raw_sys_enter *args)
{
	u32 key = args->id + 1000;

	bcc2core_map_increment(&counts, key, 1);
	return 0;
}

SEC("tp_btf/sys_enter") __attribute__((btf_decl_tag("bcc2core:args_read=2")))
int tracepoint__raw_syscalls__sys_enter__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 key = ((long)__bcc2core_ctx[1]) + 1000;

	bcc2core_map_increment(&counts, key, 1);
	return 0;
}

/* twin */
SEC("tracepoint/irq/softirq_entry")
int tracepoint__irq__softirq_entry(struct trace_event_raw_softirq *args)
{
	u32 vec = args->vec;

	bcc2core_map_increment_existing(&vecs, vec, 1);
	return 0;
}

SEC("tp_btf/softirq_entry") __attribute__((btf_decl_tag("bcc2core:args_read=1")))
int tracepoint__irq__softirq_entry__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 vec = ((unsigned int)__bcc2core_ctx[0]);

	bcc2core_map_increment_existing(&vecs, vec, 1);
	return 0;
}

/* twin, with no record: the body reads none of it */
SEC("tracepoint/irq/softirq_exit")
int tracepoint__irq__softirq_exit(struct trace_event_raw_softirq *args)
{
	u32 key = 2000;

	bcc2core_map_increment(&counts, key, 1);
	return 0;
}

SEC("tp_btf/softirq_exit") __attribute__((btf_decl_tag("bcc2core:args_read=0")))
int tracepoint__irq__softirq_exit__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 key = 2000;

	bcc2core_map_increment(&counts, key, 1);
	return 0;
}

/* no twin: a field the table does not know (not an argument as written) */
SEC("tracepoint/sched/sched_process_free")
int tracepoint__sched__sched_process_free(struct trace_event_raw_sched_process_template *args)
{
	u32 pid = args->pid;

	bcc2core_map_increment(&counts, pid, 1);
	return 0;
}

/* twin: irq and ret are the first and third arguments */
SEC("tracepoint/irq/irq_handler_exit")
int tracepoint__irq__irq_handler_exit(struct trace_event_raw_irq_handler_exit *args)
{
	u32 key = args->irq;

	if (args->ret)
		bcc2core_map_increment(&counts, key, 1);
	return 0;
}

SEC("tp_btf/irq_handler_exit") __attribute__((btf_decl_tag("bcc2core:args_read=3")))
int tracepoint__irq__irq_handler_exit__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 key = ((int)__bcc2core_ctx[0]);

	if (((int)__bcc2core_ctx[2]))
		bcc2core_map_increment(&counts, key, 1);
	return 0;
}

/* no twin: the name is a string of the record, the record handed to
 * perf_submit (its context) */
SEC("tracepoint/irq/irq_handler_entry")
int tracepoint__irq__irq_handler_entry(struct trace_event_raw_irq_handler_entry *args)
{
	char name[16] = {};

	TP_DATA_LOC_READ_STR(name, name, sizeof(name));
	bpf_perf_event_output(args, &raised, BPF_F_CURRENT_CPU, name, sizeof(name));
	return 0;
}

/* no twin: a field read in a macro of the program's own */
#define SOFTIRQ_VEC (args->vec)
SEC("tracepoint/irq/softirq_raise")
int tracepoint__irq__softirq_raise(struct trace_event_raw_softirq *args)
{
	u32 vec = SOFTIRQ_VEC;

	bcc2core_map_increment_existing(&vecs, vec, 1);
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
