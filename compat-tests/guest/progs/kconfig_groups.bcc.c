/* #if tests the object decides where it loads (bcc2core run), not where it
 * was built: one object, a different key per kernel. e2e_matrix.py checks
 * the key against the kernel's version and config. */
#include <linux/version.h>
#include <linux/sched.h>

BPF_HASH(counts, u32, u64);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
    u32 key;

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
    key = 2;
#else
    key = 1;
#endif
#ifdef CONFIG_KPROBES
    key += 10;
#endif
    counts.increment(key);
    return 0;
}
