/* #if LINUX_VERSION_CODE and CONFIG_* tests inside functions are decided
 * when the object loads (libbpf __kconfig externs), not when it is built;
 * the ones that cannot be (a declaration used after the group, a case
 * label, top level) stay with the build kernel, with a warning. */
#include <linux/version.h>
#include <linux/sched.h>

BPF_HASH(counts, u32, u64);

#ifdef CONFIG_BCC2CORE_GOLDEN_UNSET
#define TOP_LEVEL 1
#endif

static inline u32 state_of(struct task_struct *t)
{
    u32 s = 0;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 14, 0)
    s = t->__state;
#else
    s = t->state;
#endif
    return s;
}

TRACEPOINT_PROBE(sched, sched_switch)
{
    u32 key = 0;
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 0, 0)
    key = 1;
#elif defined(CONFIG_KPROBES) && LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
    key = 2;
#elif defined(CONFIG_BPF_SYSCALL) || defined(CONFIG_BPF_SYSCALL_MODULE)
    key = 3;
  #ifndef CONFIG_PREEMPT_RT
    key += 100;
  #endif
#else
    key = 4;
#endif
#if CONFIG_NR_CPUS > 64
    key += 1000;
#endif
#if IS_ENABLED(CONFIG_KPROBES) && !IS_MODULE(CONFIG_BCC2CORE_GOLDEN_UNSET6)
    key += 20000;
#endif
    key += state_of(t) ? 10000 : 0;

    /* a declaration used after the group: decided at build time */
#ifdef CONFIG_BCC2CORE_GOLDEN_UNSET2
    u32 extra = 1;
#else
    u32 extra = 2;
#endif
    key += extra;

    /* a branch that does not compile against this kernel's types (a field
     * other kernels have): decided at build time */
#ifdef CONFIG_BCC2CORE_GOLDEN_UNSET5
    key += t->bcc2core_golden_no_such_field;
#endif

    /* a #define inside would become unconditional: decided at build time */
#ifdef CONFIG_BCC2CORE_GOLDEN_UNSET4
#define EXTRA_KEY 7
    key += EXTRA_KEY;
#endif

    /* case labels inside: decided at build time */
    switch (key) {
#ifdef CONFIG_BCC2CORE_GOLDEN_UNSET3
    case 5: key = 6; break;
#endif
    default: break;
    }
    counts.increment(key);
    return 0;
}
