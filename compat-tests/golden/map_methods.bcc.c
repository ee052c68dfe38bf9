/* Every map method a tracing program can call, with BCC's semantics:
 * increment inserts missing keys only in a plain HASH, lookup_or_init returns
 * from the program when the map is full, insert does not overwrite. */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>

struct val_t {
	u64 count;
	u64 bytes;
};

struct event_t {
	u32 pid;
	int stack_id;
	char comm[TASK_COMM_LEN];
};

BPF_HASH(counts, u32, u64);
BPF_HASH(vals, u32, struct val_t);
BPF_PERCPU_HASH(pcounts, u32, u64);
BPF_TABLE("lru_hash", u32, u64, lcounts, 128);
BPF_ARRAY(acounts, u64, 16);
BPF_PERCPU_ARRAY(scratch, struct event_t, 1);
BPF_STACK_TRACE(stacks, 128);
BPF_PERF_OUTPUT(events);
BPF_RINGBUF_OUTPUT(ring, 4);
BPF_QUEUE(queue, u64, 16);
BPF_STACK(stack, u64, 16);
BPF_PROG_ARRAY(jumps, 4);
BPF_PERF_ARRAY(cycles, 64);
BPF_CGROUP_ARRAY(cgroups, 1);
BPF_TASK_STORAGE(task_store, u64);

int kprobe__vfs_read(struct pt_regs *ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 zero = 0, one = 1, *v, popped;
	struct val_t vzero = {}, *vp;
	struct event_t *e;
	int idx = 0;

	counts.increment(pid);
	counts.increment(pid, 10);
	counts.atomic_increment(pid, 2);
	pcounts.increment(pid);
	lcounts.increment(pid);
	acounts.increment(pid & 15);
	counts.insert(&pid, &one);
	counts.update(&pid, &zero);
	v = counts.lookup(&pid);
	if (v)
		counts.delete(&pid);
	vp = vals.lookup_or_try_init(&pid, &vzero);
	if (vp)
		vp->count++;
	vp = vals.lookup_or_init(&pid, &vzero);
	vp->bytes += 4096;
	vals.lookup_or_try_init(&pid, &vzero)->count += 0;

	e = scratch.lookup(&idx);
	if (!e)
		return 0;
	e->pid = pid;
	e->stack_id = stacks.get_stackid(ctx, BPF_F_USER_STACK);
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	events.perf_submit(ctx, e, sizeof(*e));
	ring.ringbuf_output(e, sizeof(*e), 0);
	struct event_t *r = ring.ringbuf_reserve(sizeof(struct event_t));
	if (r) {
		r->pid = pid;
		if (ring.ringbuf_query(BPF_RB_AVAIL_DATA) > 1024)
			ring.ringbuf_discard(r, 0);
		else
			ring.ringbuf_submit(r, 0);
	}

	queue.push(&one, BPF_EXIST);
	queue.pop(&popped);
	stack.push(&one, 0);
	stack.peek(&popped);

	u64 cyc = cycles.perf_read(CUR_CPU_IDENTIFIER);
	struct bpf_perf_event_value pv = {};
	cycles.perf_counter_value(CUR_CPU_IDENTIFIER, &pv, sizeof(pv));
	if (cgroups.check_current_task(0) == 1)
		return 0;

	struct task_struct *task = bpf_get_current_task_btf();
	u64 *ts = task_store.task_storage_get(task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (ts)
		*ts = cyc;
	task_store.task_storage_delete(task);

	jumps.call(ctx, 2);
	return 0;
}
