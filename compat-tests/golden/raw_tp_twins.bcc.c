/* Raw tracepoints and their tp_btf twins: which bodies get one. */
#include <linux/sched.h>
#include <uapi/linux/ptrace.h>

struct switch_t {
	u32 prev_pid, next_pid;
};
BPF_PERF_OUTPUT(switches);
BPF_HASH(syscalls, u32, u64);
BPF_HASH(wakeups, u64, u64);
BPF_HASH(exits, u32, u64);

/* ctx handed to a helper of the program: what it reads counts too */
static inline long syscall_id(struct bpf_raw_tracepoint_args *args)
{
	return (long)args->args[1];
}

/* twin: pointer arguments cast to pointers, ctx handed to perf_submit */
RAW_TRACEPOINT_PROBE(sched_switch)
{
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	struct task_struct *next = (struct task_struct *)ctx->args[2];
	struct switch_t s = {};

	s.prev_pid = prev->pid;
	s.next_pid = next->pid;
	switches.perf_submit(ctx, &s, sizeof(s));
	return 0;
}

/* twin: the id read through the helper, the registers as a pointer */
int raw_tracepoint__sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 id = syscall_id(ctx);

	if (regs->orig_ax != id)
		return 0;
	syscalls.increment(pid);
	return 0;
}

/* no twin: a pointer argument used as an integer (tp_btf would type it) */
RAW_TRACEPOINT_PROBE(sched_wakeup)
{
	u64 task = ctx->args[0];

	wakeups.increment(task);
	return 0;
}

/* no twin: reads an argument sched_process_exit does not have */
RAW_TRACEPOINT_PROBE(sched_process_exit)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 extra = ctx->args[5];

	exits.update(&pid, &extra);
	return 0;
}
