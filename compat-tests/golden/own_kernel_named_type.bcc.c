/* A struct of the program's own under a kernel type's name, with fields
 * the kernel's lacks and one spelled like a compat macro (sk_daddr). BCC
 * compiles it as the program wrote it; here it gets a name of its own at
 * every use, the macro is undefined for it, and its reads are plain probe
 * reads (nothing to relocate). Kernel types next to it read as usual. */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>

struct sock {
	u32 *sk_daddr;
	u64 cookie;
};

struct pair_t {
	struct sock *s;
	u32 pid;
};

BPF_HASH(seen, u32, struct pair_t);

static u32 first_addr(struct sock *s)
{
	return *(s->sk_daddr);
}

int kprobe__tcp_v4_connect(struct pt_regs *ctx, struct sock *sk)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	struct pair_t p = {};
	u32 key = first_addr(sk);

	p.s = sk;
	p.pid = t->tgid;
	if (sk->cookie)
		seen.update(&key, &p);
	return 0;
}
