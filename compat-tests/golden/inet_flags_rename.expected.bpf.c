/* Converted from inet_flags_rename.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* bindsnoop's socket options the way a program for kernels before 6.6
 * reads them: inet_sock bitfields, which 6.6 turned into bits of
 * inet_flags. The converted program reads each through a CO-RE reader
 * that takes the bitfield where it exists, else the inet_flags bit. */



struct bind_opts_t {
	u8 freebind;
	u8 transparent;
	u8 bind_address_no_port;
	u8 reuseport;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, struct socket *);
} currsock SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} events SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=struct bind_opts_t")));

SEC("kprobe")
int BPF_KPROBE(bindsnoop_entry, struct socket *sock)
{
	u32 tid = bpf_get_current_pid_tgid();

	bpf_map_update_elem(&currsock, &tid, &sock, BPF_ANY);
	return 0;
}

SEC("kprobe") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int bindsnoop_v4_return(struct pt_regs *ctx)
{
	u32 tid = bpf_get_current_pid_tgid();
	struct socket **skpp = bpf_map_lookup_elem(&currsock, &tid);
	struct bind_opts_t opts = {};

	if (skpp == 0)
		return 0;
	struct sock *skp = BPF_CORE_READ((*skpp), sk);
	struct inet_sock *sockp = (struct inet_sock *)skp;

	opts.freebind = bcc2core_inet_sock_freebind(sockp);
	opts.transparent = bcc2core_inet_sock_transparent(sockp);
	if (bcc2core_inet_sock_bind_address_no_port(sockp))
		opts.bind_address_no_port = 1;
	opts.reuseport = BPF_CORE_READ_BITFIELD_PROBED(skp, __sk_common.skc_reuseport);
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &opts, sizeof(opts));
	bpf_map_delete_elem(&currsock, &tid);
	return 0;
}

/* bcc2core run decodes events with these BTF types */
struct bind_opts_t *__bcc2core_event_events SEC(".bcc2core.types") __attribute__((used));

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
