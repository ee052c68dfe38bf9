/* Converted from anonymous_types.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Key and value types written as anonymous structs or unions in the table
 * macro, as BCC's sscanf tests write them (a tool fills such tables from
 * user space): each is defined before its map under a generated name,
 * bcc2core_<map>_key or _leaf, so the map's BTF can name it. */


/* stats's anonymous leaf type, named */
struct bcc2core_stats_leaf { u64 a; u64 b; u64 c:36; u64 d:28; struct { u32 a; u32 b; } s; };
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10);
	__type(key, int);
	__type(value, struct bcc2core_stats_leaf);
} stats SEC(".maps");
/* pairs's anonymous key type, named */
struct bcc2core_pairs_key { u64 a; u64 b; };
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct bcc2core_pairs_key);
	__type(value, u64);
} pairs SEC(".maps");
/* words's anonymous leaf type, named */
union bcc2core_words_leaf { u64 whole; u32 half[2]; };
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, union bcc2core_words_leaf);
} words SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} seen SEC(".maps");

SEC("tracepoint/sched/sched_process_exec")
int tracepoint__sched__sched_process_exec(struct trace_event_raw_sched_process_exec *args)
{
	u32 pid = args->pid;

	bcc2core_map_increment(&seen, pid, 1);
	return 0;
}

SEC("tp_btf/sched_process_exec") __attribute__((btf_decl_tag("bcc2core:args_read=1"))) __attribute__((btf_decl_tag("bcc2core:tp_args=ti")))
int tracepoint__sched__sched_process_exec__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 pid = ((int)((struct task_struct *)__bcc2core_ctx[0])->pid);

	bcc2core_map_increment(&seen, pid, 1);
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
