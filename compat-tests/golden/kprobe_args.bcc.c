#include <uapi/linux/ptrace.h>
#include <net/sock.h>
#include <linux/fs.h>

struct key_t { u32 pid; char name[32]; };
BPF_HASH(start, u32, u64);
BPF_HASH(sizes, struct key_t, u64);
BPF_HASH(socks, u32, struct sock *);

int kprobe__vfs_read(struct pt_regs *ctx, struct file *file, char __user *buf, size_t count)
{
	u32 pid = bpf_get_current_pid_tgid();
	u64 ts = bpf_ktime_get_ns();
	struct key_t key = {};
	struct dentry *de = file->f_path.dentry;

	key.pid = pid;
	bpf_probe_read_kernel_str(&key.name, sizeof(key.name), de->d_name.name);
	if (file->f_inode->i_ino == 0 || de->d_name.name[0] == '.')
		return 0;
	start.update(&pid, &ts);
	sizes.increment(key, count);
	return 0;
}

int kretprobe__vfs_read(struct pt_regs *ctx)
{
	u32 pid = bpf_get_current_pid_tgid();
	u64 *tsp = start.lookup(&pid);
	int ret = PT_REGS_RC(ctx);
	if (tsp == 0)
		return 0;
	start.delete(&pid);
	return 0;
}

int syscall__execve(struct pt_regs *ctx, const char __user *filename, const char __user *const __user *argv)
{
	char fn[64];
	bpf_probe_read_user_str(fn, sizeof(fn), filename);
	const char *a0 = NULL;
	bpf_probe_read(&a0, sizeof(a0), &argv[0]);
	bpf_trace_printk("exec %s %d\n", fn, sizeof(a0));
	return 0;
}

int kprobe__tcp_v4_connect(struct pt_regs *ctx, struct sock *sk)
{
	u32 pid = bpf_get_current_pid_tgid();
	socks.update(&pid, &sk);
	return 0;
}

int kretprobe__tcp_v4_connect(struct pt_regs *ctx)
{
	u32 pid = bpf_get_current_pid_tgid();
	struct sock **skpp = socks.lookup(&pid);
	if (skpp == 0)
		return 0;
	struct sock *skp = *skpp;
	u16 dport = skp->__sk_common.skc_dport;
	u32 saddr = skp->__sk_common.skc_rcv_saddr;
	struct inet_sock *inet = (struct inet_sock *)skp;
	bpf_trace_printk("%d %x %d\n", dport, saddr, inet->inet_sport);
	return 0;
}

int kprobe__sys_openat(struct pt_regs *ctx, int dfd, const char __user *filename)
{
	char buf[32];
	bpf_probe_read_user_str(buf, sizeof(buf), filename);
	return 0;
}

static int helper(struct task_struct *t)
{
	return t->pid + t->mm->map_count;
}

int kprobe__wake_up_new_task(struct pt_regs *ctx, struct task_struct *p)
{
	u32 s = p->__state;
	char c = p->comm[2];
	u32 x = helper(p) + s + c;
	return x;
}
