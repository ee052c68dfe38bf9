/* memleak's and biolatpcts' tracepoints. Their records' BTF structs were
 * renamed between kernels (kfree: trace_event_raw_kmem_free, now
 * trace_event_raw_kfree; block_rq_complete: trace_event_raw_block_rq_complete,
 * now trace_event_raw_block_rq_completion; kmalloc, kmem_cache_alloc and
 * kmem_cache_free alike). The converted reads take whichever name the kernel
 * has, so the object relocates on both sides of the renames. */
struct alloc_info_t {
	u64 size;
	u64 call_site;
};

BPF_HASH(allocs, u64, struct alloc_info_t, 1000000);
BPF_HASH(sizes, u64, u64);
BPF_HISTOGRAM(rq_bytes);

TRACEPOINT_PROBE(kmem, kmalloc) {
	struct alloc_info_t info = {};
	u64 addr = (u64)args->ptr;

	info.size = args->bytes_alloc;
	info.call_site = args->call_site;
	allocs.update(&addr, &info);
	return 0;
}

TRACEPOINT_PROBE(kmem, kmem_cache_alloc) {
	struct alloc_info_t info = {};
	u64 addr = (u64)args->ptr;

	info.size = args->bytes_alloc;
	allocs.update(&addr, &info);
	return 0;
}

TRACEPOINT_PROBE(kmem, kfree) {
	u64 addr = (u64)args->ptr;

	allocs.delete(&addr);
	return 0;
}

TRACEPOINT_PROBE(kmem, kmem_cache_free) {
	u64 addr = (u64)args->ptr;

	allocs.delete(&addr);
	return 0;
}

TRACEPOINT_PROBE(block, block_rq_complete) {
	char rwbs[8];
	u64 dev = args->dev;

	bpf_probe_read_kernel(rwbs, sizeof(rwbs), args->rwbs);
	if (rwbs[0] == 'R')
		rq_bytes.increment(bpf_log2l(args->nr_sector * 512));
	sizes.increment(dev, args->nr_sector);
	return 0;
}
