/* Converted from ctx_array_copies.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Copies of a tracepoint's context arrays (tcpstates' and tcplife's
 * addresses): a copy of up to 16 bytes is one load per element, each with
 * its own relocated offset, as BCC's fixed-offset copy compiles (no helper
 * call); a longer one is a probe read of the same bytes. */


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

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} ipv4_events SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=struct addr4")));
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} ipv6_events SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=struct addr6")));
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} rename_events SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=struct names")));

SEC("tracepoint/sock/inet_sock_set_state")
int tracepoint__sock__inet_sock_set_state(struct trace_event_raw_inet_sock_set_state *args)
{
	if (args->protocol != IPPROTO_TCP)
		return 0;
	if (args->family == AF_INET) {
		struct addr4 a = { .skaddr = (u64)args->skaddr };

		({ __u32 __bcc2core_w[1]; if (__builtin_expect(bpf_core_field_offset(args->saddr) % 4 == 0, 1)) { __bcc2core_w[0] = *(__u32 *)&args->saddr[0]; } else { __bcc2core_w[0] = (__u32)(__u8)args->saddr[0] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 24) | (__u32)(__u8)args->saddr[1] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 16) | (__u32)(__u8)args->saddr[2] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 8) | (__u32)(__u8)args->saddr[3] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 0); } __builtin_memcpy((void *)(&a.saddr), __bcc2core_w, 4); });
		({ __u32 __bcc2core_w[1]; if (__builtin_expect(bpf_core_field_offset(args->daddr) % 4 == 0, 1)) { __bcc2core_w[0] = *(__u32 *)&args->daddr[0]; } else { __bcc2core_w[0] = (__u32)(__u8)args->daddr[0] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 24) | (__u32)(__u8)args->daddr[1] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 16) | (__u32)(__u8)args->daddr[2] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 8) | (__u32)(__u8)args->daddr[3] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 0); } __builtin_memcpy((void *)(&a.daddr), __bcc2core_w, 4); });
		bpf_perf_event_output(args, &ipv4_events, BPF_F_CURRENT_CPU, &a, sizeof(a));
	} else if (args->family == AF_INET6) {
		struct addr6 a = { .skaddr = (u64)args->skaddr };

		({ __u64 __bcc2core_w[2]; if (__builtin_expect(bpf_core_field_offset(args->saddr_v6) % 8 == 0, 1)) { __bcc2core_w[0] = *(__u64 *)&args->saddr_v6[0]; __bcc2core_w[1] = *(__u64 *)&args->saddr_v6[8]; } else { __bcc2core_w[0] = (__u64)(__u8)args->saddr_v6[0] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 56) | (__u64)(__u8)args->saddr_v6[1] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 48) | (__u64)(__u8)args->saddr_v6[2] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 40) | (__u64)(__u8)args->saddr_v6[3] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 32) | (__u64)(__u8)args->saddr_v6[4] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 32 : 24) | (__u64)(__u8)args->saddr_v6[5] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 40 : 16) | (__u64)(__u8)args->saddr_v6[6] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 48 : 8) | (__u64)(__u8)args->saddr_v6[7] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 56 : 0); __bcc2core_w[1] = (__u64)(__u8)args->saddr_v6[8] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 56) | (__u64)(__u8)args->saddr_v6[9] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 48) | (__u64)(__u8)args->saddr_v6[10] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 40) | (__u64)(__u8)args->saddr_v6[11] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 32) | (__u64)(__u8)args->saddr_v6[12] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 32 : 24) | (__u64)(__u8)args->saddr_v6[13] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 40 : 16) | (__u64)(__u8)args->saddr_v6[14] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 48 : 8) | (__u64)(__u8)args->saddr_v6[15] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 56 : 0); } __builtin_memcpy((void *)(&a.saddr), __bcc2core_w, 16); });
		({ __u64 __bcc2core_w[2]; if (__builtin_expect(bpf_core_field_offset(args->daddr_v6) % 8 == 0, 1)) { __bcc2core_w[0] = *(__u64 *)&args->daddr_v6[0]; __bcc2core_w[1] = *(__u64 *)&args->daddr_v6[8]; } else { __bcc2core_w[0] = (__u64)(__u8)args->daddr_v6[0] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 56) | (__u64)(__u8)args->daddr_v6[1] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 48) | (__u64)(__u8)args->daddr_v6[2] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 40) | (__u64)(__u8)args->daddr_v6[3] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 32) | (__u64)(__u8)args->daddr_v6[4] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 32 : 24) | (__u64)(__u8)args->daddr_v6[5] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 40 : 16) | (__u64)(__u8)args->daddr_v6[6] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 48 : 8) | (__u64)(__u8)args->daddr_v6[7] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 56 : 0); __bcc2core_w[1] = (__u64)(__u8)args->daddr_v6[8] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 56) | (__u64)(__u8)args->daddr_v6[9] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 48) | (__u64)(__u8)args->daddr_v6[10] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 40) | (__u64)(__u8)args->daddr_v6[11] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 32) | (__u64)(__u8)args->daddr_v6[12] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 32 : 24) | (__u64)(__u8)args->daddr_v6[13] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 40 : 16) | (__u64)(__u8)args->daddr_v6[14] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 48 : 8) | (__u64)(__u8)args->daddr_v6[15] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 56 : 0); } __builtin_memcpy((void *)(&a.daddr), __bcc2core_w, 16); });
		bpf_perf_event_output(args, &ipv6_events, BPF_F_CURRENT_CPU, &a, sizeof(a));
	}
	return 0;
}

