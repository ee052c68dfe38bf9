/* Converted from tp_record_sock_parts.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* No tp_btf twin for sock:inet_sock_set_state where an address is read
 * other than by a copy of all of it (the twin has a whole copy only: the
 * kernel fills the record's address arrays from fields of other shapes),
 * here a byte of it and half of another: the tracepoint form alone. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} firsts SEC(".maps");

SEC("tracepoint/sock/inet_sock_set_state")
int tracepoint__sock__inet_sock_set_state(struct trace_event_raw_inet_sock_set_state *args)
{
	u32 key = args->saddr[0];
	u64 half = 0;

	({ __u64 __bcc2core_w[1]; if (__builtin_expect(bpf_core_field_offset(args->daddr_v6) % 8 == 0, 1)) { __bcc2core_w[0] = *(__u64 *)&args->daddr_v6[0]; } else { __bcc2core_w[0] = (__u64)(__u8)args->daddr_v6[0] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 56) | (__u64)(__u8)args->daddr_v6[1] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 8 : 48) | (__u64)(__u8)args->daddr_v6[2] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 16 : 40) | (__u64)(__u8)args->daddr_v6[3] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 24 : 32) | (__u64)(__u8)args->daddr_v6[4] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 32 : 24) | (__u64)(__u8)args->daddr_v6[5] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 40 : 16) | (__u64)(__u8)args->daddr_v6[6] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 48 : 8) | (__u64)(__u8)args->daddr_v6[7] << (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 56 : 0); } __builtin_memcpy((void *)(&half), __bcc2core_w, 8); });
	bpf_map_update_elem(&firsts, &key, &half, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
