/* Tracepoints whose record's fields are the tracepoint's arguments: a
 * tp_btf twin that fills the fields it reads (tp_record_twin.c). */
BPF_HASH(counts, u32, u64);
BPF_HASH(rets, u32, s64);
BPF_ARRAY(vecs, u64, 10);
BPF_PERF_OUTPUT(raised);
BPF_PERF_OUTPUT(conns);

/* twin: id from the registers' syscall number, ret from the argument */
TRACEPOINT_PROBE(raw_syscalls, sys_exit)
{
	u32 id = args->id;
	s64 ret = args->ret;

	if (args->ret < 0)
		return 0;
	counts.increment(id);
	rets.update(&id, &ret);
	return 0;
}

/* twin: id is the second argument */
TRACEPOINT_PROBE(raw_syscalls, sys_enter)
{
	u32 key = args->id + 1000;

	counts.increment(key);
	return 0;
}

/* twin */
TRACEPOINT_PROBE(irq, softirq_entry)
{
	u32 vec = args->vec;

	vecs.increment(vec);
	return 0;
}

/* twin, with no record: the body reads none of it */
TRACEPOINT_PROBE(irq, softirq_exit)
{
	u32 key = 2000;

	counts.increment(key);
	return 0;
}

/* no twin: a field the table does not know (not an argument as written) */
TRACEPOINT_PROBE(sched, sched_process_free)
{
	u32 pid = args->pid;

	counts.increment(pid);
	return 0;
}

/* twin: irq and ret are the first and third arguments */
TRACEPOINT_PROBE(irq, irq_handler_exit)
{
	u32 key = args->irq;

	if (args->ret)
		counts.increment(key);
	return 0;
}

/* no twin: the name is a string of the record (handing the record to
 * perf_submit as its context alone would not stop it) */
TRACEPOINT_PROBE(irq, irq_handler_entry)
{
	char name[16] = {};

	TP_DATA_LOC_READ_STR(name, name, sizeof(name));
	raised.perf_submit(args, name, sizeof(name));
	return 0;
}

/* no twin: a field read in a macro of the program's own */
#define SOFTIRQ_VEC (args->vec)
TRACEPOINT_PROBE(irq, softirq_raise)
{
	u32 vec = SOFTIRQ_VEC;

	vecs.increment(vec);
	return 0;
}

/* twin: the pids, prio and comms of the task_struct arguments prev and
 * next (the second and third) */
TRACEPOINT_PROBE(sched, sched_switch)
{
	struct comm_t {
		char comm[16];
	} c = {};
	u32 key = args->prev_pid + args->next_prio;

	bpf_probe_read_kernel(&c.comm, sizeof(c.comm), args->next_comm);
	if (c.comm[0] == 'x')
		counts.increment(key);
	return 0;
}

/* no twin: target_cpu is task_cpu(p), which depends on the kernel's config */
TRACEPOINT_PROBE(sched, sched_wakeup)
{
	u32 key = args->pid + args->target_cpu;

	counts.increment(key);
	return 0;
}

/* twin: exec's pid from its task, old_pid its second argument */
TRACEPOINT_PROBE(sched, sched_process_exec)
{
	u32 key = args->pid ^ args->old_pid;

	counts.increment(key);
	return 0;
}

/* twin: fork's parent and child are its two task_struct arguments */
TRACEPOINT_PROBE(sched, sched_process_fork)
{
	u32 key = args->child_pid - args->parent_pid;

	counts.increment(key);
	return 0;
}

/* twin: the record handed to perf_submit as its context is the form's own
 * context there; pid and comm from the exiting task (a copy through a cast
 * a probe read: no field to load from) */
TRACEPOINT_PROBE(sched, sched_process_exit)
{
	struct exit_t {
		u32 pid;
		char comm[16];
		char cast_comm[16];
	} e = {.pid = args->pid};

	__builtin_memcpy(&e.comm, args->comm, sizeof(e.comm));
	__builtin_memcpy(e.cast_comm, (const char *)args->comm, 16);
	raised.perf_submit(args, &e, sizeof(e));
	return 0;
}

/* no twin: the record read through another name */
TRACEPOINT_PROBE(sched, sched_wakeup_new)
{
	typeof(args) a = args;
	u32 pid = a->pid;

	counts.increment(pid);
	return 0;
}

/* twin: the socket's ports, family and protocol, its states from the
 * arguments; its addresses copied whole, each as TP_STORE_ADDRS stores it
 * (inet_sock's fields by probe reads: beyond struct sock, where the
 * verifier takes no load through the socket's BTF pointer) */
TRACEPOINT_PROBE(sock, inet_sock_set_state)
{
	struct conn_t {
		u16 sport, dport, family, protocol;
		int oldstate, newstate;
		u32 saddr, daddr;
		unsigned __int128 saddr_v6, daddr_v6;
	} c = {.sport = args->sport, .dport = args->dport, .family = args->family,
	       .protocol = args->protocol, .oldstate = args->oldstate,
	       .newstate = args->newstate};

	__builtin_memcpy(&c.saddr, args->saddr, sizeof(c.saddr));
	__builtin_memcpy(&c.daddr, args->daddr, 4);
	__builtin_memcpy(&c.saddr_v6, args->saddr_v6, sizeof(c.saddr_v6));
	__builtin_memcpy(&c.daddr_v6, args->daddr_v6, sizeof(c.daddr_v6));
	conns.perf_submit(args, &c, sizeof(c));
	return 0;
}
