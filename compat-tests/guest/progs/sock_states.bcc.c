/* sock:inet_sock_set_state read through its record: bcc2core runs it as
 * tp_btf where the kernel's BTF has the tracepoint, each field read from the
 * socket the tracepoint is handed (rewriter/passes/tp_record_twin.c: the
 * ports, family and protocol, and the addresses as TP_STORE_ADDRS stores
 * them, an IPv4 socket's mapped into IPv6), and as a tracepoint elsewhere.
 * The workload (compat-tests/guest/e2e_truth.py) connects over 127.0.0.1
 * and over ::1 from sockets bound to ports it knows: a map entry per socket
 * (family, local port, remote port) says what each of its changes read,
 * copied as tcpstates and tcplife copy them. */
struct sock_key_t {
	u16 family;
	u16 sport;
	u16 dport;
	u16 pad;
};

struct changes_t {
	u64 count;
	u32 first_from;		/* the first change's old state */
	u32 first_to;		/* ... and new state */
	u64 to;			/* bit N: a change to state N */
	u64 from;		/* bit N: a change from state N */
	u64 skaddr;		/* the first change's */
	u64 skaddr_moved;	/* changes whose skaddr was another */
	u32 protocol;
	u32 saddr;		/* the addresses' bytes, as the record holds them */
	u32 daddr;
	u32 pad;
	u64 saddr_v6[2];
	u64 daddr_v6[2];
};

BPF_HASH(changes, struct sock_key_t, struct changes_t, 10240);

TRACEPOINT_PROBE(sock, inet_sock_set_state)
{
	struct sock_key_t key = {};
	struct changes_t zero = {}, *c;

	key.family = args->family;
	key.sport = args->sport;
	key.dport = args->dport;
	c = changes.lookup_or_try_init(&key, &zero);
	if (!c)
		return 0;
	if (c->count++ == 0) {
		c->first_from = args->oldstate;
		c->first_to = args->newstate;
		c->skaddr = (u64)args->skaddr;
	} else if (c->skaddr != (u64)args->skaddr) {
		c->skaddr_moved++;
	}
	c->to |= 1ULL << (args->newstate & 63);
	c->from |= 1ULL << (args->oldstate & 63);
	c->protocol = args->protocol;
	__builtin_memcpy(&c->saddr, args->saddr, sizeof(c->saddr));
	__builtin_memcpy(&c->daddr, args->daddr, sizeof(c->daddr));
	__builtin_memcpy(c->saddr_v6, args->saddr_v6, sizeof(c->saddr_v6));
	__builtin_memcpy(c->daddr_v6, args->daddr_v6, sizeof(c->daddr_v6));
	return 0;
}
