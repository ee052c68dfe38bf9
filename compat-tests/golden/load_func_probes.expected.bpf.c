/* Converted from load_func_probes.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Programs a BCC tool loads by name (b.load_func("count_foo", BPF.KPROBE))
 * and attaches itself: --attach section:KIND=NAME. Their arguments still
 * come from registers, as an auto-attached kprobe's do. */



struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u64);
	__type(value, u64);
} sums SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u64);
	__type(value, u64);
} files SEC(".maps");

SEC("kprobe")
int BPF_KPROBE(count_foo, unsigned long a, unsigned long b)
{
	u64 k = a + b;

	bcc2core_map_increment(&sums, k, 1);
	return 0;
}

SEC("kprobe")
int BPF_KPROBE(count_file, struct file *file)
{
	u64 k = BPF_CORE_READ(file, f_flags);

	bcc2core_map_increment(&files, k, 1);
	return 0;
}

SEC("kretprobe") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int count_ret(struct pt_regs *ctx)
{
	u64 k = PT_REGS_RC(ctx);

	bcc2core_map_increment(&sums, k, 1);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(on_alloc, size_t size)
{
	u64 k = size;

	bcc2core_map_increment(&sums, k, 1);
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
