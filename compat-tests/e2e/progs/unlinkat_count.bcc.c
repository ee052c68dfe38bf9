/* A syscall kprobe, the BCC way: on kernels without kprobes bcc2core runs
 * it on the syscalls:sys_enter_unlinkat tracepoint instead. */
#include <uapi/linux/ptrace.h>

struct name_t {
	char name[64];
};

BPF_HASH(counts, u32, u64);
BPF_HASH(last_name, u32, struct name_t);

int syscall__unlinkat(struct pt_regs *ctx, int dfd, const char __user *pathname, int flag)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct name_t n = {};

	bpf_probe_read_user_str(&n.name, sizeof(n.name), pathname);
	counts.increment(pid);
	last_name.update(&pid, &n);
	return 0;
}
