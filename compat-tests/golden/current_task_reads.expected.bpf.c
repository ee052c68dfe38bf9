/* Converted from current_task_reads.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Reads from the current task: plain BTF-typed loads where the kernel has
 * bpf_get_current_task_btf(), probe reads where it does not (both written,
 * one chosen at load). Only a pointer that is the current task for sure
 * reads so (a variable assigned it later, as BCC's tools do, included): a
 * variable given another task, or whose address is taken, keeps its probe
 * reads. */


struct info_t {
	u32 tgid;
	u32 ppid;
	u32 other;
	u32 addr_taken;
	u32 cast;
	u32 later;
};
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, struct info_t);
} infos SEC(".maps");

SEC("tracepoint/sched/sched_process_fork")
int tracepoint__sched__sched_process_fork(struct trace_event_raw_sched_process_fork *args)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *maybe = (struct task_struct *)bpf_get_current_task();
	struct task_struct *pinned = (struct task_struct *)bpf_get_current_task();
	struct task_struct **where = &pinned;
	struct task_struct *later;
	struct info_t info = {};
	u32 pid = args->child_pid;

	info.tgid = (bcc2core_task_btf_ok() ? bpf_get_current_task_btf()->tgid : BPF_CORE_READ(task, tgid));
	info.ppid = (bcc2core_task_btf_ok() ? bpf_get_current_task_btf()->real_parent->tgid : BPF_CORE_READ(task, real_parent, tgid));
	if (pid & 1)
		maybe = BPF_CORE_READ(maybe, real_parent);
	info.other = BPF_CORE_READ(maybe, tgid);
	info.addr_taken = BPF_CORE_READ(pinned, tgid);
	info.cast = (bcc2core_task_btf_ok() ? bpf_get_current_task_btf()->pid : BPF_CORE_READ(((struct task_struct *)bpf_get_current_task()), pid));
	later = (struct task_struct *)bpf_get_current_task();
	info.later = (bcc2core_task_btf_ok() ? bpf_get_current_task_btf()->flags : BPF_CORE_READ(later, flags));
	bpf_map_update_elem(&infos, &pid, &info, BPF_ANY);
	return (long)where & 0;
}

SEC("tp_btf/sched_process_fork") __attribute__((btf_decl_tag("bcc2core:args_read=2"))) __attribute__((btf_decl_tag("bcc2core:tp_args=tt")))
int tracepoint__sched__sched_process_fork__tp_btf(unsigned long long *__bcc2core_ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *maybe = (struct task_struct *)bpf_get_current_task();
	struct task_struct *pinned = (struct task_struct *)bpf_get_current_task();
	struct task_struct **where = &pinned;
	struct task_struct *later;
	struct info_t info = {};
	u32 pid = ((int)((struct task_struct *)__bcc2core_ctx[1])->pid);

	info.tgid = (bcc2core_task_btf_ok() ? bpf_get_current_task_btf()->tgid : BPF_CORE_READ(task, tgid));
	info.ppid = (bcc2core_task_btf_ok() ? bpf_get_current_task_btf()->real_parent->tgid : BPF_CORE_READ(task, real_parent, tgid));
	if (pid & 1)
		maybe = BPF_CORE_READ(maybe, real_parent);
	info.other = BPF_CORE_READ(maybe, tgid);
	info.addr_taken = BPF_CORE_READ(pinned, tgid);
	info.cast = (bcc2core_task_btf_ok() ? bpf_get_current_task_btf()->pid : BPF_CORE_READ(((struct task_struct *)bpf_get_current_task()), pid));
	later = (struct task_struct *)bpf_get_current_task();
	info.later = (bcc2core_task_btf_ok() ? bpf_get_current_task_btf()->flags : BPF_CORE_READ(later, flags));
	bpf_map_update_elem(&infos, &pid, &info, BPF_ANY);
	return (long)where & 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
