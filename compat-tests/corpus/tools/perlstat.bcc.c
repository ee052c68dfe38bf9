BPF_HASH(perl_sub__entry_counts, u32, u64);   // pid to event count
        
int perl_sub__entry(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = perl_sub__entry_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
