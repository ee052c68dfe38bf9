/* Converted from load_time_if.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* the running kernel's, set by libbpf at load: the tests below that BCC made with #if */
extern int LINUX_KERNEL_VERSION __kconfig;
extern enum libbpf_tristate CONFIG_KPROBES __kconfig __weak;
extern enum libbpf_tristate CONFIG_BPF_SYSCALL __kconfig __weak;
extern enum libbpf_tristate CONFIG_PREEMPT_RT __kconfig __weak;
extern long long CONFIG_NR_CPUS __kconfig __weak;
extern enum libbpf_tristate CONFIG_BCC2CORE_GOLDEN_UNSET6 __kconfig __weak;

/* #if LINUX_VERSION_CODE and CONFIG_* tests inside functions are decided
 * when the object loads (libbpf __kconfig externs), not when it is built;
 * the ones that cannot be (a declaration used after the group, a case
 * label, top level) stay with the build kernel, with a warning. */



struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} counts SEC(".maps");

#ifdef CONFIG_BCC2CORE_GOLDEN_UNSET
#define TOP_LEVEL 1
#endif

static inline u32 state_of(struct task_struct *t)
{
    u32 s = 0;
    if (LINUX_KERNEL_VERSION >= KERNEL_VERSION(5, 14, 0)) {
    s = bcc2core_task_state(t);
    } else {
    s = bcc2core_task_state(t);
    }
    return s;
}

SEC("tracepoint/sched/sched_switch")
int tracepoint__sched__sched_switch(struct trace_event_raw_sched_switch *args)
{
    u32 key = 0;
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();

    if (LINUX_KERNEL_VERSION < KERNEL_VERSION(5, 0, 0)) {
    key = 1;
    } else if ((CONFIG_KPROBES == TRI_YES) && LINUX_KERNEL_VERSION < KERNEL_VERSION(6, 5, 0)) {
    key = 2;
    } else if ((CONFIG_BPF_SYSCALL == TRI_YES) || (CONFIG_BPF_SYSCALL == TRI_MODULE)) {
    key = 3;
  if (CONFIG_PREEMPT_RT != TRI_YES) {
    key += 100;
  }
    } else {
    key = 4;
    }
    if (CONFIG_NR_CPUS > 64) {
    key += 1000;
    }
    if ((CONFIG_KPROBES != TRI_NO) && !(CONFIG_BCC2CORE_GOLDEN_UNSET6 == TRI_MODULE)) {
    key += 20000;
    }
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
    bcc2core_map_increment(&counts, key, 1);
    return 0;
}

SEC("tp_btf/sched_switch") __attribute__((btf_decl_tag("bcc2core:args_read=0"))) __attribute__((btf_decl_tag("bcc2core:tp_args=btt")))
int tracepoint__sched__sched_switch__tp_btf(unsigned long long *__bcc2core_ctx)
{
    u32 key = 0;
    struct task_struct *t = (struct task_struct *)bpf_get_current_task();

    if (LINUX_KERNEL_VERSION < KERNEL_VERSION(5, 0, 0)) {
    key = 1;
    } else if ((CONFIG_KPROBES == TRI_YES) && LINUX_KERNEL_VERSION < KERNEL_VERSION(6, 5, 0)) {
    key = 2;
    } else if ((CONFIG_BPF_SYSCALL == TRI_YES) || (CONFIG_BPF_SYSCALL == TRI_MODULE)) {
    key = 3;
  if (CONFIG_PREEMPT_RT != TRI_YES) {
    key += 100;
  }
    } else {
    key = 4;
    }
    if (CONFIG_NR_CPUS > 64) {
    key += 1000;
    }
    if ((CONFIG_KPROBES != TRI_NO) && !(CONFIG_BCC2CORE_GOLDEN_UNSET6 == TRI_MODULE)) {
    key += 20000;
    }
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
    bcc2core_map_increment(&counts, key, 1);
    return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
