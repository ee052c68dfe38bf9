/* Kernel pointers reached through pointers to them: a stack slot written
 * through a pointer, two levels of them, a static helper that takes and
 * returns a pointer to one, and a pointer read from kernel memory
 * (kernel_execve's argv, an array of kernel strings). Each kernel read becomes a CO-RE or probe read. */
#include <uapi/linux/ptrace.h>
#include <net/sock.h>

static struct sock **pick(struct sock **a, struct sock **b)
{
	return *a ? a : b;
}

static u32 daddr_of(struct sock ***sppp)
{
	return ((struct sock *)(**sppp))->sk_daddr;
}

int kprobe__tcp_v4_connect(struct pt_regs *ctx, struct sock *sk)
{
	struct sock *slot;
	struct sock **sp = &slot;
	struct sock ***spp = &sp;
	struct sock **chosen;
	u32 sum;

	*sp = sk;
	*spp = sp;
	sum = ((struct sock *)(*sp))->sk_daddr;
	sum += (**spp)->sk_rcv_saddr;
	chosen = pick(&sk, sp);
	sum += (*chosen)->sk_dport;
	return sum + daddr_of(spp);
}

int kprobe__kernel_execve(struct pt_regs *ctx, const char *filename, char **argv)
{
	char first = (*argv)[1];

	return first == '-';
}
