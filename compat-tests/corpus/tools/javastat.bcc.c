BPF_HASH(java_gc__begin_counts, u32, u64);   // pid to event count
        
BPF_HASH(java_mem__pool__gc__begin_counts, u32, u64);   // pid to event count
        
BPF_HASH(java_thread__start_counts, u32, u64);   // pid to event count
        
BPF_HASH(java_class__loaded_counts, u32, u64);   // pid to event count
        
BPF_HASH(java_object__alloc_counts, u32, u64);   // pid to event count
        
BPF_HASH(java_method__entry_counts, u32, u64);   // pid to event count
        
BPF_HASH(java_ExceptionOccurred__entry_counts, u32, u64);   // pid to event count
        
int java_gc__begin(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = java_gc__begin_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int java_mem__pool__gc__begin(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = java_mem__pool__gc__begin_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int java_thread__start(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = java_thread__start_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int java_class__loaded(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = java_class__loaded_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int java_object__alloc(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = java_object__alloc_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int java_method__entry(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = java_method__entry_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int java_ExceptionOccurred__entry(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = java_ExceptionOccurred__entry_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
