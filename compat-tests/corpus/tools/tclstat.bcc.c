BPF_HASH(tcl_proc__entry_counts, u32, u64);   // pid to event count
        
BPF_HASH(tcl_obj__create_counts, u32, u64);   // pid to event count
        
int tcl_proc__entry(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = tcl_proc__entry_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int tcl_obj__create(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = tcl_obj__create_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
