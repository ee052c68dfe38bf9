/* Converted from kernel_memory.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Kernel memory as BCC programs read it: member chains, array elements at
 * i != 0 (BCC reads a wrong address there), char arrays as kernel pointers,
 * &member left alone, sizeof untouched, bitfields, a pointer kept in a map. */


struct info_t {
	u32 pid;
	u32 ppid;
	char c1;
	char c2;
	u32 comm_size;
	u32 len;
	char comm[TASK_COMM_LEN];
	char parent_comm[TASK_COMM_LEN];
	u64 exit_signal;
	u64 in_execve;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, struct info_t);
} infos SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, struct task_struct *);
} tasks SEC(".maps");

SEC("tracepoint/sched/sched_process_exec")
int tracepoint__sched__sched_process_exec(struct trace_event_raw_sched_process_exec *args)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct info_t info = {};
	u32 pid = BPF_CORE_READ(task, tgid);

	info.pid = pid;
	info.ppid = BPF_CORE_READ(task, real_parent, tgid);
	info.c1 = BPF_CORE_READ(task, comm[1]);
	info.c2 = BPF_CORE_READ(task, comm[2]);
	info.comm_size = sizeof(task->comm);
	bpf_probe_read_kernel_str(&info.comm, sizeof(info.comm), task->comm);
	bpf_probe_read_kernel_str(&info.parent_comm, sizeof(info.parent_comm),
				  &BPF_CORE_READ(task, real_parent)->comm);
	info.exit_signal = BPF_CORE_READ(task, exit_signal);
	info.in_execve = BPF_CORE_READ_BITFIELD_PROBED(task, in_execve);
	bpf_map_update_elem(&tasks, &pid, &task, BPF_ANY);
	bpf_map_update_elem(&infos, &pid, &info, BPF_ANY);
	return 0;
}

SEC("tp_btf/sched_process_exec") __attribute__((btf_decl_tag("bcc2core:args_read=0"))) __attribute__((btf_decl_tag("bcc2core:tp_args=ti")))
int tracepoint__sched__sched_process_exec__tp_btf(unsigned long long *__bcc2core_ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct info_t info = {};
	u32 pid = BPF_CORE_READ(task, tgid);

	info.pid = pid;
	info.ppid = BPF_CORE_READ(task, real_parent, tgid);
	info.c1 = BPF_CORE_READ(task, comm[1]);
	info.c2 = BPF_CORE_READ(task, comm[2]);
	info.comm_size = sizeof(task->comm);
	bpf_probe_read_kernel_str(&info.comm, sizeof(info.comm), task->comm);
	bpf_probe_read_kernel_str(&info.parent_comm, sizeof(info.parent_comm),
				  &BPF_CORE_READ(task, real_parent)->comm);
	info.exit_signal = BPF_CORE_READ(task, exit_signal);
	info.in_execve = BPF_CORE_READ_BITFIELD_PROBED(task, in_execve);
	bpf_map_update_elem(&tasks, &pid, &task, BPF_ANY);
	bpf_map_update_elem(&infos, &pid, &info, BPF_ANY);
	return 0;
}

SEC("tracepoint/sched/sched_process_exit")
int tracepoint__sched__sched_process_exit(struct trace_event_raw_sched_process_exit *args)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct task_struct **tp = bpf_map_lookup_elem(&tasks, &pid);
	struct info_t *info = bpf_map_lookup_elem(&infos, &pid);

	if (!tp || !info)
		return 0;
	/* a kernel pointer kept in a map, read again later */
	info->len = BPF_CORE_READ((*tp), pid) == pid;
	return 0;
}

SEC("tp_btf/sched_process_exit") __attribute__((btf_decl_tag("bcc2core:args_read=0"))) __attribute__((btf_decl_tag("bcc2core:tp_args=t")))
int tracepoint__sched__sched_process_exit__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct task_struct **tp = bpf_map_lookup_elem(&tasks, &pid);
	struct info_t *info = bpf_map_lookup_elem(&infos, &pid);

	if (!tp || !info)
		return 0;
	/* a kernel pointer kept in a map, read again later */
	info->len = BPF_CORE_READ((*tp), pid) == pid;
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
