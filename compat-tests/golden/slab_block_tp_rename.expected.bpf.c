/* Converted from slab_block_tp_rename.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* kmem:kmalloc's record: struct trace_event_raw_kmem_alloc on some kernels, trace_event_raw_kmalloc on
 * others; reads take whichever the kernel has */
struct trace_event_raw_kmem_alloc___bcc2core_kmalloc {
	typeof(((struct trace_event_raw_kmalloc *)0)->call_site) call_site;
	typeof(((struct trace_event_raw_kmalloc *)0)->ptr) ptr;
	typeof(((struct trace_event_raw_kmalloc *)0)->bytes_req) bytes_req;
	typeof(((struct trace_event_raw_kmalloc *)0)->bytes_alloc) bytes_alloc;
	typeof(((struct trace_event_raw_kmalloc *)0)->gfp_flags) gfp_flags;
	typeof(((struct trace_event_raw_kmalloc *)0)->node) node;
} __attribute__((preserve_access_index));

/* kmem:kmem_cache_alloc's record: struct trace_event_raw_kmem_alloc on some kernels, trace_event_raw_kmem_cache_alloc on
 * others; reads take whichever the kernel has */
struct trace_event_raw_kmem_alloc___bcc2core_kmem_cache_alloc {
	typeof(((struct trace_event_raw_kmem_cache_alloc *)0)->call_site) call_site;
	typeof(((struct trace_event_raw_kmem_cache_alloc *)0)->ptr) ptr;
	typeof(((struct trace_event_raw_kmem_cache_alloc *)0)->__data_loc_name) __data_loc_name;
	typeof(((struct trace_event_raw_kmem_cache_alloc *)0)->bytes_req) bytes_req;
	typeof(((struct trace_event_raw_kmem_cache_alloc *)0)->bytes_alloc) bytes_alloc;
	typeof(((struct trace_event_raw_kmem_cache_alloc *)0)->gfp_flags) gfp_flags;
	typeof(((struct trace_event_raw_kmem_cache_alloc *)0)->node) node;
	typeof(((struct trace_event_raw_kmem_cache_alloc *)0)->accounted) accounted;
} __attribute__((preserve_access_index));

/* kmem:kfree's record: struct trace_event_raw_kmem_free on some kernels, trace_event_raw_kfree on
 * others; reads take whichever the kernel has */
struct trace_event_raw_kmem_free___bcc2core_kfree {
	typeof(((struct trace_event_raw_kfree *)0)->call_site) call_site;
	typeof(((struct trace_event_raw_kfree *)0)->ptr) ptr;
} __attribute__((preserve_access_index));

/* kmem:kmem_cache_free's record: struct trace_event_raw_kmem_free on some kernels, trace_event_raw_kmem_cache_free on
 * others; reads take whichever the kernel has */
struct trace_event_raw_kmem_free___bcc2core_kmem_cache_free {
	typeof(((struct trace_event_raw_kmem_cache_free *)0)->call_site) call_site;
	typeof(((struct trace_event_raw_kmem_cache_free *)0)->ptr) ptr;
	typeof(((struct trace_event_raw_kmem_cache_free *)0)->__data_loc_name) __data_loc_name;
} __attribute__((preserve_access_index));

/* block:block_rq_complete's record: struct trace_event_raw_block_rq_complete on some kernels, trace_event_raw_block_rq_completion on
 * others; reads take whichever the kernel has */
struct trace_event_raw_block_rq_complete___bcc2core_block_rq_complete {
	typeof(((struct trace_event_raw_block_rq_completion *)0)->dev) dev;
	typeof(((struct trace_event_raw_block_rq_completion *)0)->sector) sector;
	typeof(((struct trace_event_raw_block_rq_completion *)0)->nr_sector) nr_sector;
	typeof(((struct trace_event_raw_block_rq_completion *)0)->error) error;
	typeof(((struct trace_event_raw_block_rq_completion *)0)->ioprio) ioprio;
	typeof(((struct trace_event_raw_block_rq_completion *)0)->rwbs) rwbs;
	typeof(((struct trace_event_raw_block_rq_completion *)0)->__data_loc_cmd) __data_loc_cmd;
} __attribute__((preserve_access_index));

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

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1000000);
	__type(key, u64);
	__type(value, struct alloc_info_t);
} allocs SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u64);
	__type(value, u64);
} sizes SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, int);
	__type(value, u64);
} rq_bytes SEC(".maps") __attribute__((btf_decl_tag("bcc2core:histogram")));

SEC("tracepoint/kmem/kmalloc")
int tracepoint__kmem__kmalloc(struct trace_event_raw_kmalloc *args) {
	struct alloc_info_t info = {};
	u64 addr = (u64)bcc2core_tp_read(args, trace_event_raw_kmem_alloc___bcc2core_kmalloc, ptr);

	info.size = bcc2core_tp_read(args, trace_event_raw_kmem_alloc___bcc2core_kmalloc, bytes_alloc);
	info.call_site = bcc2core_tp_read(args, trace_event_raw_kmem_alloc___bcc2core_kmalloc, call_site);
	bpf_map_update_elem(&allocs, &addr, &info, BPF_ANY);
	return 0;
}

SEC("tracepoint/kmem/kmem_cache_alloc")
int tracepoint__kmem__kmem_cache_alloc(struct trace_event_raw_kmem_cache_alloc *args) {
	struct alloc_info_t info = {};
	u64 addr = (u64)bcc2core_tp_read(args, trace_event_raw_kmem_alloc___bcc2core_kmem_cache_alloc, ptr);

	info.size = bcc2core_tp_read(args, trace_event_raw_kmem_alloc___bcc2core_kmem_cache_alloc, bytes_alloc);
	bpf_map_update_elem(&allocs, &addr, &info, BPF_ANY);
	return 0;
}

SEC("tracepoint/kmem/kfree")
int tracepoint__kmem__kfree(struct trace_event_raw_kfree *args) {
	u64 addr = (u64)bcc2core_tp_read(args, trace_event_raw_kmem_free___bcc2core_kfree, ptr);

	bpf_map_delete_elem(&allocs, &addr);
	return 0;
}

SEC("tracepoint/kmem/kmem_cache_free")
int tracepoint__kmem__kmem_cache_free(struct trace_event_raw_kmem_cache_free *args) {
	u64 addr = (u64)bcc2core_tp_read(args, trace_event_raw_kmem_free___bcc2core_kmem_cache_free, ptr);

	bpf_map_delete_elem(&allocs, &addr);
	return 0;
}

SEC("tracepoint/block/block_rq_complete")
int tracepoint__block__block_rq_complete(struct trace_event_raw_block_rq_completion *args) {
	char rwbs[8];
	u64 dev = bcc2core_tp_read(args, trace_event_raw_block_rq_complete___bcc2core_block_rq_complete, dev);

	bpf_probe_read_kernel(rwbs, sizeof(rwbs), bcc2core_tp_field(args, trace_event_raw_block_rq_complete___bcc2core_block_rq_complete, rwbs));
	if (rwbs[0] == 'R')
		bcc2core_map_increment_existing(&rq_bytes, bpf_log2l(bcc2core_tp_read(args, trace_event_raw_block_rq_complete___bcc2core_block_rq_complete, nr_sector) * 512), 1);
	bcc2core_map_increment(&sizes, dev, bcc2core_tp_read(args, trace_event_raw_block_rq_complete___bcc2core_block_rq_complete, nr_sector));
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
