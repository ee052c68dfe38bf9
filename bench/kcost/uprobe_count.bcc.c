/* kcost: a uprobe on libc's getppid counting per tgid (attached with
 * attach_uprobe(name="c", sym="getppid", fn_name="on_getppid")) */
BPF_HASH(calls, u32, u64);

int on_getppid(struct pt_regs *ctx)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;

	calls.increment(tgid);
	return 0;
}
