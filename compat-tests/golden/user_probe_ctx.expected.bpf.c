/* Converted from user_probe_ctx.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/usdt.bpf.h>
#include "bcc2core.bpf.h"

/* User probes and their context: a function that never reads its context
 * is tagged bcc2core:ctx_unused (the runtime may attach it at any user
 * probe, as ustat attaches USDT functions by address); one that reads it,
 * directly, through a helper it passes it to or through an argument
 * parameter, is not. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} counts SEC(".maps");

/* ustat's kind: void *ctx, never read */
SEC("usdt") __attribute__((btf_decl_tag("bcc2core:ctx_unused")))
int count_only(void *ctx) {
    u32 k = 1;
    bcc2core_map_increment(&counts, k, 1);
    return 0;
}

/* reads a USDT argument: bound to its probe */
SEC("usdt")
int reads_arg(void *ctx) {
    u64 v = 0;
    bcc2core_usdt_readarg(1, ctx, &v);
    u32 k = v;
    bcc2core_map_increment(&counts, k, 1);
    return 0;
}

static inline u32 first_arg(struct pt_regs *regs) {
    return PT_REGS_PARM1(regs);
}

/* a uprobe that hands its context to a helper */
SEC("uprobe//lib/x86_64-linux-gnu/libc.so.6:malloc") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int via_helper(struct pt_regs *ctx) {
    u32 k = first_arg(ctx);
    bcc2core_map_increment(&counts, k, 1);
    return 0;
}

/* reads its first argument (from the context's registers) */
SEC("uprobe//lib/x86_64-linux-gnu/libc.so.6:free")
int BPF_KPROBE(reads_param, size_t size) {
    u32 k = size;
    bcc2core_map_increment(&counts, k, 1);
    return 0;
}

/* a uretprobe that never reads its context */
SEC("uretprobe//lib/x86_64-linux-gnu/libc.so.6:malloc") __attribute__((btf_decl_tag("bcc2core:ctx_unused"))) __attribute__((btf_decl_tag("bcc2core:args_unused")))
int ret_count(struct pt_regs *ctx) {
    u32 k = 2;
    bcc2core_map_increment(&counts, k, 1);
    return 0;
}

/* reads its context through a macro */
#define FIRST_ARG(c) PT_REGS_PARM1((struct pt_regs *)(c))
SEC("usdt")
int via_macro(void *ctx) {
    u32 k = FIRST_ARG(ctx);
    bcc2core_map_increment(&counts, k, 1);
    return 0;
}

/* hands its context to a tail call */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(u32));
} jumps SEC(".maps");
SEC("usdt")
int tail_calls(void *ctx) {
    bpf_tail_call(ctx, &jumps, 0);
    return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
