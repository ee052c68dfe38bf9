/* bcc2core_runtime__from_object()'s fixture (compat-tests/unit/
 * test_from_object.c): one program on getppid (--attach ksyscall:getppid
 * in compat-tests/CMakeLists.txt), so the object has several forms of it
 * (kprobe, fentry, syscall tracepoint) of which one must attach; its calls
 * counted per process and a log2 histogram of a constant. And a raw
 * tracepoint, which has a tp_btf twin: every syscall counted per process
 * and syscall number. */
#include <uapi/linux/ptrace.h>

BPF_HASH(calls, u32, u64);
BPF_HISTOGRAM(dist);

int on_getppid(struct pt_regs *ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;

	calls.increment(pid);
	dist.increment(bpf_log2l(1000));
	return 0;
}

struct raw_key {
	u32 pid;
	u32 nr;
};
BPF_HASH(raw_calls, struct raw_key, u64);

RAW_TRACEPOINT_PROBE(sys_enter)
{
	struct raw_key key = {};

	key.pid = bpf_get_current_pid_tgid() >> 32;
	key.nr = ctx->args[1];
	raw_calls.increment(key);
	return 0;
}
