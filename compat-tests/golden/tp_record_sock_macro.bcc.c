/* No tp_btf twin for sock:inet_sock_set_state where an address is copied
 * whole but by a call a macro spells (the walk leaves such a call as it
 * is, so the twin could not make it the socket's copy): the tracepoint
 * form alone, its copies left to the macros. */
#define copy_bytes __builtin_memcpy
#define COPY4(d, s) __builtin_memcpy(d, s, 4)

struct addrs_t {
	u32 saddr;
	u32 daddr;
};
BPF_HASH(addrs, u32, struct addrs_t);

TRACEPOINT_PROBE(sock, inet_sock_set_state)
{
	struct addrs_t a = {};
	u32 key = args->newstate;

	copy_bytes(&a.saddr, args->saddr, 4);
	COPY4(&a.daddr, args->daddr);
	addrs.update(&key, &a);
	return 0;
}
