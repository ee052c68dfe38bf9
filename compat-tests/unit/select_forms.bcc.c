/* One program of each kind that has alternate forms, for the form-selection
 * unit test (compat-tests/unit/test_select.c). */
#include <uapi/linux/ptrace.h>
#include <linux/fs.h>
#include <net/sock.h>

BPF_HASH(counts, u32);

int syscall__openat(struct pt_regs *ctx, int dfd, const char __user *filename)
{
	u32 k = 1;

	counts.increment(k);
	return 0;
}

int kprobe__vfs_read(struct pt_regs *ctx)
{
	u32 k = 2;

	counts.increment(k);
	return 0;
}

KFUNC_PROBE(vfs_write)
{
	u32 k = 3;

	counts.increment(k);
	return 0;
}

RAW_TRACEPOINT_PROBE(sched_switch)
{
	u32 k = 4;

	counts.increment(k);
	return 0;
}

/* statsnoop's stat_entry: attached to stat and newstat (the --attach specs
 * in compat-tests/CMakeLists.txt); x86_64 has a tracepoint for newstat
 * only, its table's entry for stat */
int on_stat(struct pt_regs *ctx)
{
	u32 k = 5;

	counts.increment(k);
	return 0;
}

/* reads a field of its argument: its fentry form does so with a plain load
 * (tagged btf_arg_reads), and goes first where trampolines work */
int kprobe__vfs_fsync(struct pt_regs *ctx, struct file *file)
{
	u32 k = file->f_flags;

	counts.increment(k);
	return 0;
}

/* reads a field of the struct its function returns: its fexit form does so
 * with a plain load (tagged btf_arg_reads), and goes first where
 * trampolines work */
int kretprobe__inet_csk_accept(struct pt_regs *ctx)
{
	struct sock *sk = (struct sock *)PT_REGS_RC(ctx);
	u32 k = sk->__sk_common.skc_num;

	counts.increment(k);
	return 0;
}

/* do_mmap() takes nine arguments, more than a trampoline saved on x86-64
 * before 6.5: its fentry form runs only where kprobes do not */
int kprobe__do_mmap(struct pt_regs *ctx)
{
	u32 k = 6;

	counts.increment(k);
	return 0;
}

/* attached to vfs_fsync_range and to vfs_truncate (the --attach specs in
 * compat-tests/CMakeLists.txt): its fentry form is bound to the first, so
 * it runs only where kprobes do not */
int on_two(struct pt_regs *ctx)
{
	u32 k = 7;

	counts.increment(k);
	return 0;
}

BPF_STACK_TRACE(stacks, 64);

/* walks its kprobe's stack (a trampoline's is another): its fentry form
 * is not tagged kprobe_free and runs only where kprobes do not */
int kprobe__vfs_getattr(struct pt_regs *ctx)
{
	u32 k = stacks.get_stackid(ctx, 0);

	counts.increment(k);
	return 0;
}
