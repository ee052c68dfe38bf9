/* User probes and their context: a function that never reads its context
 * is tagged bcc2core:ctx_unused (the runtime may attach it at any user
 * probe, as ustat attaches USDT functions by address); one that reads it,
 * directly, through a helper it passes it to or through an argument
 * parameter, is not. */
BPF_HASH(counts, u32, u64);

/* ustat's kind: void *ctx, never read */
int count_only(void *ctx) {
    u32 k = 1;
    counts.increment(k);
    return 0;
}

/* reads a USDT argument: bound to its probe */
int reads_arg(void *ctx) {
    u64 v = 0;
    bpf_usdt_readarg(1, ctx, &v);
    u32 k = v;
    counts.increment(k);
    return 0;
}

static inline u32 first_arg(struct pt_regs *regs) {
    return PT_REGS_PARM1(regs);
}

/* a uprobe that hands its context to a helper */
int via_helper(struct pt_regs *ctx) {
    u32 k = first_arg(ctx);
    counts.increment(k);
    return 0;
}

/* reads its first argument (from the context's registers) */
int reads_param(struct pt_regs *ctx, size_t size) {
    u32 k = size;
    counts.increment(k);
    return 0;
}

/* a uretprobe that never reads its context */
int ret_count(struct pt_regs *ctx) {
    u32 k = 2;
    counts.increment(k);
    return 0;
}

/* reads its context through a macro */
#define FIRST_ARG(c) PT_REGS_PARM1((struct pt_regs *)(c))
int via_macro(void *ctx) {
    u32 k = FIRST_ARG(ctx);
    counts.increment(k);
    return 0;
}

/* hands its context to a tail call */
BPF_PROG_ARRAY(jumps, 2);
int tail_calls(void *ctx) {
    jumps.call(ctx, 0);
    return 0;
}
