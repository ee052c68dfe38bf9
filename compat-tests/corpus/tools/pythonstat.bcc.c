BPF_HASH(python_function__entry_counts, u32, u64);   // pid to event count
        
BPF_HASH(python_gc__start_counts, u32, u64);   // pid to event count
        
int python_function__entry(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = python_function__entry_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int python_gc__start(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = python_gc__start_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
