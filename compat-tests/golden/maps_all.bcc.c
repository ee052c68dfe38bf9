/* Every BCC table macro, with BCC's defaults. */
#include <linux/sched.h>

struct key_t {
	u32 pid;
	char comm[16];
};

struct lpm_key {
	u32 prefixlen;
	u32 addr;
};

struct hist_key {
	u32 bucket;
	u64 slot;
};

BPF_HASH(h1);
BPF_HASH(h2, struct key_t);
BPF_HASH(h3, u32, struct key_t);
BPF_HASH(h4, u32, u32, 128);
BPF_ARRAY(a1);
BPF_ARRAY(a2, struct key_t);
BPF_ARRAY(a3, u32, 16);
BPF_PERCPU_HASH(ph, u32, u64, 256);
BPF_PERCPU_ARRAY(pa, u64, 8);
BPF_TABLE("lru_hash", u32, u64, lru, 1024);
BPF_TABLE("lru_percpu_hash", u32, u64, lrup, 1024);
BPF_F_TABLE("hash", u32, u64, noprealloc, 512, BPF_F_NO_PREALLOC);
BPF_LPM_TRIE(trie, struct lpm_key, u32, 64);
BPF_HISTOGRAM(dist);
BPF_HISTOGRAM(dist_u64, u64);
BPF_HISTOGRAM(dist_struct, struct hist_key, 256);
BPF_STACK_TRACE(stacks, 1000);
BPF_PERF_OUTPUT(events);
BPF_RINGBUF_OUTPUT(ring, 16);
BPF_PROG_ARRAY(jumps, 8);
BPF_PERF_ARRAY(counters, 64);
BPF_CGROUP_ARRAY(cgroups, 4);
BPF_QUEUE(queue, u64, 32);
BPF_STACK(stack, u64, 32);
BPF_TASK_STORAGE(task_store, u64);
BPF_DEVMAP(devs, 4);
BPF_CPUMAP(cpus, 4);
BPF_XSKMAP(xsks, 4);
BPF_SOCKMAP(sockm, 4);
BPF_SOCKHASH(sockh, u32, 4);
BPF_ARRAY_OF_MAPS(outer_a, "a3", 4);
BPF_HASH_OF_MAPS(outer_h, u32, "a3", 4);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	u32 k = args->pid;
	u64 one = 1;

	h4.update(&k, &k);
	dist.increment(bpf_log2l(k));
	queue.push(&one, 0);
	return 0;
}
