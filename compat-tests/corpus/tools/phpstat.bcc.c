BPF_HASH(php_function__entry_counts, u32, u64);   // pid to event count
        
BPF_HASH(php_compile__file__entry_counts, u32, u64);   // pid to event count
        
BPF_HASH(php_exception__thrown_counts, u32, u64);   // pid to event count
        
int php_function__entry(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = php_function__entry_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int php_compile__file__entry(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = php_compile__file__entry_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int php_exception__thrown(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = php_exception__thrown_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
