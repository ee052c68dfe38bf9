/* The program declares its own copy of a struct private to a kernel source
 * file, as tools do for fs/namei.c's nameidata. vmlinux.h has the kernel's:
 * the copy keeps a CO-RE flavour name of its own, and the program's uses
 * get the kernel's struct, read through CO-RE. */
#include <uapi/linux/ptrace.h>
#include <linux/fs.h>

struct nameidata {
	struct path path;
	struct qstr last;
};

struct lookup_t {
	u32 pid;
	u32 len;
	char name[32];
};

BPF_PERF_OUTPUT(lookups);

int kprobe__lookup_fast(struct pt_regs *ctx, struct nameidata *nd)
{
	struct lookup_t l = {};

	l.pid = bpf_get_current_pid_tgid() >> 32;
	l.len = nd->last.len;
	bpf_probe_read_kernel_str(&l.name, sizeof(l.name), nd->last.name);
	lookups.perf_submit(ctx, &l, sizeof(l));
	return 0;
}
