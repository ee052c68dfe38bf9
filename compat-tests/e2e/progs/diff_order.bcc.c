// diff's event order: each getppid() sends one record at its entry and one
// at its return, from the CPU it runs on; a reader that hands a CPU's
// records out of order puts a return before its entry
struct step_t {
	u32 pid;
	u32 exit;
	long ret;
};
BPF_PERF_OUTPUT(steps);

TRACEPOINT_PROBE(syscalls, sys_enter_getppid)
{
	struct step_t s = { .pid = bpf_get_current_pid_tgid() >> 32 };

	steps.perf_submit(args, &s, sizeof(s));
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_exit_getppid)
{
	struct step_t s = { .pid = bpf_get_current_pid_tgid() >> 32, .exit = 1, .ret = args->ret };

	steps.perf_submit(args, &s, sizeof(s));
	return 0;
}
