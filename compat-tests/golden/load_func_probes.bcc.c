/* Programs a BCC tool loads by name (b.load_func("count_foo", BPF.KPROBE))
 * and attaches itself: --attach section:KIND=NAME. Their arguments still
 * come from registers, as an auto-attached kprobe's do. */
#include <uapi/linux/ptrace.h>
#include <linux/fs.h>

BPF_HASH(sums, u64);
BPF_HASH(files, u64, u64);

int count_foo(struct pt_regs *ctx, unsigned long a, unsigned long b)
{
	u64 k = a + b;

	sums.increment(k);
	return 0;
}

int count_file(struct pt_regs *ctx, struct file *file)
{
	u64 k = file->f_flags;

	files.increment(k);
	return 0;
}

int count_ret(struct pt_regs *ctx)
{
	u64 k = PT_REGS_RC(ctx);

	sums.increment(k);
	return 0;
}

int on_alloc(struct pt_regs *ctx, size_t size)
{
	u64 k = size;

	sums.increment(k);
	return 0;
}
