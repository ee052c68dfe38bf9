/* A tracepoint field read before and after helper calls: clang keeps its
 * relocated offset in a register across the calls and adds it to the
 * context pointer before the load, which the verifier refuses ("dereference
 * of modified ctx ptr"). build sees it and converts again with that field
 * read once at the program's start (tcplife's pattern); family, read once,
 * is a load as it was. */
BPF_HASH(birth, u32, u64);
BPF_HASH(seen, u32, u64);

TRACEPOINT_PROBE(sock, inet_sock_set_state)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;

	if (args->family != 2)	/* AF_INET */
		return 0;
	if (args->newstate < TCP_FIN_WAIT1) {
		u64 ts = bpf_ktime_get_ns();

		birth.update(&pid, &ts);
	}
	if (args->newstate == TCP_SYN_SENT || args->newstate == TCP_LAST_ACK)
		seen.increment(pid);
	if (args->newstate != TCP_CLOSE)
		return 0;
	birth.delete(&pid);
	return 0;
}
