/* syscalls:sys_enter_X tracepoints: a fentry form on X's function that
 * reads each argument from the registers it came in (syscall_tp_fentry.c),
 * where the body uses its record only to read fields */
BPF_HASH(flags, u32, u64);
BPF_HASH(nrs, u32, int);
BPF_HASH(counts, u64, u64);
BPF_PERF_OUTPUT(events);

struct event {
	u32 pid;
	int fd;
	u64 count;
};

/* form: a pointer, two integers of different widths, the syscall number */
TRACEPOINT_PROBE(syscalls, sys_enter_openat)
{
	char path[16] = {};
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 f = args->flags;
	int nr = args->__syscall_nr;

	bpf_probe_read_user_str(path, sizeof(path), args->filename);
	if (path[0] != '/' || args->dfd >= 0)
		return 0;
	flags.update(&pid, &f);
	nrs.update(&pid, &nr);
	return 0;
}

/* form: the sixth argument's register (r9), the fourth's (r10), and the
 * record as perf_submit()'s context */
TRACEPOINT_PROBE(syscalls, sys_enter_mmap)
{
	struct event e = { .pid = bpf_get_current_pid_tgid() >> 32, .fd = args->fd };

	e.count = args->off + args->flags;
	events.perf_submit(args, &e, sizeof(e));
	return 0;
}

/* no form: the address of a field (the form has no record); the
 * tracepoint form's &args->F is the slot read as F's type */
TRACEPOINT_PROBE(syscalls, sys_enter_write)
{
	u64 count = 0;
	int nr = 0;

	bpf_probe_read_kernel(&count, sizeof(count), &args->count);
	bpf_probe_read_kernel(&nr, sizeof(nr), &args->__syscall_nr);
	counts.update(&count, &count);
	return 0;
}

/* no form: a fentry program may return only 0 */
TRACEPOINT_PROBE(syscalls, sys_enter_close)
{
	u64 fd = args->fd;

	if (fd > 1000)
		return 1;
	counts.update(&fd, &fd);
	return 0;
}

/* no form: the vsyscall page's emulation calls __x64_sys_gettimeofday
 * without the tracepoint */
TRACEPOINT_PROBE(syscalls, sys_enter_gettimeofday)
{
	u64 tv = (u64)args->tv;

	counts.update(&tv, &tv);
	return 0;
}

/* no form: an exit's tracepoint fires also for a call seccomp refused,
 * where the function never runs */
TRACEPOINT_PROBE(syscalls, sys_exit_openat)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 ret = args->ret;

	flags.update(&pid, &ret);
	return 0;
}
