/* A probe read from a map value the program looked up becomes a copy the
 * JIT inlines (opensnoop's and killsnoop's comm, gethostlatency's host);
 * a read it cannot prove stays inside the value keeps the helper. */
#include <linux/sched.h>

struct val_t {
	u32 pid;
	char comm[TASK_COMM_LEN];
	char host[80];
	u64 ts;
	u64 ptr;
};

struct data_t {
	u64 ts;
	char comm[TASK_COMM_LEN];
	char host[80];
	u64 ptr;
	char small[8];
};

struct big {
	u32 pid;
	char pad[200];
	char comm[TASK_COMM_LEN];
};

BPF_HASH(start, u32, struct val_t);
BPF_HASH(small_values, u32, u64);
BPF_F_TABLE("hash", u32, struct val_t, write_only, 1024, BPF_F_WRONLY_PROG);
BPF_PERF_OUTPUT(events);

#define FIELD(p) p->comm
#define SET(p, v) ((p) = (v))

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct val_t val = {};

	val.pid = pid;
	val.ts = bpf_ktime_get_ns();
	bpf_get_current_comm(&val.comm, sizeof(val.comm));
	start.update(&pid, &val);
	return 0;
}

TRACEPOINT_PROBE(sched, sched_process_exit)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct val_t *valp;
	struct data_t data = {};
	u64 p = 0;

	valp = start.lookup(&pid);
	if (valp == 0)
		return 0;
	/* inline: an array, an array through a cast, a field's address, the
	 * legacy helper's name, a part of a field */
	bpf_probe_read_kernel(&data.comm, sizeof(data.comm), valp->comm);
	bpf_probe_read_kernel(&data.host, sizeof(data.host), (void *)valp->host);
	bpf_probe_read(&p, sizeof(p), &valp->ptr);
	bpf_probe_read_kernel(data.small, 4, valp->comm);
	data.ptr = p;
	data.ts = valp->ts;
	/* the helper: more than the field, the call's value used */
	bpf_probe_read_kernel(&data.host, sizeof(data.host), valp->comm);
	if (bpf_probe_read_kernel(&data.small, sizeof(data.small), valp->comm) != 0)
		return 0;
	events.perf_submit(args, &data, sizeof(data));
	start.delete(&pid);
	return 0;
}

TRACEPOINT_PROBE(sched, sched_process_fork)
{
	u32 pid = args->parent_pid;
	struct val_t other = {};
	struct val_t *valp = start.lookup(&pid);
	struct val_t *wrong = (struct val_t *)small_values.lookup(&pid);
	char comm[TASK_COMM_LEN];

	/* the helper: a pointer that may hold something else, a value too
	 * small for the field */
	if (!valp)
		valp = &other;
	bpf_probe_read_kernel(&comm, sizeof(comm), valp->comm);
	if (wrong)
		bpf_probe_read_kernel(&comm, sizeof(comm), wrong->comm);
	bpf_trace_printk("%s\n", comm);
	return 0;
}

TRACEPOINT_PROBE(sched, sched_wakeup)
{
	u32 pid = args->pid;
	char comm[TASK_COMM_LEN];
	struct val_t *valp = start.lookup(&pid);

	/* not tested for NULL first: the helper where it is NULL */
	bpf_probe_read_kernel(&comm, sizeof(comm), valp->comm);
	bpf_trace_printk("%s\n", comm);
	return 0;
}

TRACEPOINT_PROBE(sched, sched_process_free)
{
	u32 pid = args->pid;
	char comm[TASK_COMM_LEN];
	struct val_t *valp = start.lookup(&pid);
	struct val_t *moved = start.lookup(&pid);
	struct val_t *set = start.lookup(&pid);
	struct val_t *w = write_only.lookup(&pid);
	int err;

	if (!valp || !moved || !set || !w)
		return 0;
	/* the helper: the pointer cast to a larger type, a field a macro
	 * names, a pointer moved in parentheses or set by a macro, a map the
	 * program may only write, the value of a statement expression, the
	 * operand __builtin_choose_expr() picks */
	bpf_probe_read_kernel(&comm, sizeof(comm), ((struct big *)valp)->comm);
	bpf_probe_read_kernel(&comm, sizeof(comm), FIELD(valp));
	(moved)++;
	bpf_probe_read_kernel(&comm, sizeof(comm), moved->comm);
	SET(set, (struct val_t *)small_values.lookup(&pid));
	if (set)
		bpf_probe_read_kernel(&comm, sizeof(comm), set->comm);
	bpf_probe_read_kernel(&comm, sizeof(comm), w->comm);
	err = ({ bpf_probe_read_kernel(&comm, sizeof(comm), valp->comm); });
	bpf_probe_read_kernel(&comm, sizeof(comm), __builtin_choose_expr(1, valp->comm, valp->host));
	bpf_trace_printk("%s %d\n", comm, err);
	return 0;
}
