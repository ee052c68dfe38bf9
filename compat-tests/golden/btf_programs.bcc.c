/* BTF-typed programs (fentry, fexit, LSM): arguments are dereferenced
 * directly, as in BCC; a renamed field still goes through the reader. */
#include <linux/sched.h>
#include <linux/fs.h>

BPF_HASH(counts, u32);
BPF_HASH(states, u32, long);

KFUNC_PROBE(vfs_read, struct file *file, char *buf, size_t count)
{
	u32 k = file->f_inode->i_ino;

	counts.increment(k);
	return 0;
}

KRETFUNC_PROBE(vfs_write, struct file *file, const char *buf, size_t count, loff_t *pos,
	       ssize_t ret)
{
	u32 k = ret;

	counts.increment(k);
	return 0;
}

LSM_PROBE(bpf, int cmd, union bpf_attr *attr, unsigned int size)
{
	return 0;
}

KFUNC_PROBE(finish_task_switch, struct task_struct *prev)
{
	long s = prev->state;
	u32 pid = prev->pid;

	states.update(&pid, &s);
	return 0;
}

/* An argument named in a macro's body is spelled where the macro is used:
 * the kprobe form reads it under the same name, so it gets one (an argument
 * written inside a macro's argument list would not: its reads cannot be
 * rewritten there). */
#define SYNC_KIND datasync

KFUNC_PROBE(vfs_fsync, struct file *file, int datasync)
{
	u32 k = SYNC_KIND;

	counts.increment(k);
	return 0;
}
