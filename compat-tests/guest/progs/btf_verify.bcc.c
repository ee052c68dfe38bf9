/* compat-tests/golden/btf_programs.bcc.c for Debian's 6.1: the same
 * fentry, fexit and LSM programs, with the task_struct reader moved from
 * finish_task_switch() (compiled to finish_task_switch.isra.0 there, so it
 * has no BTF function to attach to) to schedule_tail(), which takes the same
 * argument. `bcc2core verify` in the guest must verify all four. */
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

KFUNC_PROBE(schedule_tail, struct task_struct *prev)
{
	long s = prev->state;
	u32 pid = prev->pid;

	states.update(&pid, &s);
	return 0;
}
