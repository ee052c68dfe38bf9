/* Programs BCC tools write as void (syncsnoop, vfsstat, oomkill, dcstat):
 * BPF programs return int, so each form returns 0, at a bare `return;` and
 * at the end, and a syscall probe's shared body is int too. */
BPF_PERF_OUTPUT(events);
BPF_HASH(counts, u32, u64);

void syscall__sync(void *ctx)
{
	u64 ts = bpf_ktime_get_ns();

	events.perf_submit(ctx, &ts, sizeof(ts));
}

void kprobe__vfs_fsync(struct pt_regs *ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;

	if (pid == 1)
		return;
	counts.increment(pid);
}

void tracepoint__syscalls__sys_enter_fsync(void *ctx)
{
	u32 zero = 0;

	counts.increment(zero);
}
