/* No tp_btf twin for sock:inet_sock_set_state where an address is read
 * other than by a copy of all of it (the twin has a whole copy only: the
 * kernel fills the record's address arrays from fields of other shapes),
 * here a byte of it and half of another: the tracepoint form alone. */
BPF_HASH(firsts, u32, u64);

TRACEPOINT_PROBE(sock, inet_sock_set_state)
{
	u32 key = args->saddr[0];
	u64 half = 0;

	__builtin_memcpy(&half, args->daddr_v6, sizeof(half));
	firsts.update(&key, &half);
	return 0;
}
