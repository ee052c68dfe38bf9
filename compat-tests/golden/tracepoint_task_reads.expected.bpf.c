/* Converted from tracepoint_task_reads.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/*
 * execsnoop_ppid: count exec()s by process, with the parent of each, the BCC
 * way. Direct task->real_parent->tgid dereferences: BCC compiles these
 * against the running kernel's headers at start-up; bcc2core converts them to
 * CO-RE reads ahead of time.
 */


struct exec_key {
	u32 pid;
	u32 ppid;
	char comm[TASK_COMM_LEN];
};

struct exec_info {
	u32 tgid;
	u32 ppid;
	u64 count;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct exec_key);
	__type(value, u64);
} execs SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, struct exec_info);
} last_exec SEC(".maps");

SEC("tracepoint/sched/sched_process_exec")
int tracepoint__sched__sched_process_exec(struct trace_event_raw_sched_process_exec *args)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct exec_key key = {};
	struct exec_info info = {}, *prev;

	key.pid = args->pid;
	key.ppid = (bcc2core_task_btf_ok() ? bpf_get_current_task_btf()->real_parent->tgid : BPF_CORE_READ(task, real_parent, tgid));
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	bcc2core_map_increment(&execs, key, 1);

	prev = bpf_map_lookup_elem(&last_exec, &key.pid);
	if (prev)
		info.count = prev->count;
	info.tgid = (bcc2core_task_btf_ok() ? bpf_get_current_task_btf()->tgid : BPF_CORE_READ(task, tgid));
	info.ppid = key.ppid;
	info.count++;
	bpf_map_update_elem(&last_exec, &key.pid, &info, BPF_ANY);
	return 0;
}

SEC("tp_btf/sched_process_exec") __attribute__((btf_decl_tag("bcc2core:args_read=1"))) __attribute__((btf_decl_tag("bcc2core:tp_args=ti")))
int tracepoint__sched__sched_process_exec__tp_btf(unsigned long long *__bcc2core_ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct exec_key key = {};
	struct exec_info info = {}, *prev;

	key.pid = ((int)((struct task_struct *)__bcc2core_ctx[0])->pid);
	key.ppid = (bcc2core_task_btf_ok() ? bpf_get_current_task_btf()->real_parent->tgid : BPF_CORE_READ(task, real_parent, tgid));
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	bcc2core_map_increment(&execs, key, 1);

	prev = bpf_map_lookup_elem(&last_exec, &key.pid);
	if (prev)
		info.count = prev->count;
	info.tgid = (bcc2core_task_btf_ok() ? bpf_get_current_task_btf()->tgid : BPF_CORE_READ(task, tgid));
	info.ppid = key.ppid;
	info.count++;
	bpf_map_update_elem(&last_exec, &key.pid, &info, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
