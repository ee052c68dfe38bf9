/* sched tracepoints read through their records: bcc2core runs them as
 * tp_btf where the kernel's BTF has the tracepoint, each field read from
 * the task_struct argument TP_fast_assign copies it from (rewriter/passes/
 * tp_record_twin.c), and as tracepoints elsewhere. The workload
 * (compat-tests/guest/e2e_truth.py) names itself, forks a child that lowers
 * its priority, sleeps and execs sleep(1): each map holds, by pid, the last
 * of its events, which must be what the workload knows of its child. */
#define COMM_LEN 16

struct seen_t {
	u64 count;
	u32 other;		/* fork: the parent; exec: old_pid */
	int prio;
	char comm[COMM_LEN];
};

BPF_HASH(forks, u32, struct seen_t, 10240);		/* child_pid */
BPF_HASH(execs, u32, struct seen_t, 10240);		/* pid */
BPF_HASH(exits, u32, struct seen_t, 10240);		/* pid */
BPF_HASH(woken_new, u32, struct seen_t, 10240);	/* pid */
BPF_HASH(woken, u32, struct seen_t, 10240);		/* pid */
BPF_HASH(switched_out, u32, struct seen_t, 10240);	/* prev_pid */
BPF_HASH(switched_in, u32, struct seen_t, 10240);	/* next_pid */

static void seen(struct seen_t *s, u32 other, int prio, const char *comm)
{
	s->count++;
	s->other = other;
	s->prio = prio;
	bpf_probe_read_kernel(s->comm, sizeof(s->comm), comm);
}

TRACEPOINT_PROBE(sched, sched_process_fork)
{
	struct seen_t zero = {}, *s;
	u32 pid = args->child_pid;

	s = forks.lookup_or_try_init(&pid, &zero);
	if (s) {
		s->count++;
		s->other = args->parent_pid;
	}
	return 0;
}

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	struct seen_t zero = {}, *s;
	u32 pid = args->pid;

	s = execs.lookup_or_try_init(&pid, &zero);
	if (s) {
		s->count++;
		s->other = args->old_pid;
	}
	return 0;
}

TRACEPOINT_PROBE(sched, sched_process_exit)
{
	struct seen_t zero = {}, *s;
	u32 pid = args->pid;

	s = exits.lookup_or_try_init(&pid, &zero);
	if (s)
		seen(s, 0, args->prio, args->comm);
	return 0;
}

TRACEPOINT_PROBE(sched, sched_wakeup_new)
{
	struct seen_t zero = {}, *s;
	u32 pid = args->pid;

	s = woken_new.lookup_or_try_init(&pid, &zero);
	if (s)
		seen(s, 0, args->prio, args->comm);
	return 0;
}

TRACEPOINT_PROBE(sched, sched_wakeup)
{
	struct seen_t zero = {}, *s;
	u32 pid = args->pid;

	s = woken.lookup_or_try_init(&pid, &zero);
	if (s)
		seen(s, 0, args->prio, args->comm);
	return 0;
}

TRACEPOINT_PROBE(sched, sched_switch)
{
	struct seen_t zero = {}, *s;
	u32 prev = args->prev_pid, next = args->next_pid;

	s = switched_out.lookup_or_try_init(&prev, &zero);
	if (s) {
		s->count++;
		s->prio = args->prev_prio;
		__builtin_memcpy(s->comm, args->prev_comm, sizeof(s->comm));
	}
	s = switched_in.lookup_or_try_init(&next, &zero);
	if (s) {
		s->count++;
		s->prio = args->next_prio;
		__builtin_memcpy(s->comm, args->next_comm, sizeof(s->comm));
	}
	return 0;
}
