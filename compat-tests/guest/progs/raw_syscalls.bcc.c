/* raw_syscalls and irq tracepoints read through their records: bcc2core
 * runs them as tp_btf where the kernel's BTF has the tracepoint, with the
 * fields filled from the tracepoint's arguments (rewriter/passes/
 * tp_record_twin.c), and as tracepoints elsewhere. The workload
 * (compat-tests/guest/e2e_truth.py) calls getppid(2) a known number of
 * times, and writes and syncs a file (a device interrupt); the softirqs
 * seen must all be of a known vector, and each interrupt handler's exit
 * must name the interrupt its entry on that CPU named, with a return of
 * IRQ_NONE, IRQ_HANDLED or IRQ_WAKE_THREAD. */
#define NR_GETPPID 110		/* x86_64 */
#define NR_SOFTIRQS 10

struct calls_t {
	u64 enters, exits;
	s64 ret_sum;
};

BPF_HASH(getppid_calls, u32, struct calls_t);	/* tgid -> its getppid calls */
BPF_ARRAY(softirq_vecs, u64, NR_SOFTIRQS + 1);	/* the last: a vector out of range */
BPF_PERCPU_ARRAY(irq_entered, int, 1);		/* the interrupt being handled, + 1 */
/* handler exits: 0 its entry's interrupt, 1 another, 2 no entry seen, 3 a
 * return out of range */
BPF_ARRAY(irq_exits, u64, 4);

TRACEPOINT_PROBE(raw_syscalls, sys_enter)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct calls_t zero = {}, *c;

	if (args->id != NR_GETPPID)
		return 0;
	c = getppid_calls.lookup_or_try_init(&tgid, &zero);
	if (c)
		__sync_fetch_and_add(&c->enters, 1);
	return 0;
}

TRACEPOINT_PROBE(raw_syscalls, sys_exit)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct calls_t *c;

	if (args->id != NR_GETPPID)
		return 0;
	c = getppid_calls.lookup(&tgid);
	if (!c)
		return 0;
	__sync_fetch_and_add(&c->exits, 1);
	__sync_fetch_and_add(&c->ret_sum, args->ret);
	return 0;
}

TRACEPOINT_PROBE(irq, softirq_entry)
{
	u32 vec = args->vec;

	if (vec >= NR_SOFTIRQS)
		vec = NR_SOFTIRQS;
	softirq_vecs.increment(vec);
	return 0;
}

TRACEPOINT_PROBE(irq, irq_handler_entry)
{
	int zero = 0, *irq = irq_entered.lookup(&zero);

	if (irq)
		*irq = args->irq + 1;
	return 0;
}

TRACEPOINT_PROBE(irq, irq_handler_exit)
{
	int zero = 0, *irq = irq_entered.lookup(&zero);
	u32 kind;

	if (!irq)
		return 0;
	kind = !*irq ? 2 : *irq == args->irq + 1 ? 0 : 1;
	irq_exits.increment(kind);
	if (args->ret < 0 || args->ret > 2)
		irq_exits.increment(3);
	*irq = 0;
	return 0;
}
