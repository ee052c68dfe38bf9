// rewriter/edits.c:128 edits__render(): qsort(NULL, 0, ...) when no edit
// falls in the range (UBSan nonnull-attribute; suppressed in ubsan.supp
// until fixed)
BPF_HASH(counts, u32, u64);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	u32 pid = args->pid;

	counts.increment(pid);
	return 0;
}
