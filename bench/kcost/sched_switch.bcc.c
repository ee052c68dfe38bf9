/* kcost: context switches counted by the previous task's pid and state */
struct key_t {
	u32 pid;
	long state;
};
BPF_HASH(switches, struct key_t, u64, 10240);

TRACEPOINT_PROBE(sched, sched_switch)
{
	struct key_t key = {.pid = args->prev_pid, .state = args->prev_state};

	switches.increment(key);
	return 0;
}
