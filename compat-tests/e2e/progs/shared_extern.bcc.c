/* Counts into the table shared_export.bcc.c shares. */
BPF_TABLE("extern", u32, u64, shared_execs, 1024);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
    u32 k = 2;

    shared_execs.increment(k);
    return 0;
}
