/* a header of twin_local_function.bcc.c's own: a function that reads ctx
 * where the rewriter does not look (the program keeps its kretprobe only) */
static inline int header_ret_ok(struct pt_regs *ctx)
{
	return PT_REGS_RC(ctx) == 0;
}
