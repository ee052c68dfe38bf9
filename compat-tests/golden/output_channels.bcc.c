#include <uapi/linux/ptrace.h>
#include <linux/sched.h>

struct data_t {
	u32 pid;
	u64 ts;
	char comm[TASK_COMM_LEN];
	char fname[64];
};
BPF_PERF_OUTPUT(events);
BPF_RINGBUF_OUTPUT(rb, 8);
BPF_HISTOGRAM(dist);

TRACEPOINT_PROBE(syscalls, sys_enter_openat)
{
	struct data_t data = {};
	data.pid = bpf_get_current_pid_tgid() >> 32;
	data.ts = bpf_ktime_get_ns();
	bpf_get_current_comm(&data.comm, sizeof(data.comm));
	bpf_probe_read_user_str(&data.fname, sizeof(data.fname), args->filename);
	events.perf_submit(args, &data, sizeof(data));
	rb.ringbuf_output(&data, sizeof(data), 0);
	dist.increment(bpf_log2l(args->flags + 1));
	bpf_trace_printk("open %s flags=%d\n", data.fname, args->flags);
	return 0;
}
