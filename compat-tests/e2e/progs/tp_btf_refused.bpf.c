// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Written by hand, not by the rewriter (which makes no twin of a body
 * computing with a pointer argument): a raw tracepoint and a tp_btf twin
 * the verifier refuses, for the runtime's fallback to raw_tp after a
 * failed load. The knob and the map size are set before load and must
 * survive the object being opened again. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

const volatile u32 step = 1;

struct exec_t {
	u32 count;
	u32 task_hash;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, u32);
	__type(value, struct exec_t);
} execs SEC(".maps");

static __always_inline int count_exec(struct bpf_raw_tracepoint_args *ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct exec_t zero = {}, *e;

	bpf_map_update_elem(&execs, &pid, &zero, BPF_NOEXIST);
	e = bpf_map_lookup_elem(&execs, &pid);
	if (!e)
		return 0;
	e->count += step;
	/* a u64 under raw_tp; under tp_btf a task_struct pointer, which may
	 * not be multiplied */
	e->task_hash = (u32)(ctx->args[0] * 2654435761u);
	return 0;
}

SEC("raw_tracepoint/sched_process_exec")
int exec_count(struct bpf_raw_tracepoint_args *ctx)
{
	return count_exec(ctx);
}

SEC("tp_btf/sched_process_exec") __attribute__((btf_decl_tag("bcc2core:args_read=1")))
int exec_count__tp_btf(struct bpf_raw_tracepoint_args *ctx)
{
	return count_exec(ctx);
}

char LICENSE[] SEC("license") = "GPL";
