/* bcc2core_runtime__from_object()'s fixture (compat-tests/unit/
 * test_from_object.c): one program on getppid (--attach ksyscall:getppid
 * in compat-tests/CMakeLists.txt), so the object has several forms of it
 * (kprobe, fentry, syscall tracepoint) of which one must attach; its calls
 * counted per process and a log2 histogram of a constant. */
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
