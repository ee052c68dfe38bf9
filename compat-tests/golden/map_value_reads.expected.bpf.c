/* Converted from map_value_reads.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* A probe read from a map value the program looked up becomes a copy the
 * JIT inlines (opensnoop's and killsnoop's comm, gethostlatency's host);
 * a read it cannot prove stays inside the value keeps the helper. */


struct val_t {
	u32 pid;
	char comm[TASK_COMM_LEN];
	char host[80];
	u64 ts;
	u64 ptr;
};

struct data_t {
	u64 ts;
	char comm[TASK_COMM_LEN];
	char host[80];
	u64 ptr;
	char small[8];
};

struct big {
	u32 pid;
	char pad[200];
	char comm[TASK_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, struct val_t);
} start SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} small_values SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, u32);
	__type(value, struct val_t);
	__uint(map_flags, BPF_F_WRONLY_PROG);
} write_only SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} events SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=struct data_t")));

#define FIELD(p) p->comm
#define SET(p, v) ((p) = (v))

SEC("tracepoint/sched/sched_process_exec")
int tracepoint__sched__sched_process_exec(struct trace_event_raw_sched_process_exec *args)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct val_t val = {};

	val.pid = pid;
	val.ts = bpf_ktime_get_ns();
	bpf_get_current_comm(&val.comm, sizeof(val.comm));
	bpf_map_update_elem(&start, &pid, &val, BPF_ANY);
	return 0;
}

SEC("tp_btf/sched_process_exec") __attribute__((btf_decl_tag("bcc2core:args_read=0"))) __attribute__((btf_decl_tag("bcc2core:tp_args=ti")))
int tracepoint__sched__sched_process_exec__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct val_t val = {};

	val.pid = pid;
	val.ts = bpf_ktime_get_ns();
	bpf_get_current_comm(&val.comm, sizeof(val.comm));
	bpf_map_update_elem(&start, &pid, &val, BPF_ANY);
	return 0;
}

SEC("tracepoint/sched/sched_process_exit")
int tracepoint__sched__sched_process_exit(struct trace_event_raw_sched_process_exit *args)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct val_t *valp;
	struct data_t data = {};
	u64 p = 0;

	valp = bpf_map_lookup_elem(&start, &pid);
	if (valp == 0)
		return 0;
	/* inline: an array, an array through a cast, a field's address, the
	 * legacy helper's name, a part of a field */
	(valp ? (void)__builtin_memcpy(&data.comm, valp->comm, 16) : (void)bpf_probe_read_kernel(&data.comm, sizeof(data.comm), valp->comm));
	(valp ? (void)__builtin_memcpy(&data.host, valp->host, 80) : (void)bpf_probe_read_kernel(&data.host, sizeof(data.host), (void *)valp->host));
	(valp ? (void)__builtin_memcpy(&p, &valp->ptr, 8) : (void)bpf_probe_read_kernel(&p, sizeof(p), &valp->ptr));
	(valp ? (void)__builtin_memcpy(data.small, valp->comm, 4) : (void)bpf_probe_read_kernel(data.small, 4, valp->comm));
	data.ptr = p;
	data.ts = valp->ts;
	/* the helper: more than the field, the call's value used */
	bpf_probe_read_kernel(&data.host, sizeof(data.host), valp->comm);
	if (bpf_probe_read_kernel(&data.small, sizeof(data.small), valp->comm) != 0)
		return 0;
	bpf_perf_event_output(args, &events, BPF_F_CURRENT_CPU, &data, sizeof(data));
	bpf_map_delete_elem(&start, &pid);
	return 0;
}

SEC("tp_btf/sched_process_exit") __attribute__((btf_decl_tag("bcc2core:args_read=0"))) __attribute__((btf_decl_tag("bcc2core:tp_args=t")))
int tracepoint__sched__sched_process_exit__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct val_t *valp;
	struct data_t data = {};
	u64 p = 0;

	valp = bpf_map_lookup_elem(&start, &pid);
	if (valp == 0)
		return 0;
	/* inline: an array, an array through a cast, a field's address, the
	 * legacy helper's name, a part of a field */
	(valp ? (void)__builtin_memcpy(&data.comm, valp->comm, 16) : (void)bpf_probe_read_kernel(&data.comm, sizeof(data.comm), valp->comm));
	(valp ? (void)__builtin_memcpy(&data.host, valp->host, 80) : (void)bpf_probe_read_kernel(&data.host, sizeof(data.host), (void *)valp->host));
	(valp ? (void)__builtin_memcpy(&p, &valp->ptr, 8) : (void)bpf_probe_read_kernel(&p, sizeof(p), &valp->ptr));
	(valp ? (void)__builtin_memcpy(data.small, valp->comm, 4) : (void)bpf_probe_read_kernel(data.small, 4, valp->comm));
	data.ptr = p;
	data.ts = valp->ts;
	/* the helper: more than the field, the call's value used */
	bpf_probe_read_kernel(&data.host, sizeof(data.host), valp->comm);
	if (bpf_probe_read_kernel(&data.small, sizeof(data.small), valp->comm) != 0)
		return 0;
	bpf_perf_event_output(__bcc2core_ctx, &events, BPF_F_CURRENT_CPU, &data, sizeof(data));
	bpf_map_delete_elem(&start, &pid);
	return 0;
}