SEC("tp_btf/inet_sock_set_state") __attribute__((btf_decl_tag("bcc2core:args_read=1"))) __attribute__((btf_decl_tag("bcc2core:tp_args=sii")))
int tracepoint__sock__inet_sock_set_state__tp_btf(unsigned long long *__bcc2core_ctx)
{
	if (((__u16)((const struct sock *)__bcc2core_ctx[0])->sk_protocol) != IPPROTO_TCP)
		return 0;
	if (((__u16)((const struct sock *)__bcc2core_ctx[0])->__sk_common.skc_family) == AF_INET) {
		struct addr4 a = { .skaddr = (u64)((const void *)__bcc2core_ctx[0]) };

		({ const struct sock *__bcc2core_sk = ((const struct sock *)__bcc2core_ctx[0]); __u32 __bcc2core_a = ({ struct tcp_sock *__bcc2core_tp = bpf_skc_to_tcp_sock((void *)__bcc2core_sk); __bcc2core_tp ? __bcc2core_tp->inet_conn.icsk_inet.inet_saddr : BPF_CORE_READ((const struct inet_sock *)__bcc2core_sk, inet_saddr); }); __builtin_memcpy((void *)(&a.saddr), &__bcc2core_a, 4); });
		({ const struct sock *__bcc2core_sk = ((const struct sock *)__bcc2core_ctx[0]); __u32 __bcc2core_a = __bcc2core_sk->__sk_common.skc_daddr; __builtin_memcpy((void *)(&a.daddr), &__bcc2core_a, 4); });
		bpf_perf_event_output(__bcc2core_ctx, &ipv4_events, BPF_F_CURRENT_CPU, &a, sizeof(a));
	} else if (((__u16)((const struct sock *)__bcc2core_ctx[0])->__sk_common.skc_family) == AF_INET6) {
		struct addr6 a = { .skaddr = (u64)((const void *)__bcc2core_ctx[0]) };

		({ const struct sock *__bcc2core_sk = ((const struct sock *)__bcc2core_ctx[0]); __u32 __bcc2core_a[4]; if (__bcc2core_sk->__sk_common.skc_family == 10 /* AF_INET6 */) { __bcc2core_a[0] = __bcc2core_sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[0]; __bcc2core_a[1] = __bcc2core_sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[1]; __bcc2core_a[2] = __bcc2core_sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[2]; __bcc2core_a[3] = __bcc2core_sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[3]; } else { __bcc2core_a[0] = 0; __bcc2core_a[1] = 0; __bcc2core_a[2] = bpf_htonl(0xffff); __bcc2core_a[3] = ({ struct tcp_sock *__bcc2core_tp = bpf_skc_to_tcp_sock((void *)__bcc2core_sk); __bcc2core_tp ? __bcc2core_tp->inet_conn.icsk_inet.inet_saddr : BPF_CORE_READ((const struct inet_sock *)__bcc2core_sk, inet_saddr); }); } __builtin_memcpy((void *)(&a.saddr), __bcc2core_a, 16); });
		({ const struct sock *__bcc2core_sk = ((const struct sock *)__bcc2core_ctx[0]); __u32 __bcc2core_a[4]; if (__bcc2core_sk->__sk_common.skc_family == 10 /* AF_INET6 */) { __bcc2core_a[0] = __bcc2core_sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[0]; __bcc2core_a[1] = __bcc2core_sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[1]; __bcc2core_a[2] = __bcc2core_sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[2]; __bcc2core_a[3] = __bcc2core_sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[3]; } else { __bcc2core_a[0] = 0; __bcc2core_a[1] = 0; __bcc2core_a[2] = bpf_htonl(0xffff); __bcc2core_a[3] = __bcc2core_sk->__sk_common.skc_daddr; } __builtin_memcpy((void *)(&a.daddr), __bcc2core_a, 16); });
		bpf_perf_event_output(__bcc2core_ctx, &ipv6_events, BPF_F_CURRENT_CPU, &a, sizeof(a));
	}
	return 0;
}

/* 32 bytes from oldcomm on: over 16, a probe read */
SEC("tracepoint/task/task_rename")
int tracepoint__task__task_rename(struct trace_event_raw_task_rename *args)
{
	struct names n = {};

	bpf_probe_read_kernel(&n.both, sizeof(n.both), args->oldcomm);
	bpf_perf_event_output(args, &rename_events, BPF_F_CURRENT_CPU, &n, sizeof(n));
	return 0;
}

/* bcc2core run decodes events with these BTF types */
struct addr4 *__bcc2core_event_ipv4_events SEC(".bcc2core.types") __attribute__((used));
struct addr6 *__bcc2core_event_ipv6_events SEC(".bcc2core.types") __attribute__((used));
struct names *__bcc2core_event_rename_events SEC(".bcc2core.types") __attribute__((used));

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
