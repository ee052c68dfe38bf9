/* Tracepoints whose record's fields are the tracepoint's arguments: a
 * tp_btf twin that fills the fields it reads (tp_record_twin.c). */
BPF_HASH(counts, u32, u64);
BPF_HASH(rets, u32, s64);
BPF_ARRAY(vecs, u64, 10);
BPF_PERF_OUTPUT(raised);

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

/* no twin: the name is a string of the record, the record handed to
 * perf_submit (its context) */
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
