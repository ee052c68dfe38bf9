/* Two tracepoint programs and three syscall kprobes; the object carries two
 * forms of each kprobe (ksyscall/NAME and its syscall tracepoint NAME__tp),
 * of which a kernel loads only the one it runs. */
#include <uapi/linux/ptrace.h>

BPF_HASH(counts, u32, u64);

TRACEPOINT_PROBE(syscalls, sys_enter_getppid)
{
	u32 key = 1;

	counts.increment(key);
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_enter_getpgid)
{
	u32 key = 2;

	counts.increment(key);
	return 0;
}

int syscall__getsid(struct pt_regs *ctx)
{
	u32 key = 3;

	counts.increment(key);
	return 0;
}

int syscall__getpriority(struct pt_regs *ctx)
{
	u32 key = 4;

	counts.increment(key);
	return 0;
}

int syscall__sched_yield(struct pt_regs *ctx)
{
	u32 key = 5;

	counts.increment(key);
	return 0;
}