SEC("tracepoint/sched/sched_process_fork")
int tracepoint__sched__sched_process_fork(struct trace_event_raw_sched_process_fork *args)
{
	u32 pid = args->parent_pid;
	struct val_t other = {};
	struct val_t *valp = bpf_map_lookup_elem(&start, &pid);
	struct val_t *wrong = (struct val_t *)bpf_map_lookup_elem(&small_values, &pid);
	char comm[TASK_COMM_LEN];

	/* the helper: a pointer that may hold something else, a value too
	 * small for the field */
	if (!valp)
		valp = &other;
	bpf_probe_read_kernel(&comm, sizeof(comm), valp->comm);
	if (wrong)
		bpf_probe_read_kernel(&comm, sizeof(comm), wrong->comm);
	bpf_printk("%s\n", comm);
	return 0;
}

SEC("tp_btf/sched_process_fork") __attribute__((btf_decl_tag("bcc2core:args_read=1"))) __attribute__((btf_decl_tag("bcc2core:tp_args=tt")))
int tracepoint__sched__sched_process_fork__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 pid = ((int)((struct task_struct *)__bcc2core_ctx[0])->pid);
	struct val_t other = {};
	struct val_t *valp = bpf_map_lookup_elem(&start, &pid);
	struct val_t *wrong = (struct val_t *)bpf_map_lookup_elem(&small_values, &pid);
	char comm[TASK_COMM_LEN];

	/* the helper: a pointer that may hold something else, a value too
	 * small for the field */
	if (!valp)
		valp = &other;
	bpf_probe_read_kernel(&comm, sizeof(comm), valp->comm);
	if (wrong)
		bpf_probe_read_kernel(&comm, sizeof(comm), wrong->comm);
	bpf_printk("%s\n", comm);
	return 0;
}

SEC("tracepoint/sched/sched_wakeup")
int tracepoint__sched__sched_wakeup(struct trace_event_raw_sched_wakeup_template *args)
{
	u32 pid = args->pid;
	char comm[TASK_COMM_LEN];
	struct val_t *valp = bpf_map_lookup_elem(&start, &pid);

	/* not tested for NULL first: the helper where it is NULL */
	(valp ? (void)__builtin_memcpy(&comm, valp->comm, 16) : (void)bpf_probe_read_kernel(&comm, sizeof(comm), valp->comm));
	bpf_printk("%s\n", comm);
	return 0;
}

SEC("tp_btf/sched_wakeup") __attribute__((btf_decl_tag("bcc2core:args_read=1"))) __attribute__((btf_decl_tag("bcc2core:tp_args=t")))
int tracepoint__sched__sched_wakeup__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 pid = ((int)((struct task_struct *)__bcc2core_ctx[0])->pid);
	char comm[TASK_COMM_LEN];
	struct val_t *valp = bpf_map_lookup_elem(&start, &pid);

	/* not tested for NULL first: the helper where it is NULL */
	(valp ? (void)__builtin_memcpy(&comm, valp->comm, 16) : (void)bpf_probe_read_kernel(&comm, sizeof(comm), valp->comm));
	bpf_printk("%s\n", comm);
	return 0;
}

SEC("tracepoint/sched/sched_process_free")
int tracepoint__sched__sched_process_free(struct trace_event_raw_sched_process_template *args)
{
	u32 pid = args->pid;
	char comm[TASK_COMM_LEN];
	struct val_t *valp = bpf_map_lookup_elem(&start, &pid);
	struct val_t *moved = bpf_map_lookup_elem(&start, &pid);
	struct val_t *set = bpf_map_lookup_elem(&start, &pid);
	struct val_t *w = bpf_map_lookup_elem(&write_only, &pid);
	int err;

	if (!valp || !moved || !set || !w)
		return 0;
	/* the helper: the pointer cast to a larger type, a field a macro
	 * names, a pointer moved in parentheses or set by a macro, a map the
	 * program may only write, the value of a statement expression, the
	 * operand __builtin_choose_expr() picks */
	bpf_probe_read_kernel(&comm, sizeof(comm), ((struct big *)valp)->comm);
	bpf_probe_read_kernel(&comm, sizeof(comm), FIELD(valp));
	(moved)++;
	bpf_probe_read_kernel(&comm, sizeof(comm), moved->comm);
	SET(set, (struct val_t *)bpf_map_lookup_elem(&small_values, &pid));
	if (set)
		bpf_probe_read_kernel(&comm, sizeof(comm), set->comm);
	bpf_probe_read_kernel(&comm, sizeof(comm), w->comm);
	err = ({ bpf_probe_read_kernel(&comm, sizeof(comm), valp->comm); });
	bpf_probe_read_kernel(&comm, sizeof(comm), __builtin_choose_expr(1, valp->comm, valp->host));
	bpf_printk("%s %d\n", comm, err);
	return 0;
}

/* bcc2core run decodes events with these BTF types */
struct data_t *__bcc2core_event_events SEC(".bcc2core.types") __attribute__((used));

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
