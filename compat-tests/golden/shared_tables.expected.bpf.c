/* Converted from shared_tables.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Tables shared between programs: BPF_TABLE_PUBLIC and BPF_TABLE_SHARED
 * are maps of this program tagged for others to find while it runs; a
 * BPF_TABLE("extern", ...) is another program's, which bcc2core run uses
 * (its type here is a placeholder). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, u32);
	__type(value, u64);
} pub_counts SEC(".maps") __attribute__((btf_decl_tag("bcc2core:share=public")));
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, u64);
} shared_slots SEC(".maps") __attribute__((btf_decl_tag("bcc2core:share=shared")));
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, u32);
	__type(value, u64);
} other_counts SEC(".maps") __attribute__((btf_decl_tag("bcc2core:extern")));

SEC("tracepoint/sched/sched_process_exec")
int tracepoint__sched__sched_process_exec(struct trace_event_raw_sched_process_exec *args)
{
    u32 k = 1;
    int slot = 0;

    bcc2core_map_increment(&pub_counts, k, 1);
    bcc2core_map_increment_existing(&shared_slots, slot, 1);
    bcc2core_map_increment(&other_counts, k, 1);
    return 0;
}

SEC("tp_btf/sched_process_exec") __attribute__((btf_decl_tag("bcc2core:args_read=0"))) __attribute__((btf_decl_tag("bcc2core:tp_args=ti")))
int tracepoint__sched__sched_process_exec__tp_btf(unsigned long long *__bcc2core_ctx)
{
    u32 k = 1;
    int slot = 0;

    bcc2core_map_increment(&pub_counts, k, 1);
    bcc2core_map_increment_existing(&shared_slots, slot, 1);
    bcc2core_map_increment(&other_counts, k, 1);
    return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
