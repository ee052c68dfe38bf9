/* kcost: a hash keyed by a struct (tgid and comm), as syscount -L keys */
struct key_t {
	u32 tgid;
	char comm[16];
};
BPF_HASH(calls, struct key_t, u64);

TRACEPOINT_PROBE(syscalls, sys_enter_getppid)
{
	struct key_t key = {.tgid = bpf_get_current_pid_tgid() >> 32};

	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	calls.increment(key);
	return 0;
}
