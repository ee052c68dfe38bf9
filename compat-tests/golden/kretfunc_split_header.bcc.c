/* A KRETFUNC_PROBE whose header is chosen by #if (opensnoop's, on
 * CONFIG_ARCH_HAS_SYSCALL_WRAPPER): the kretprobe form copies the body from
 * its opening brace, which lies inside the branch taken. The copy keeps no
 * directive of the groups around the header, and none of the branch not
 * taken: in the first function that is the #else branch, in the second the
 * #if branch. */
BPF_HASH(opens, u32, u64);

#ifndef NO_SUCH_MACRO
KRETFUNC_PROBE(do_sys_openat2, int dfd, const char *filename, int ret)
{
	u32 flags = 0;
#else
KRETFUNC_PROBE(do_sys_openat2, int dfd, const char *filename, struct open_how *how, int ret)
{
	u32 flags = how->flags;
#endif
#ifdef NO_SUCH_MACRO_EITHER
	flags |= 1;
#endif
	if (ret < 0 || dfd == 7 || flags)
		return 0;
	opens.increment(bpf_get_current_pid_tgid() >> 32);
	return 0;
}

#ifdef NO_SUCH_MACRO
KRETFUNC_PROBE(do_filp_open, int dfd, struct filename *pathname, struct file *ret)
{
	u32 key = 1;
#else
KRETFUNC_PROBE(do_filp_open, int dfd, struct filename *pathname, const struct open_flags *op,
	       struct file *ret)
{
	u32 key = 2;
#endif
	if (!ret || dfd == 7)
		return 0;
	opens.increment(key);
	return 0;
}
