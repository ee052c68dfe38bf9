// sizeof of a kernel struct in run-time arithmetic is the running kernel's
// (bpf_core_type_size): compactsnoop's zone index divides a byte distance by
// sizeof(struct zone), 1984 bytes on 6.18 and 1536 on 6.1. Constant uses
// (an array bound, a local struct) keep sizeof.
#include <linux/mmzone.h>
#include <linux/sched.h>

struct key_t {
	u32 pid;
	u32 zone;
};
BPF_HASH(seen, struct key_t, u64);

static inline int zone_index(struct zone *zone)
{
	struct pglist_data *pgdat = zone->zone_pgdat;

	return ((u64)zone - (u64)pgdat->node_zones) / sizeof(struct zone);
}

static inline long zone_distance(struct zone *a, struct zone *b)
{
	return a - b;
}

RAW_TRACEPOINT_PROBE(mm_compaction_suitable)
{
	struct zone *zone = (struct zone *)ctx->args[0];
	struct key_t key = {};
	u64 words[sizeof(struct key_t) / sizeof(u32)] = {};
	u64 bytes = sizeof(struct zone) * 2;

	key.pid = bpf_get_current_pid_tgid() >> 32;
	key.zone = zone_index(zone);
	words[0] = bytes + zone_distance(zone, zone->zone_pgdat->node_zones);
	seen.update(&key, &words[0]);
	return 0;
}

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct key_t key = { .pid = args->pid };
	u64 size = sizeof(struct task_struct) * (task != 0);

	seen.update(&key, &size);
	return 0;
}
