/* Converted from io_direction.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* READ and WRITE, the direction an iov_iter carries (<linux/fs.h>, which
 * vmlinux.h lacks; bcc2core_defs.h has them), as ttysnoop tests it. */



struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, int);
	__type(value, u64);
} writes SEC(".maps");

static __always_inline int kprobe__tty_write__body(void *ctx, struct kiocb *iocb, struct iov_iter *from, bool bcc2core_btf_args)
{
	int dir = (bcc2core_btf_args ? from->data_source : BPF_CORE_READ(from, data_source)) == WRITE ? WRITE : READ;

	bcc2core_map_increment_existing(&writes, dir, 1);
	return 0;
}

SEC("kprobe/tty_write")
int BPF_KPROBE(kprobe__tty_write, struct kiocb *iocb, struct iov_iter *from)
{
	return kprobe__tty_write__body(ctx, iocb, from, false);
}

SEC("fentry/tty_write") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__tty_write__fentry, struct kiocb *iocb, struct iov_iter *from)
{
	return kprobe__tty_write__body(ctx, iocb, from, true);
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
