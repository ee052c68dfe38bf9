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
} raised SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=struct exit_t")));
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} conns SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=struct conn_t")));

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

SEC("tp_btf/sys_exit") __attribute__((btf_decl_tag("bcc2core:args_read=2"))) __attribute__((btf_decl_tag("bcc2core:tp_args=rl")))
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

SEC("tp_btf/sys_enter") __attribute__((btf_decl_tag("bcc2core:args_read=2"))) __attribute__((btf_decl_tag("bcc2core:tp_args=rl")))
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

SEC("tp_btf/softirq_entry") __attribute__((btf_decl_tag("bcc2core:args_read=1"))) __attribute__((btf_decl_tag("bcc2core:tp_args=i")))
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

SEC("tp_btf/softirq_exit") __attribute__((btf_decl_tag("bcc2core:args_read=0"))) __attribute__((btf_decl_tag("bcc2core:tp_args=i")))
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

SEC("tp_btf/irq_handler_exit") __attribute__((btf_decl_tag("bcc2core:args_read=3"))) __attribute__((btf_decl_tag("bcc2core:tp_args=ipi")))
int tracepoint__irq__irq_handler_exit__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 key = ((int)__bcc2core_ctx[0]);

	if (((int)__bcc2core_ctx[2]))
		bcc2core_map_increment(&counts, key, 1);
	return 0;
}

/* no twin: the name is a string of the record (handing the record to
 * perf_submit as its context alone would not stop it) */
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

/* twin: the pids, prio and comms of the task_struct arguments prev and
 * next (the second and third) */
SEC("tracepoint/sched/sched_switch")
int tracepoint__sched__sched_switch(struct trace_event_raw_sched_switch *args)
{
	struct comm_t {
		char comm[16];
	} c = {};
	u32 key = args->prev_pid + args->next_prio;

	bpf_probe_read_kernel(&c.comm, sizeof(c.comm), args->next_comm);
	if (c.comm[0] == 'x')
		bcc2core_map_increment(&counts, key, 1);
	return 0;
}

SEC("tp_btf/sched_switch") __attribute__((btf_decl_tag("bcc2core:args_read=3"))) __attribute__((btf_decl_tag("bcc2core:tp_args=btt")))
int tracepoint__sched__sched_switch__tp_btf(unsigned long long *__bcc2core_ctx)
{
	struct comm_t {
		char comm[16];
	} c = {};
	u32 key = ((int)((struct task_struct *)__bcc2core_ctx[1])->pid) + ((int)((struct task_struct *)__bcc2core_ctx[2])->prio);

	bpf_probe_read_kernel(&c.comm, sizeof(c.comm), ((struct task_struct *)__bcc2core_ctx[2])->comm);
	if (c.comm[0] == 'x')
		bcc2core_map_increment(&counts, key, 1);
	return 0;
}

/* no twin: target_cpu is task_cpu(p), which depends on the kernel's config */
SEC("tracepoint/sched/sched_wakeup")
int tracepoint__sched__sched_wakeup(struct trace_event_raw_sched_wakeup_template *args)
{
	u32 key = args->pid + args->target_cpu;

	bcc2core_map_increment(&counts, key, 1);
	return 0;
}

/* twin: exec's pid from its task, old_pid its second argument */
SEC("tracepoint/sched/sched_process_exec")
int tracepoint__sched__sched_process_exec(struct trace_event_raw_sched_process_exec *args)
{
	u32 key = args->pid ^ args->old_pid;

	bcc2core_map_increment(&counts, key, 1);
	return 0;
}

SEC("tp_btf/sched_process_exec") __attribute__((btf_decl_tag("bcc2core:args_read=2"))) __attribute__((btf_decl_tag("bcc2core:tp_args=ti")))
int tracepoint__sched__sched_process_exec__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 key = ((int)((struct task_struct *)__bcc2core_ctx[0])->pid) ^ ((int)__bcc2core_ctx[1]);

	bcc2core_map_increment(&counts, key, 1);
	return 0;
}

/* twin: fork's parent and child are its two task_struct arguments */
SEC("tracepoint/sched/sched_process_fork")
int tracepoint__sched__sched_process_fork(struct trace_event_raw_sched_process_fork *args)
{
	u32 key = args->child_pid - args->parent_pid;

	bcc2core_map_increment(&counts, key, 1);
	return 0;
}

