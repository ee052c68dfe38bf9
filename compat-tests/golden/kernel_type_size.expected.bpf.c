/* Converted from kernel_type_size.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

// sizeof of a kernel struct in run-time arithmetic is the running kernel's
// (bpf_core_type_size): compactsnoop's zone index divides a byte distance by
// sizeof(struct zone), 1984 bytes on 6.18 and 1536 on 6.1. Constant uses
// (an array bound, a local struct) keep sizeof.



struct key_t {
	u32 pid;
	u32 zone;
};
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct key_t);
	__type(value, u64);
} seen SEC(".maps");

static inline int zone_index(struct zone *zone)
{
	struct pglist_data *pgdat = BPF_CORE_READ(zone, zone_pgdat);

	return ((u64)zone - (u64)pgdat->node_zones) / bpf_core_type_size(struct zone);
}

static inline long zone_distance(struct zone *a, struct zone *b)
{
	return ({ __u64 __a = (__u64)(a), __b = (__u64)(b), __s = bpf_core_type_size(struct zone); __a >= __b ? (long)((__a - __b) / __s) : -(long)((__b - __a) / __s); });
}

SEC("raw_tracepoint/mm_compaction_suitable")
int raw_tracepoint__mm_compaction_suitable(struct bpf_raw_tracepoint_args *ctx)
{
	struct zone *zone = (struct zone *)ctx->args[0];
	struct key_t key = {};
	u64 words[sizeof(struct key_t) / sizeof(u32)] = {};
	u64 bytes = bpf_core_type_size(struct zone) * 2;

	key.pid = bpf_get_current_pid_tgid() >> 32;
	key.zone = zone_index(zone);
	words[0] = bytes + zone_distance(zone, BPF_CORE_READ(zone, zone_pgdat)->node_zones);
	bpf_map_update_elem(&seen, &key, &words[0], BPF_ANY);
	return 0;
}

SEC("tracepoint/sched/sched_process_exec")
int tracepoint__sched__sched_process_exec(struct trace_event_raw_sched_process_exec *args)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct key_t key = { .pid = args->pid };
	u64 size = bpf_core_type_size(struct task_struct) * (task != 0);

	bpf_map_update_elem(&seen, &key, &size, BPF_ANY);
	return 0;
}

SEC("tp_btf/sched_process_exec") __attribute__((btf_decl_tag("bcc2core:args_read=1"))) __attribute__((btf_decl_tag("bcc2core:tp_args=ti")))
int tracepoint__sched__sched_process_exec__tp_btf(unsigned long long *__bcc2core_ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct key_t key = { .pid = ((int)((struct task_struct *)__bcc2core_ctx[0])->pid) };
	u64 size = bpf_core_type_size(struct task_struct) * (task != 0);

	bpf_map_update_elem(&seen, &key, &size, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
