/* Tables shared between programs: BPF_TABLE_PUBLIC and BPF_TABLE_SHARED
 * are maps of this program tagged for others to find while it runs; a
 * BPF_TABLE("extern", ...) is another program's, which bcc2core run uses
 * (its type here is a placeholder). */
BPF_TABLE_PUBLIC("hash", u32, u64, pub_counts, 1024);
BPF_TABLE_SHARED("array", int, u64, shared_slots, 4);
BPF_TABLE("extern", u32, u64, other_counts, 1024);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
    u32 k = 1;
    int slot = 0;

    pub_counts.increment(k);
    shared_slots.increment(slot);
    other_counts.increment(k);
    return 0;
}
