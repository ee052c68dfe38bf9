/* A BCC program, as a BCC tool would hand it to BPF(text=...): the sizes
 * read() returns, as a log2 histogram. */
#include <uapi/linux/ptrace.h>

BPF_HISTOGRAM(dist);

TRACEPOINT_PROBE(syscalls, sys_exit_read)
{
	if (args->ret <= 0)
		return 0;
	dist.increment(bpf_log2l(args->ret));
	return 0;
}
