/* kcost: a filename filter, as opensnoop -n and friends read a user string */
BPF_ARRAY(hits, u64, 1);

TRACEPOINT_PROBE(syscalls, sys_enter_openat)
{
	char name[32] = {};
	int zero = 0;

	bpf_probe_read_user_str(&name, sizeof(name), args->filename);
	if (name[0] == '/' && name[1] == 'd' && name[2] == 'e' && name[3] == 'v' && name[4] == '/')
		hits.increment(zero);
	return 0;
}
