/* Shares its table (BPF_TABLE_PUBLIC): other programs declare it
 * BPF_TABLE("extern", ...) and count into it while this one runs. */
BPF_TABLE_PUBLIC("hash", u32, u64, shared_execs, 1024);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
    u32 k = 1;

    shared_execs.increment(k);
    return 0;
}
