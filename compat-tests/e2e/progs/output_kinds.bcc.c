/* Every output channel: perf buffer, ring buffer, printk, a log2 histogram,
 * an array and a per-CPU array, fed by one tracepoint. */
#include <linux/sched.h>

struct event_t {
	u32 pid;
	u32 flags;
	char comm[TASK_COMM_LEN];
	char fname[96];
};

BPF_PERF_OUTPUT(events);
BPF_RINGBUF_OUTPUT(ring, 8);
BPF_HISTOGRAM(name_len);
BPF_ARRAY(opens, u64, 1);
BPF_PERCPU_ARRAY(opens_percpu, u64, 1);

TRACEPOINT_PROBE(syscalls, sys_enter_openat)
{
	struct event_t e = {};
	int zero = 0, len;
	char marker[] = "bcc2core-marker";

	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.flags = args->flags;
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	len = bpf_probe_read_user_str(&e.fname, sizeof(e.fname), args->filename);
	/* only the test's own files */
	for (int i = 0; i < sizeof(marker) - 1; i++) {
		if (i + 5 >= sizeof(e.fname) || e.fname[i + 5] != marker[i])
			return 0;
	}
	events.perf_submit(args, &e, sizeof(e));
	ring.ringbuf_output(&e, sizeof(e), 0);
	name_len.increment(bpf_log2l(len));
	opens.increment(zero);
	opens_percpu.increment(zero);
	bpf_trace_printk("open %s by %d\n", e.fname, e.pid);
	return 0;
}
