/* Syscall tracepoint arguments, return values and syscall numbers: what a
 * syscalls:sys_enter_* / sys_exit_* program is handed moved between kernels
 * and differs under PREEMPT_RT, so each is checked against known values.
 * The workload (compat-tests/guest/e2e_truth.py) opens a path that does not
 * exist (/nonexistent-bcc2core/x) with known flags, reads exactly 37 bytes of /dev/zero, and
 * sends signal 12 to a pid that does not exist; then preads 37 bytes at a
 * known position above 4 GiB and maps /dev/zero at offset 8192 (the
 * fourth, fifth and sixth arguments' registers: r10, r8, r9). */
#include <uapi/linux/ptrace.h>

#define NO_SUCH_PID 4000000

BPF_HASH(open_flags, u32, u64);		/* tgid -> openat flags of the marker */
BPF_HASH(open_nr, u32, int);		/* tgid -> __syscall_nr of that openat */
BPF_HASH(kill_sig, u32, int);		/* tgid -> sig sent to NO_SUCH_PID */
BPF_HASH(kill_nr, u32, int);		/* tgid -> __syscall_nr of that kill */
BPF_HASH(kill_ret, u32, long);		/* tgid -> what that kill returned */
BPF_HASH(read_ret, u32, long);		/* tgid -> last read() return after the marker */
BPF_HASH(marked, u32, u32);		/* tgids that opened the marker */
BPF_HASH(pread_pos, u32, u64);		/* tgid -> pos of a pread() of 37 bytes */
BPF_HASH(mmap_fd, u32, int);		/* tgid -> fd of an mmap() at offset 8192 */
BPF_HASH(mmap_len, u32, u64);		/* tgid -> its length */

TRACEPOINT_PROBE(syscalls, sys_enter_openat)
{
	char path[16] = {};
	u32 tgid = bpf_get_current_pid_tgid() >> 32;
	u64 flags = args->flags;
	int nr = args->__syscall_nr;

	bpf_probe_read_user_str(path, sizeof(path), args->filename);
	/* "/nonexistent-b...": spelled out, BCC keeps no string constants */
	if (path[0] != '/' || path[1] != 'n' || path[2] != 'o' || path[3] != 'n' ||
	    path[4] != 'e' || path[5] != 'x' || path[6] != 'i' || path[7] != 's' ||
	    path[8] != 't' || path[9] != 'e' || path[10] != 'n' || path[11] != 't' ||
	    path[12] != '-' || path[13] != 'b')
		return 0;
	open_flags.update(&tgid, &flags);
	open_nr.update(&tgid, &nr);
	marked.update(&tgid, &tgid);
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_exit_read)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;
	long ret = args->ret;

	if (marked.lookup(&tgid))
		read_ret.update(&tgid, &ret);
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_enter_kill)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;
	int sig = args->sig, nr = args->__syscall_nr;

	if (args->pid != NO_SUCH_PID)
		return 0;
	kill_sig.update(&tgid, &sig);
	kill_nr.update(&tgid, &nr);
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_exit_kill)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;
	long ret = args->ret;

	if (kill_sig.lookup(&tgid))
		kill_ret.update(&tgid, &ret);
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_enter_pread64)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;
	u64 pos = args->pos;

	if (args->count == 37 && marked.lookup(&tgid))
		pread_pos.update(&tgid, &pos);
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_enter_mmap)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;
	int fd = args->fd;
	u64 len = args->len;

	if (args->off == 8192 && marked.lookup(&tgid)) {
		mmap_fd.update(&tgid, &fd);
		mmap_len.update(&tgid, &len);
	}
	return 0;
}
