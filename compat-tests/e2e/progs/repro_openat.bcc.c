// a syscall tracepoint: its arguments by name
#include <uapi/linux/limits.h>

struct data_t {
	u32 pid;
	int flags;
	char fname[64];
};
BPF_PERF_OUTPUT(events);

TRACEPOINT_PROBE(syscalls, sys_enter_openat)
{
	struct data_t data = {};

	data.pid = bpf_get_current_pid_tgid() >> 32;
	data.flags = args->flags;
	bpf_probe_read_user_str(&data.fname, sizeof(data.fname), args->filename);
	events.perf_submit(args, &data, sizeof(data));
	return 0;
}
