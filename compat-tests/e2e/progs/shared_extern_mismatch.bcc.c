/* The shared table with the wrong value size: an error, not a wrong map. */
BPF_TABLE("extern", u32, u32, shared_execs, 1024);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
    u32 k = 3, *v = shared_execs.lookup(&k);

    if (v)
        *v += 1;
    return 0;
}
