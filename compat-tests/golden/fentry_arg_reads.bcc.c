/* Reads rooted at a kprobe's arguments: plain loads in the fentry form
 * (bcc2core_btf_args), probe reads in the kprobe form, and where neither
 * can be had safely, probe reads in both. */
#include <uapi/linux/ptrace.h>
#include <net/sock.h>
#include <linux/fs.h>

struct info_t { u64 ino; u32 dev; u32 mode; };
BPF_HASH(infos, u32, struct info_t);
BPF_HASH(files, u32, struct file *);
BPF_STACK_TRACE(stacks, 64);

/* reached only from kprobes passing their own argument: it takes the flag */
static int count_file(struct pt_regs *ctx, struct file *file, int is_read)
{
	u32 pid = bpf_get_current_pid_tgid();
	struct info_t info = {
		.ino = file->f_inode->i_ino,
		.dev = file->f_inode->i_sb->s_dev,
		.mode = file->f_inode->i_mode,
	};
	infos.update(&pid, &info);
	return is_read;
}

int trace_read(struct pt_regs *ctx, struct file *file)
{
	return count_file(ctx, file, 1);
}

int trace_write(struct pt_regs *ctx, struct file *file)
{
	/* a pointer: probe-read in both forms (a BTF pointer would refuse
	 * the arithmetic a program may do with it) */
	struct dentry *de = file->f_path.dentry;
	u32 len = de->d_name.len;
	return count_file(ctx, file, 0) + len;
}

/* the argument is assigned: not the BTF pointer any more */
int trace_fsync(struct pt_regs *ctx, struct file *file)
{
	u32 pid = bpf_get_current_pid_tgid();
	struct file **fp = files.lookup(&pid);
	if (fp)
		file = *fp;
	return file->f_flags;
}

/* a subscript that is not a constant */
int kprobe__wake_up_new_task(struct pt_regs *ctx, struct task_struct *p)
{
	int i = bpf_get_prandom_u32() & 7;
	return p->comm[i] + p->comm[3];
}

/* declared as another struct than the kernel's parameter (struct socket *):
 * the verifier checks fentry's loads against the kernel's type */
int kprobe__inet_release(struct pt_regs *ctx, struct sock *sk)
{
	return sk->__sk_common.skc_family;
}

/* a stack walk: the kprobe stays first, and its reads with it */
int kprobe__vfs_fsync_range(struct pt_regs *ctx, struct file *file)
{
	return stacks.get_stackid(ctx, 0) + file->f_flags;
}

/* a pointer to no struct (void *private_data) loads plainly in the fentry
 * form: a number to the verifier; a pointer to a struct (f_op) stays a
 * CO-RE read: a BTF pointer the program's arithmetic could not take */
BPF_HASH(ptrs, u32, u64);
int kprobe__vfs_llseek(struct pt_regs *ctx, struct file *file)
{
	u32 k = 1;
	u64 v = (u64)file->private_data;

	ptrs.update(&k, &v);
	k = 2;
	v = (u64)file->f_op;
	ptrs.update(&k, &v);
	/* the program's own probe read of it into an integer stays one: a
	 * pointer would not assign to v */
	k = 3;
	bpf_probe_read_kernel(&v, sizeof(v), &file->private_data);
	ptrs.update(&k, &v);
	return 0;
}

/* a tail call: the first program to call through a program array gives it
 * its type, so the kprobe stays first (its fentry form is not kprobe_free),
 * and its reads with it */
BPF_PROG_ARRAY(jumps, 4);
int kprobe__vfs_truncate(struct pt_regs *ctx, const struct path *path)
{
	jumps.call(ctx, path->dentry->d_flags & 3);
	return 0;
}

/* the argument's address as a map key or value: the map methods only read
 * it, so it stays the BTF pointer (tcpconnlat's map keyed by struct sock *) */
BPF_HASH(socks, struct sock *, u32);
BPF_HASH(currsock, u32, struct sock *);

int kprobe__tcp_rcv_state_process(struct pt_regs *ctx, struct sock *sk)
{
	u32 *seen = socks.lookup(&sk);
	u32 state = sk->__sk_common.skc_state;

	if (!seen)
		socks.update(&sk, &state);
	else
		socks.delete(&sk);
	return state;
}

int kprobe__tcp_close(struct pt_regs *ctx, struct sock *sk)
{
	u32 pid = bpf_get_current_pid_tgid();

	currsock.update(&pid, &sk);
	return sk->__sk_common.skc_num;
}

/* its address handed to a helper that writes through it: probe reads */
int kprobe__tcp_v4_connect(struct pt_regs *ctx, struct sock *sk)
{
	u32 pid = bpf_get_current_pid_tgid();
	struct sock **skpp = currsock.lookup(&pid);

	if (skpp)
		bpf_probe_read_kernel(&sk, sizeof(sk), skpp);
	return sk->__sk_common.skc_family;
}

/* a kretprobe's local set once to the return value, a pointer to the struct
 * the function returns: plain loads in its fexit form (BCC2CORE_FEXIT) */
int kretprobe__inet_csk_accept(struct pt_regs *ctx)
{
	struct sock *newsk = (struct sock *)PT_REGS_RC(ctx);

	if (newsk == NULL)
		return 0;
	return newsk->__sk_common.skc_num + newsk->__sk_common.skc_family;
}

/* assigned again: probe reads in both forms */
int kretprobe__sk_clone_lock(struct pt_regs *ctx)
{
	struct sock *sk = (struct sock *)PT_REGS_RC(ctx);
	u32 pid = bpf_get_current_pid_tgid();
	struct sock **old = currsock.lookup(&pid);

	if (old)
		sk = *old;
	return sk->__sk_common.skc_num;
}

/* not the return value alone: probe reads in both forms */
int kretprobe__inet_csk_clone_lock(struct pt_regs *ctx)
{
	struct sock *sk = (struct sock *)(PT_REGS_RC(ctx) + 0);

	return sk->__sk_common.skc_family;
}
