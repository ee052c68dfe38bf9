/* One program of each kind that has alternate forms, for the form-selection
 * unit test (compat-tests/unit/test_select.c). */
#include <uapi/linux/ptrace.h>

BPF_HASH(counts, u32);

int syscall__openat(struct pt_regs *ctx, int dfd, const char __user *filename)
{
	u32 k = 1;

	counts.increment(k);
	return 0;
}

int kprobe__vfs_read(struct pt_regs *ctx)
{
	u32 k = 2;

	counts.increment(k);
	return 0;
}

KFUNC_PROBE(vfs_write)
{
	u32 k = 3;

	counts.increment(k);
	return 0;
}

RAW_TRACEPOINT_PROBE(sched_switch)
{
	u32 k = 4;

	counts.increment(k);
	return 0;
}

/* statsnoop's stat_entry: attached to stat and newstat (the --attach specs
 * in compat-tests/CMakeLists.txt); x86_64 has a tracepoint for newstat
 * only, its table's entry for stat */
int on_stat(struct pt_regs *ctx)
{
	u32 k = 5;

	counts.increment(k);
	return 0;
}
