/* kcost: context switches counted by the pids and priorities of the tasks
 * switched out and in, as the record has them (no prev_state: bcc2core
 * runs it as tp_btf, reading them from the tracepoint's task arguments) */
struct key_t {
	u32 prev_pid, next_pid;
	int prev_prio, next_prio;
};
BPF_HASH(switches, struct key_t, u64, 10240);

TRACEPOINT_PROBE(sched, sched_switch)
{
	struct key_t key = {.prev_pid = args->prev_pid, .next_pid = args->next_pid,
			    .prev_prio = args->prev_prio, .next_prio = args->next_prio};

	switches.increment(key);
	return 0;
}
