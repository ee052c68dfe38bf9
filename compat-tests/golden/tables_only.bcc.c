/* Tables and no program: BCC loads such a text for its maps (a tool fills
 * them from user space, or shares them with another program). */
#include <uapi/linux/ptrace.h>

struct key_t {
	u32 pid;
	char comm[16];
};

BPF_HASH(counts, struct key_t, u64, 128);
BPF_ARRAY(config, u64, 4);
BPF_PERCPU_ARRAY(scratch, u32, 2);
BPF_TABLE_PUBLIC("hash", u32, u64, shared_counts, 64);
