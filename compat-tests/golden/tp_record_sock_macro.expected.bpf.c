/* Converted from tp_record_sock_macro.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

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
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, struct addrs_t);
} addrs SEC(".maps");

SEC("tracepoint/sock/inet_sock_set_state")
int tracepoint__sock__inet_sock_set_state(struct trace_event_raw_inet_sock_set_state *args)
{
	struct addrs_t a = {};
	u32 key = args->newstate;

	copy_bytes(&a.saddr, args->saddr, 4);
	COPY4(&a.daddr, args->daddr);
	bpf_map_update_elem(&addrs, &key, &a, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
