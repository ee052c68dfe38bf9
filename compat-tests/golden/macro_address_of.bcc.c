/* A macro of the program's own that reads its argument with an explicit
 * probe read at the argument's address. The argument stays an lvalue (the
 * pointers on the way are read, the last step is an address), so &P still
 * compiles and the macro's read is the one that reads the field; outside
 * the macro the same fields are read as usual. */
#include <linux/skbuff.h>
#include <linux/netdevice.h>
#include <net/tcp.h>

#define KREAD(P) ({ typeof(P) __v = 0; bpf_probe_read_kernel(&__v, sizeof(__v), &P); __v; })

BPF_HASH(lens, u32, u64);

int kprobe__tcp_v4_rcv(struct pt_regs *ctx, struct sk_buff *skb)
{
	u32 ifindex = KREAD(skb->dev->ifindex);
	u64 len = KREAD(skb->len) + skb->data_len;
	char c = KREAD(skb->dev->name[0]);

	len += KREAD(TCP_SKB_CB(skb)->seq) & 1;
	if (c)
		lens.update(&ifindex, &len);
	return 0;
}
