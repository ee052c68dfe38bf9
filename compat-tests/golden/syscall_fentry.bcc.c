/* A syscall program gets a fentry form on the syscall's function
 * (__x64_sys_openat(const struct pt_regs *regs)) next to its tracepoint
 * form: each argument one plain load of the BTF-typed registers, where the
 * kprobe form probe-reads them. None where the body needs its kprobe (a
 * stack walk here; bpf_override_return too, which this kernel lacks), nor
 * for a program the tool attaches to more syscalls than its own
 * (on_either: openat and openat2). */
BPF_HASH(opens, u32, u64);
BPF_STACK_TRACE(stacks, 64);

int on_openat(struct pt_regs *ctx, int dfd, const char __user *filename, int flags)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;

	if (flags & 1)
		opens.increment(pid);
	return 0;
}

int on_either(struct pt_regs *ctx, int dfd)
{
	opens.increment(dfd);
	return 0;
}

int with_stack(struct pt_regs *ctx, int dfd)
{
	u32 id = stacks.get_stackid(ctx, 0);

	opens.increment(id);
	return 0;
}
