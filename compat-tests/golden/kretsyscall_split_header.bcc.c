/* A kretsyscall program whose header is chosen by #if, with PT_REGS_RC in
 * its body: its tracepoint form copies the body (PT_REGS_RC redefined around
 * the copy) from the opening brace, inside the branch taken; the copy keeps
 * none of the directives around the header (golden kretfunc_split_header
 * for the shared-body forms). */
BPF_HASH(rets, u64, u64);

#ifdef NO_SUCH_MACRO
int on_ret(struct pt_regs *ctx, int unused)
{
	u64 tag = 1;
#else
int on_ret(struct pt_regs *ctx)
{
	u64 tag = 2;
#endif
	u64 rc = PT_REGS_RC(ctx);

	rets.increment(rc + tag);
	return 0;
}
