// a header of its own, included as "repro_header.h": found next to the
// source when the object is compiled, wherever the build runs
#include "repro_header.h"

BPF_HASH(execs, u32, u64);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	execs.increment(exec_bucket(bpf_get_current_pid_tgid() >> 32));
	return 0;
}
