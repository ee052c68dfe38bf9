BPF_HASH(ruby_method__entry_counts, u32, u64);   // pid to event count
        
BPF_HASH(ruby_cmethod__entry_counts, u32, u64);   // pid to event count
        
BPF_HASH(ruby_gc__mark__begin_counts, u32, u64);   // pid to event count
        
BPF_HASH(ruby_gc__sweep__begin_counts, u32, u64);   // pid to event count
        
BPF_HASH(ruby_object__create_counts, u32, u64);   // pid to event count
        
BPF_HASH(ruby_hash__create_counts, u32, u64);   // pid to event count
        
BPF_HASH(ruby_string__create_counts, u32, u64);   // pid to event count
        
BPF_HASH(ruby_array__create_counts, u32, u64);   // pid to event count
        
BPF_HASH(ruby_require__entry_counts, u32, u64);   // pid to event count
        
BPF_HASH(ruby_load__entry_counts, u32, u64);   // pid to event count
        
BPF_HASH(ruby_raise_counts, u32, u64);   // pid to event count
        
int ruby_method__entry(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = ruby_method__entry_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int ruby_cmethod__entry(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = ruby_cmethod__entry_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int ruby_gc__mark__begin(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = ruby_gc__mark__begin_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int ruby_gc__sweep__begin(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = ruby_gc__sweep__begin_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int ruby_object__create(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = ruby_object__create_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int ruby_hash__create(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = ruby_hash__create_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int ruby_string__create(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = ruby_string__create_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int ruby_array__create(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = ruby_array__create_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int ruby_require__entry(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = ruby_require__entry_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int ruby_load__entry(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = ruby_load__entry_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
        
int ruby_raise(void *ctx) {
    u64 *valp, zero = 0;
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    valp = ruby_raise_counts.lookup_or_try_init(&tgid, &zero);
    if (valp) {
        ++(*valp);
    }
    return 0;
}
