/* bindsnoop's socket options the way a program for kernels before 6.6
 * reads them: inet_sock bitfields, which 6.6 turned into bits of
 * inet_flags. The converted program reads each through a CO-RE reader
 * that takes the bitfield where it exists, else the inet_flags bit. */
#include <net/sock.h>
#include <net/inet_sock.h>

struct bind_opts_t {
	u8 freebind;
	u8 transparent;
	u8 bind_address_no_port;
	u8 reuseport;
};

BPF_HASH(currsock, u32, struct socket *);
BPF_PERF_OUTPUT(events);

int bindsnoop_entry(struct pt_regs *ctx, struct socket *sock)
{
	u32 tid = bpf_get_current_pid_tgid();

	currsock.update(&tid, &sock);
	return 0;
}

int bindsnoop_v4_return(struct pt_regs *ctx)
{
	u32 tid = bpf_get_current_pid_tgid();
	struct socket **skpp = currsock.lookup(&tid);
	struct bind_opts_t opts = {};

	if (skpp == 0)
		return 0;
	struct sock *skp = (*skpp)->sk;
	struct inet_sock *sockp = (struct inet_sock *)skp;

	opts.freebind = sockp->freebind;
	opts.transparent = sockp->transparent;
	if (sockp->bind_address_no_port)
		opts.bind_address_no_port = 1;
	opts.reuseport = skp->sk_reuseport;
	events.perf_submit(ctx, &opts, sizeof(opts));
	currsock.delete(&tid);
	return 0;
}
