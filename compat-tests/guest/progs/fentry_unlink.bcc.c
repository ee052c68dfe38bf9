/* fentry/fexit (KFUNC_PROBE, KRETFUNC_PROBE): the same facts as
 * kprobe_unlink.bcc.c from BTF-typed arguments, dereferenced directly:
 * vfs_unlink()'s dentry name on entry, do_unlinkat()'s return value and the
 * path it was given (struct filename) on exit. Ground truth: a known `rm`
 * of three files and a known `unlink` of a missing one
 * (compat-tests/guest/e2e_truth.py). */
#include <linux/fs.h>
#include <linux/dcache.h>

struct name_t {
	char name[32];
};

struct path_t {
	char path[96];
};

BPF_HASH(removed, u32, u64);		/* vfs_unlink() calls */
BPF_HASH(last_dentry, u32, struct name_t);
BPF_HASH(ok, u32, u64);			/* do_unlinkat() returned 0 */
BPF_HASH(last_err, u32, int);		/* last negative return */
BPF_HASH(last_path, u32, struct path_t);	/* do_unlinkat()'s filename */

KFUNC_PROBE(vfs_unlink, void *mnt_userns, struct inode *dir, struct dentry *dentry)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct name_t n = {};

	bpf_probe_read_kernel_str(&n.name, sizeof(n.name), dentry->d_name.name);
	removed.increment(pid);
	last_dentry.update(&pid, &n);
	return 0;
}

KRETFUNC_PROBE(do_unlinkat, int dfd, struct filename *name, int ret)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct path_t p = {};

	bpf_probe_read_kernel_str(&p.path, sizeof(p.path), name->name);
	last_path.update(&pid, &p);
	if (ret == 0)
		ok.increment(pid);
	else
		last_err.update(&pid, &ret);
	return 0;
}
