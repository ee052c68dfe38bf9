/* kprobe + kretprobe on a kernel function (not a syscall): do_unlinkat()
 * counted per process, its return value split into successes and the last
 * error, and the name of each dentry vfs_unlink() removes, read through
 * dentry->d_name.name (BCC rewrites the dereference into a probe read,
 * bcc2core into a CO-RE read), and vfs_unlink()'s successes counted by a
 * function of the file that reads the return value (as bindsnoop's and
 * tcpconnect's do: bcc2core's fexit form calls its own copy of it, which
 * reads fexit's return slot). Ground truth: a known `rm` of three files and
 * a known `unlink` of a missing one (compat-tests/guest/e2e_truth.py). */
#include <uapi/linux/ptrace.h>
#include <linux/fs.h>
#include <linux/dcache.h>

struct name_t {
	char name[32];
};

BPF_HASH(calls, u32, u64);		/* do_unlinkat() entries */
BPF_HASH(ok, u32, u64);			/* do_unlinkat() returned 0 */
BPF_HASH(last_err, u32, int);		/* last negative return */
BPF_HASH(removed, u32, u64);		/* vfs_unlink() calls */
BPF_HASH(last_dentry, u32, struct name_t);
BPF_HASH(removed_ok, u32, u64);		/* vfs_unlink() returned 0 */

int kprobe__do_unlinkat(struct pt_regs *ctx, int dfd, struct filename *name)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;

	calls.increment(pid);
	return 0;
}

int kretprobe__do_unlinkat(struct pt_regs *ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	int ret = PT_REGS_RC(ctx);

	if (ret == 0)
		ok.increment(pid);
	else
		last_err.update(&pid, &ret);
	return 0;
}

int kprobe__vfs_unlink(struct pt_regs *ctx, void *mnt_userns, struct inode *dir,
		       struct dentry *dentry)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct name_t n = {};
	const unsigned char *p = dentry->d_name.name;

	bpf_probe_read_kernel_str(&n.name, sizeof(n.name), p);
	removed.increment(pid);
	last_dentry.update(&pid, &n);
	return 0;
}

static int count_success(struct pt_regs *ctx, u32 pid)
{
	int ret = PT_REGS_RC(ctx);

	if (ret == 0)
		removed_ok.increment(pid);
	return 0;
}

int kretprobe__vfs_unlink(struct pt_regs *ctx)
{
	return count_success(ctx, bpf_get_current_pid_tgid() >> 32);
}
