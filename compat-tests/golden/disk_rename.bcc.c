/* biosnoop/biotop/mdflush the way they were written for kernels before
 * 5.12/5.19: req->rq_disk and bio->bi_disk. Both fields are gone here; the
 * converted program reads the disk through a CO-RE reader that takes
 * whichever path (rq_disk or q->disk, bi_disk or bi_bdev->bd_disk) the
 * kernel has. */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>

struct disk_key_t {
	int major;
	int minor;
};

struct data_t {
	u64 sector;
	char disk_name[DISK_NAME_LEN];
};

BPF_HASH(counts, struct disk_key_t, u64);
BPF_PERF_OUTPUT(events);

int trace_req_completion(struct pt_regs *ctx, struct request *req)
{
	struct data_t data = {};
	struct gendisk *rq_disk = req->rq_disk;
	struct disk_key_t key = {
		.major = req->rq_disk->major,
		.minor = rq_disk->first_minor,
	};

	data.sector = req->__sector;
	bpf_probe_read_kernel(&data.disk_name, sizeof(data.disk_name),
			      req->rq_disk->disk_name);
	counts.increment(key);
	events.perf_submit(ctx, &data, sizeof(data));
	return 0;
}

/* the new path, written for 5.19+, runs on older kernels too */
int trace_req_start(struct pt_regs *ctx, struct request *req)
{
	struct disk_key_t key = {};

	key.major = req->q->disk->major;
	counts.increment(key);
	return 0;
}

int kprobe__md_flush_request(struct pt_regs *ctx, void *mddev, struct bio *bio)
{
	struct data_t data = {};

	bpf_probe_read_kernel(&data.disk_name, sizeof(data.disk_name),
			      bio->bi_disk->disk_name);
	data.sector = bio->bi_iter.bi_sector;
	events.perf_submit(ctx, &data, sizeof(data));
	return 0;
}
