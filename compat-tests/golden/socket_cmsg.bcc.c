/* Socket control messages as sofdsnoop reads them: SOL_SOCKET, SCM_RIGHTS
 * and the CMSG_ helpers, which vmlinux.h lacks (bcc2core_defs.h has them). */
#include <linux/socket.h>
#include <net/sock.h>

BPF_HASH(fds_sent, u32, u64);
BPF_HASH(first_fd, u32, int);

int syscall__sendmsg(struct pt_regs *ctx, int fd, struct user_msghdr __user *msg, int flags)
{
	struct user_msghdr hdr = {};
	struct cmsghdr cmsg = {};
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	int first = -1;

	bpf_probe_read_user(&hdr, sizeof(hdr), msg);
	if (hdr.msg_controllen < sizeof(struct cmsghdr))
		return 0;
	bpf_probe_read_user(&cmsg, sizeof(cmsg), hdr.msg_control);
	if (cmsg.cmsg_level != SOL_SOCKET || cmsg.cmsg_type != SCM_RIGHTS)
		return 0;
	bpf_probe_read_user(&first, sizeof(first), CMSG_DATA((struct cmsghdr *)hdr.msg_control));
	first_fd.update(&pid, &first);
	fds_sent.increment(pid, (cmsg.cmsg_len - CMSG_ALIGN(sizeof(struct cmsghdr))) / sizeof(int));
	return 0;
}
