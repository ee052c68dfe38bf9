/* Converted from disk_rename.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* biosnoop/biotop/mdflush the way they were written for kernels before
 * 5.12/5.19: req->rq_disk and bio->bi_disk. Both fields are gone here; the
 * converted program reads the disk through a CO-RE reader that takes
 * whichever path (rq_disk or q->disk, bi_disk or bi_bdev->bd_disk) the
 * kernel has. */



struct disk_key_t {
	int major;
	int minor;
};

struct data_t {
	u64 sector;
	char disk_name[DISK_NAME_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct disk_key_t);
	__type(value, u64);
} counts SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} events SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=struct data_t")));

SEC("kprobe")
int BPF_KPROBE(trace_req_completion, struct request *req)
{
	struct data_t data = {};
	struct gendisk *rq_disk = bcc2core_request_disk(req);
	struct disk_key_t key = {
		.major = BPF_CORE_READ(bcc2core_request_disk(req), major),
		.minor = BPF_CORE_READ(rq_disk, first_minor),
	};

	data.sector = BPF_CORE_READ(req, __sector);
	bpf_probe_read_kernel(&data.disk_name, sizeof(data.disk_name),
			      bcc2core_request_disk(req)->disk_name);
	bcc2core_map_increment(&counts, key, 1);
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &data, sizeof(data));
	return 0;
}

/* the new path, written for 5.19+, runs on older kernels too */
SEC("kprobe")
int BPF_KPROBE(trace_req_start, struct request *req)
{
	struct disk_key_t key = {};

	key.major = BPF_CORE_READ(bcc2core_request_disk(req), major);
	bcc2core_map_increment(&counts, key, 1);
	return 0;
}

SEC("kprobe/md_flush_request")
int BPF_KPROBE(kprobe__md_flush_request, void *mddev, struct bio *bio)
{
	struct data_t data = {};

	bpf_probe_read_kernel(&data.disk_name, sizeof(data.disk_name),
			      bcc2core_bio_disk(bio)->disk_name);
	data.sector = BPF_CORE_READ(bio, bi_iter.bi_sector);
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &data, sizeof(data));
	return 0;
}

/* bcc2core run decodes events with these BTF types */
struct data_t *__bcc2core_event_events SEC(".bcc2core.types") __attribute__((used));

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
