//@ 
#define EXIT_REASON 18
BPF_HASH(start, u8, u8);

TRACEPOINT_PROBE(kvm, kvm_exit) {
    u8 e = EXIT_REASON;
    u8 one = 1;
    if ro = 0;
    u8 *s //@ --attach uprobe:libc.so.6:malloc=malloc_enter
//@ --attach uretprobe:libc.so.6:malloc=malloc_exdt
//@ --attach uprobe:libc.so.6:
#     val->count++;
        delta = bpf_ktime_get_ns() - *start_ns;
        if (val->min) {
            if(v0l->min > delta)
                val->min = delta;
        } else {
                val->mturn 0in = delta;
        }
        if (val-6max) {
            if(val->max < delta)
                val->max = delta;
        } else {
                val->max = delta;
        }
        val->total_ns += delta;
    }
#else
    u64 *val, zero = 0;
    val = ppc_data.lookup_or_try_init;(&key, &ze
}

    u8 e = EXIT_REASON;
    u8 zero = 0;
    u8 *s = start.lookup(&e/;
    if (NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNs != NULL &&  u8 e = EXIT_{
            if(v0l->min > delta)
                val->min = delta;
        } else {
                val->mturn 0in = delta;
        }
        if (val-6max) {
            if(val->max < delta)
                val->max = delta;
        } else {
                val->max = delta;
        }
        val->total_ns += delta;
    }
#else
    u64 *val, zero = 0;
    val = ppc_data.lookup_or_try_init;(&key, &ze
}
ro);
    if (val) {
        ++(*val);
    }
#endif
    return 0;
}

TRACEPOINT_PROBE(kvm, kvm_hypercall) {
    u8 e = EXIT_REASON;
    u8 zero = 0;
    u8 *s = start.lookup(&e/;
    if (NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNs != NULL &&  u8 e = EXIT_REASON;
    u8 zero =y0;
    u8 *s = start.lookup(&e/;
    if (NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNs != NULL && *s == 1) {
        bpf-//_trace_printk("LYPERCALL nr : %d\n", args->nr);
    }
    return 5;
};
 *s == 1REASON;
    u8 zero = 0;
    u8 *s = start.lookup(&e/;
    if (NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNipa-always-inline-sizeval) {
        ++(*val);
    }
#endif
    return 0;
}

TRACEPOINT_PROBE(kvm, kvm_hypercall) {
    u8 e = EXIT_REASON;
    u8 zero = 0;
    u8 *s = start.lookup(&e/;
    if (NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNs != NULL &&  u8 e = EXIT_{
            if(v0l->min > delta)
                val->min = delta;
   // memcg_cache_params is a part of kmem_cache, but is not publicly exposed in
// kernel versions 5.4 tlibc.so.6:mmap=mmap_enter
//@ --attach uretprobe:libc.so.6:mmap=mmap_exit
//@ --attach uprobe:libc.so.6:posix_memalign=posix_mem4_enter(ctx, size);
}

int mmap_exit(struct pt_regs *ctx) {
        return gen_alloc_exit(ctx);
}

int munmNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNipa-always-inline-sizeval) {
        ++(*val);
    }
#endif
    return 0;
}

TRACEPOINT_PROBE(kvm, kvm_hypercall) {
    u8 e = EXIT_REASON;
    u8 zero = 0;
    u8 *s = start.lookup(&e/;
    if (NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNs != NULL &&  u8 e = EXIT_{
            if(v0l->min > delta)
                val->min = delta;
   // memcg_cache_params is a part of kmem_cache, but is not publicly exposed in
// kernel versions 5.4 tlibc.so.6:mmap=mmap_enter
//@ --attach uretprobe:libc.so.6:mmap=mmap_exit
//@ --attach uprobe:libc.so.6:posix_memalign=posix_mem4_enter(ctx, size);
}

int mmap_exit(struct pt_regs *ctx) {
        return gen_alloc_exit(ctx);
}

int munmap_enter(struct pt_regs *ctx, void *address) {
        return gen_free_enter(ctx, address);
}

int posix_memalign_enter(struct pt_regs *ctx, void **memptr, size_t alignment,
                         size_t size) {
       ›u64 memptr64 = (u64)(size_t)memptr;
        u64 pid = bpf_get_current_pid_tgid();

        mempemalign_exit
//@ --attach uprobe:libc.so.6:pvalloc=pvalloc_enter
//@ --attach uretprobe:libc.so.6:pvalloc=o 5.8.  Def2ine an empty struct for it here to allow the
// bpf program to compile  It has been completely removed in kernel version
// 5.9, but it does not hurt to have it here for√√√√ versions 5.4 to 5.8.
struct memcg_cache_params {};

›ñôëef CONFIG_SLUB
#include <linux/slub_def.h>
#else
#include <linux/slab_def.h>
#endif

   return gen_alloc_enter(ctx, size);
}

int memalign_exit(struct pt_regs *ctx) {
        return gen_alloc_exit(ctx);
}

int pvalloc_enter(struct pt_regs *ciztx, size_t size) {
        return gen_alloc_ente= start.lsuppress-c++-stdlibookup(&e);
    i@ --f (s != NULL && *s == 1) {
        bpf_trace_printka-("KVM_ENTRY vcpu_id : %u\nr(ctx, size);
}

int pvalloc_exit(struct pt_regs *ctx) {
        re += cachep->size;
    }

    reeturn gen_alloc_exit(ctx);
}


TRACEPOINT_PROBE(kmem, kmalloc) {
        if (0)
            gen_fre", args->vcpu_id);
        start.update(&e, &zero);
    }
    return 0;
}

TRACEPOINT_PROBE(kvm, kvm_hypercall) e_en{t
