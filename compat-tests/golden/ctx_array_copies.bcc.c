/* Copies of a tracepoint's context arrays (tcpstates' and tcplife's
 * addresses): a copy of up to 16 bytes is one load per element, each with
 * its own relocated offset, as BCC's fixed-offset copy compiles (no helper
 * call); a longer one is a probe read of the same bytes. */
#include <net/sock.h>

struct addr4 {
	u64 skaddr;
	u32 saddr;
	u32 daddr;
};

struct addr6 {
	u64 skaddr;
	unsigned __int128 saddr;
	unsigned __int128 daddr;
};

struct names {
	char both[32];
};

BPF_PERF_OUTPUT(ipv4_events);
BPF_PERF_OUTPUT(ipv6_events);
BPF_PERF_OUTPUT(rename_events);

TRACEPOINT_PROBE(sock, inet_sock_set_state)
{
	if (args->protocol != IPPROTO_TCP)
		return 0;
	if (args->family == AF_INET) {
		struct addr4 a = { .skaddr = (u64)args->skaddr };

		__builtin_memcpy(&a.saddr, args->saddr, sizeof(a.saddr));
		__builtin_memcpy(&a.daddr, args->daddr, sizeof(a.daddr));
		ipv4_events.perf_submit(args, &a, sizeof(a));
	} else if (args->family == AF_INET6) {
		struct addr6 a = { .skaddr = (u64)args->skaddr };

		__builtin_memcpy(&a.saddr, args->saddr_v6, sizeof(a.saddr));
		__builtin_memcpy(&a.daddr, args->daddr_v6, sizeof(a.daddr));
		ipv6_events.perf_submit(args, &a, sizeof(a));
	}
	return 0;
}

/* 32 bytes from oldcomm on: over 16, a probe read */
TRACEPOINT_PROBE(task, task_rename)
{
	struct names n = {};

	__builtin_memcpy(&n.both, args->oldcomm, sizeof(n.both));
	rename_events.perf_submit(args, &n, sizeof(n));
	return 0;
}
