/* Key and value types written as anonymous structs or unions in the table
 * macro, as BCC's sscanf tests write them (a tool fills such tables from
 * user space): each is defined before its map under a generated name,
 * bcc2core_<map>_key or _leaf, so the map's BTF can name it. */
#include <uapi/linux/ptrace.h>

BPF_HASH(stats, int, struct { u64 a; u64 b; u64 c:36; u64 d:28; struct { u32 a; u32 b; } s; }, 10);
BPF_HASH(pairs, struct { u64 a; u64 b; }, u64);
BPF_ARRAY(words, union { u64 whole; u32 half[2]; }, 4);
BPF_HASH(seen, u32, u64);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	u32 pid = args->pid;

	seen.increment(pid);
	return 0;
}
