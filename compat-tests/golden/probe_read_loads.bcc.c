/* Probe reads the program spells itself, bpf_probe_read_kernel(&v,
 * sizeof(v), &p->field): a plain load v = p->field in the BTF-typed form
 * (tp_btf, fentry) where p is the argument that form reads so, the call in
 * the other form; and where the two would not do the same, the call in
 * both. */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include <net/sock.h>

struct event_t { u32 pid; u32 tgid; u16 family; };
BPF_HASH(start, u32, u64);
BPF_HASH(seen, u32, struct event_t);
BPF_PERF_OUTPUT(events);

/* plain loads in the tp_btf form: into locals, and a local struct's member */
RAW_TRACEPOINT_PROBE(sched_wakeup_new)
{
	struct task_struct *p = (struct task_struct *)ctx->args[0];
	struct event_t e = {};
	u32 tgid, pid;

	bpf_probe_read_kernel(&tgid, sizeof(tgid), &p->tgid);
	bpf_probe_read(&pid, sizeof(pid), &p->pid);
	bpf_probe_read_kernel(&e.tgid, sizeof(e.tgid), (void *)&p->tgid);
	e.pid = pid;
	u64 ts = bpf_ktime_get_ns();
	start.update(&pid, &ts);
	events.perf_submit(ctx, &e, sizeof(e));
	return tgid == 0;
}

/* the call in both forms */
RAW_TRACEPOINT_PROBE(sched_switch)
{
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	struct task_struct *next = (struct task_struct *)ctx->args[2];
	u32 pid = 0;
	long wide;
	struct event_t *ev;

	/* its value is used */
	if (bpf_probe_read_kernel(&pid, sizeof(pid), &prev->pid) != 0)
		return 0;
	/* it copies more than the field holds */
	bpf_probe_read_kernel(&wide, sizeof(long), &next->pid);
	/* into a map's value, not a local */
	ev = seen.lookup(&pid);
	if (ev)
		bpf_probe_read_kernel(&ev->pid, sizeof(ev->pid), &next->pid);
	/* a byte copied into a bool: the assignment would change 2 into 1 */
	bool flag;
	bpf_probe_read_kernel(&flag, sizeof(flag), &next->rcu_tasks_idx);
	/* two pointers deep: the first step is read, the last copied */
	bpf_probe_read_kernel(&pid, sizeof(pid), &next->real_parent->tgid);
	return wide + pid + flag;
}

/* the fentry form: a kprobe's argument */
int kprobe__tcp_rcv_established(struct pt_regs *ctx, struct sock *sk)
{
	struct event_t e = {};

	bpf_probe_read_kernel(&e.family, sizeof(e.family), &sk->__sk_common.skc_family);
	e.pid = bpf_get_current_pid_tgid();
	seen.update(&e.pid, &e);
	return 0;
}
