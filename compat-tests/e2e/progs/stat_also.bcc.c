/* One program on several syscalls, the way statsnoop attaches stat_entry
 * and trace_return (the --attach specs are in test_syscall_also.py). */
#include <uapi/linux/ptrace.h>

struct event_t {
	u32 pid;
	char fname[64];
};

BPF_PERF_OUTPUT(events);
BPF_HASH(returns, u32, u64);

int on_stat(struct pt_regs *ctx, const char __user *filename)
{
	struct event_t e = {};

	e.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_probe_read_user_str(&e.fname, sizeof(e.fname), filename);
	events.perf_submit(ctx, &e, sizeof(e));
	return 0;
}

int on_ret(struct pt_regs *ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;

	returns.increment(pid);
	return 0;
}
