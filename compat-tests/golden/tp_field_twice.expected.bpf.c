/* Converted from tp_field_twice.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* A tracepoint field read before and after helper calls: clang keeps its
 * relocated offset in a register across the calls and adds it to the
 * context pointer before the load, which the verifier refuses ("dereference
 * of modified ctx ptr"). build sees it and converts again with that field
 * read once at the program's start (tcplife's pattern); family, read once,
 * is a load as it was. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} birth SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} seen SEC(".maps");

SEC("tracepoint/sock/inet_sock_set_state")
int tracepoint__sock__inet_sock_set_state(struct trace_event_raw_inet_sock_set_state *args)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;

	if (args->family != 2)	/* AF_INET */
		return 0;
	if (args->newstate < TCP_FIN_WAIT1) {
		u64 ts = bpf_ktime_get_ns();

		bpf_map_update_elem(&birth, &pid, &ts, BPF_ANY);
	}
	if (args->newstate == TCP_SYN_SENT || args->newstate == TCP_LAST_ACK)
		bcc2core_map_increment(&seen, pid, 1);
	if (args->newstate != TCP_CLOSE)
		return 0;
	bpf_map_delete_elem(&birth, &pid);
	return 0;
}

SEC("tp_btf/inet_sock_set_state") __attribute__((btf_decl_tag("bcc2core:args_read=3"))) __attribute__((btf_decl_tag("bcc2core:tp_args=sii")))
int tracepoint__sock__inet_sock_set_state__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;

	if (((__u16)((const struct sock *)__bcc2core_ctx[0])->__sk_common.skc_family) != 2)	/* AF_INET */
		return 0;
	if (((int)__bcc2core_ctx[2]) < TCP_FIN_WAIT1) {
		u64 ts = bpf_ktime_get_ns();

		bpf_map_update_elem(&birth, &pid, &ts, BPF_ANY);
	}
	if (((int)__bcc2core_ctx[2]) == TCP_SYN_SENT || ((int)__bcc2core_ctx[2]) == TCP_LAST_ACK)
		bcc2core_map_increment(&seen, pid, 1);
	if (((int)__bcc2core_ctx[2]) != TCP_CLOSE)
		return 0;
	bpf_map_delete_elem(&birth, &pid);
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