SEC("tp_btf/sched_process_fork") __attribute__((btf_decl_tag("bcc2core:args_read=2"))) __attribute__((btf_decl_tag("bcc2core:tp_args=tt")))
int tracepoint__sched__sched_process_fork__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 key = ((int)((struct task_struct *)__bcc2core_ctx[1])->pid) - ((int)((struct task_struct *)__bcc2core_ctx[0])->pid);

	bcc2core_map_increment(&counts, key, 1);
	return 0;
}

/* twin: the record handed to perf_submit as its context is the form's own
 * context there; pid and comm from the exiting task (a copy through a cast
 * a probe read: no field to load from) */
SEC("tracepoint/sched/sched_process_exit")
int tracepoint__sched__sched_process_exit(struct trace_event_raw_sched_process_exit *args)
{
	struct exit_t {
		u32 pid;
		char comm[16];
		char cast_comm[16];
	} e = {.pid = args->pid};

	({ __u64 __bcc2core_w[2]; if (__builtin_expect(bpf_core_field_offset(args->comm) % 8 == 0, 1)) { __bcc2core_w[0] = *(__u64 *)&args->comm[0]; __bcc2core_w[1] = *(__u64 *)&args->comm[8]; } else { __bcc2core_w[0] = (__u64)(__u8)args->comm[0] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 56) | (__u64)(__u8)args->comm[1] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 48) | (__u64)(__u8)args->comm[2] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 40) | (__u64)(__u8)args->comm[3] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 32) | (__u64)(__u8)args->comm[4] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 32 : 24) | (__u64)(__u8)args->comm[5] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 40 : 16) | (__u64)(__u8)args->comm[6] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 48 : 8) | (__u64)(__u8)args->comm[7] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 56 : 0); __bcc2core_w[1] = (__u64)(__u8)args->comm[8] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 56) | (__u64)(__u8)args->comm[9] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 48) | (__u64)(__u8)args->comm[10] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 40) | (__u64)(__u8)args->comm[11] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 32) | (__u64)(__u8)args->comm[12] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 32 : 24) | (__u64)(__u8)args->comm[13] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 40 : 16) | (__u64)(__u8)args->comm[14] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 48 : 8) | (__u64)(__u8)args->comm[15] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 56 : 0); } __builtin_memcpy((void *)(&e.comm), __bcc2core_w, 16); });
	bpf_probe_read_kernel(e.cast_comm, 16, (const char *)args->comm);
	bpf_perf_event_output(args, &raised, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

SEC("tp_btf/sched_process_exit") __attribute__((btf_decl_tag("bcc2core:args_read=1"))) __attribute__((btf_decl_tag("bcc2core:tp_args=t")))
int tracepoint__sched__sched_process_exit__tp_btf(unsigned long long *__bcc2core_ctx)
{
	struct exit_t {
		u32 pid;
		char comm[16];
		char cast_comm[16];
	} e = {.pid = ((int)((struct task_struct *)__bcc2core_ctx[0])->pid)};

	({ __u64 __bcc2core_w[2]; __bcc2core_w[0] = *(__u64 *)&((struct task_struct *)__bcc2core_ctx[0])->comm[0]; __bcc2core_w[1] = *(__u64 *)&((struct task_struct *)__bcc2core_ctx[0])->comm[8]; __builtin_memcpy((void *)(&e.comm), __bcc2core_w, 16); });
	bpf_probe_read_kernel(e.cast_comm, 16, (const char *)((struct task_struct *)__bcc2core_ctx[0])->comm);
	bpf_perf_event_output(__bcc2core_ctx, &raised, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

/* no twin: the record read through another name */
SEC("tracepoint/sched/sched_wakeup_new")
int tracepoint__sched__sched_wakeup_new(struct trace_event_raw_sched_wakeup_template *args)
{
	typeof(args) a = args;
	u32 pid = a->pid;

	bcc2core_map_increment(&counts, pid, 1);
	return 0;
}

/* twin: the socket's ports, family and protocol, its states from the
 * arguments; its addresses copied whole, each as TP_STORE_ADDRS stores it
 * (inet_sock's fields by probe reads: beyond struct sock, where the
 * verifier takes no load through the socket's BTF pointer) */
SEC("tracepoint/sock/inet_sock_set_state")
int tracepoint__sock__inet_sock_set_state(struct trace_event_raw_inet_sock_set_state *args)
{
	struct conn_t {
		u16 sport, dport, family, protocol;
		int oldstate, newstate;
		u32 saddr, daddr;
		unsigned __int128 saddr_v6, daddr_v6;
	} c = {.sport = args->sport, .dport = args->dport, .family = args->family,
	       .protocol = args->protocol, .oldstate = args->oldstate,
	       .newstate = args->newstate};

	({ __u32 __bcc2core_w[1]; if (__builtin_expect(bpf_core_field_offset(args->saddr) % 4 == 0, 1)) { __bcc2core_w[0] = *(__u32 *)&args->saddr[0]; } else { __bcc2core_w[0] = (__u32)(__u8)args->saddr[0] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 24) | (__u32)(__u8)args->saddr[1] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 16) | (__u32)(__u8)args->saddr[2] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 8) | (__u32)(__u8)args->saddr[3] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 0); } __builtin_memcpy((void *)(&c.saddr), __bcc2core_w, 4); });
	({ __u32 __bcc2core_w[1]; if (__builtin_expect(bpf_core_field_offset(args->daddr) % 4 == 0, 1)) { __bcc2core_w[0] = *(__u32 *)&args->daddr[0]; } else { __bcc2core_w[0] = (__u32)(__u8)args->daddr[0] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 24) | (__u32)(__u8)args->daddr[1] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 16) | (__u32)(__u8)args->daddr[2] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 8) | (__u32)(__u8)args->daddr[3] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 0); } __builtin_memcpy((void *)(&c.daddr), __bcc2core_w, 4); });
	({ __u64 __bcc2core_w[2]; if (__builtin_expect(bpf_core_field_offset(args->saddr_v6) % 8 == 0, 1)) { __bcc2core_w[0] = *(__u64 *)&args->saddr_v6[0]; __bcc2core_w[1] = *(__u64 *)&args->saddr_v6[8]; } else { __bcc2core_w[0] = (__u64)(__u8)args->saddr_v6[0] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 56) | (__u64)(__u8)args->saddr_v6[1] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 48) | (__u64)(__u8)args->saddr_v6[2] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 40) | (__u64)(__u8)args->saddr_v6[3] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 32) | (__u64)(__u8)args->saddr_v6[4] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 32 : 24) | (__u64)(__u8)args->saddr_v6[5] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 40 : 16) | (__u64)(__u8)args->saddr_v6[6] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 48 : 8) | (__u64)(__u8)args->saddr_v6[7] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 56 : 0); __bcc2core_w[1] = (__u64)(__u8)args->saddr_v6[8] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 56) | (__u64)(__u8)args->saddr_v6[9] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 48) | (__u64)(__u8)args->saddr_v6[10] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 40) | (__u64)(__u8)args->saddr_v6[11] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 32) | (__u64)(__u8)args->saddr_v6[12] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 32 : 24) | (__u64)(__u8)args->saddr_v6[13] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 40 : 16) | (__u64)(__u8)args->saddr_v6[14] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 48 : 8) | (__u64)(__u8)args->saddr_v6[15] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 56 : 0); } __builtin_memcpy((void *)(&c.saddr_v6), __bcc2core_w, 16); });
	({ __u64 __bcc2core_w[2]; if (__builtin_expect(bpf_core_field_offset(args->daddr_v6) % 8 == 0, 1)) { __bcc2core_w[0] = *(__u64 *)&args->daddr_v6[0]; __bcc2core_w[1] = *(__u64 *)&args->daddr_v6[8]; } else { __bcc2core_w[0] = (__u64)(__u8)args->daddr_v6[0] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 56) | (__u64)(__u8)args->daddr_v6[1] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 48) | (__u64)(__u8)args->daddr_v6[2] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 40) | (__u64)(__u8)args->daddr_v6[3] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 32) | (__u64)(__u8)args->daddr_v6[4] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 32 : 24) | (__u64)(__u8)args->daddr_v6[5] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 40 : 16) | (__u64)(__u8)args->daddr_v6[6] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 48 : 8) | (__u64)(__u8)args->daddr_v6[7] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 56 : 0); __bcc2core_w[1] = (__u64)(__u8)args->daddr_v6[8] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 56) | (__u64)(__u8)args->daddr_v6[9] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 48) | (__u64)(__u8)args->daddr_v6[10] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 40) | (__u64)(__u8)args->daddr_v6[11] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 32) | (__u64)(__u8)args->daddr_v6[12] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 32 : 24) | (__u64)(__u8)args->daddr_v6[13] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 40 : 16) | (__u64)(__u8)args->daddr_v6[14] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 48 : 8) | (__u64)(__u8)args->daddr_v6[15] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 56 : 0); } __builtin_memcpy((void *)(&c.daddr_v6), __bcc2core_w, 16); });
	bpf_perf_event_output(args, &conns, BPF_F_CURRENT_CPU, &c, sizeof(c));
	return 0;
}

SEC("tp_btf/inet_sock_set_state") __attribute__((btf_decl_tag("bcc2core:args_read=3"))) __attribute__((btf_decl_tag("bcc2core:tp_args=sii")))
int tracepoint__sock__inet_sock_set_state__tp_btf(unsigned long long *__bcc2core_ctx)
{
	struct conn_t {
		u16 sport, dport, family, protocol;
		int oldstate, newstate;
		u32 saddr, daddr;
		unsigned __int128 saddr_v6, daddr_v6;
	} c = {.sport = ((__u16)bpf_ntohs(({ struct tcp_sock *__bcc2core_tp = bpf_skc_to_tcp_sock((void *)((const struct sock *)__bcc2core_ctx[0])); __bcc2core_tp ? __bcc2core_tp->inet_conn.icsk_inet.inet_sport : BPF_CORE_READ((const struct inet_sock *)((const struct sock *)__bcc2core_ctx[0]), inet_sport); }))), .dport = ((__u16)bpf_ntohs(((const struct sock *)__bcc2core_ctx[0])->__sk_common.skc_dport)), .family = ((__u16)((const struct sock *)__bcc2core_ctx[0])->__sk_common.skc_family),
	       .protocol = ((__u16)((const struct sock *)__bcc2core_ctx[0])->sk_protocol), .oldstate = ((int)__bcc2core_ctx[1]),
	       .newstate = ((int)__bcc2core_ctx[2])};

	({ const struct sock *__bcc2core_sk = ((const struct sock *)__bcc2core_ctx[0]); __u32 __bcc2core_a = ({ struct tcp_sock *__bcc2core_tp = bpf_skc_to_tcp_sock((void *)__bcc2core_sk); __bcc2core_tp ? __bcc2core_tp->inet_conn.icsk_inet.inet_saddr : BPF_CORE_READ((const struct inet_sock *)__bcc2core_sk, inet_saddr); }); __builtin_memcpy((void *)(&c.saddr), &__bcc2core_a, 4); });
	({ const struct sock *__bcc2core_sk = ((const struct sock *)__bcc2core_ctx[0]); __u32 __bcc2core_a = __bcc2core_sk->__sk_common.skc_daddr; __builtin_memcpy((void *)(&c.daddr), &__bcc2core_a, 4); });
	({ const struct sock *__bcc2core_sk = ((const struct sock *)__bcc2core_ctx[0]); __u32 __bcc2core_a[4]; if (__bcc2core_sk->__sk_common.skc_family == 10 /* AF_INET6 */) { __bcc2core_a[0] = __bcc2core_sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[0]; __bcc2core_a[1] = __bcc2core_sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[1]; __bcc2core_a[2] = __bcc2core_sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[2]; __bcc2core_a[3] = __bcc2core_sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[3]; } else { __bcc2core_a[0] = 0; __bcc2core_a[1] = 0; __bcc2core_a[2] = bpf_htonl(0xffff); __bcc2core_a[3] = ({ struct tcp_sock *__bcc2core_tp = bpf_skc_to_tcp_sock((void *)__bcc2core_sk); __bcc2core_tp ? __bcc2core_tp->inet_conn.icsk_inet.inet_saddr : BPF_CORE_READ((const struct inet_sock *)__bcc2core_sk, inet_saddr); }); } __builtin_memcpy((void *)(&c.saddr_v6), __bcc2core_a, 16); });
	({ const struct sock *__bcc2core_sk = ((const struct sock *)__bcc2core_ctx[0]); __u32 __bcc2core_a[4]; if (__bcc2core_sk->__sk_common.skc_family == 10 /* AF_INET6 */) { __bcc2core_a[0] = __bcc2core_sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[0]; __bcc2core_a[1] = __bcc2core_sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[1]; __bcc2core_a[2] = __bcc2core_sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[2]; __bcc2core_a[3] = __bcc2core_sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[3]; } else { __bcc2core_a[0] = 0; __bcc2core_a[1] = 0; __bcc2core_a[2] = bpf_htonl(0xffff); __bcc2core_a[3] = __bcc2core_sk->__sk_common.skc_daddr; } __builtin_memcpy((void *)(&c.daddr_v6), __bcc2core_a, 16); });
	bpf_perf_event_output(__bcc2core_ctx, &conns, BPF_F_CURRENT_CPU, &c, sizeof(c));
	return 0;
}

/* bcc2core run decodes events with these BTF types */
struct exit_t *__bcc2core_event_raised SEC(".bcc2core.types") __attribute__((used));
struct conn_t *__bcc2core_event_conns SEC(".bcc2core.types") __attribute__((used));

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
