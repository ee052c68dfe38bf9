/* Converted from socket_cmsg.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Socket control messages as sofdsnoop reads them: SOL_SOCKET, SCM_RIGHTS
 * and the CMSG_ helpers, which vmlinux.h lacks (bcc2core_defs.h has them). */



struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} fds_sent SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, int);
} first_fd SEC(".maps");

static __always_inline int syscall__sendmsg__body(void *ctx, int fd, struct user_msghdr __user *msg, int flags)
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
	bpf_map_update_elem(&first_fd, &pid, &first, BPF_ANY);
	bcc2core_map_increment(&fds_sent, pid, (cmsg.cmsg_len - CMSG_ALIGN(sizeof(struct cmsghdr))) / sizeof(int));
	return 0;
}

SEC("ksyscall/sendmsg")
int BCC2CORE_KSYSCALL(syscall__sendmsg, 0x2, int fd, struct user_msghdr __user *msg, int flags)
{
	return syscall__sendmsg__body(ctx, fd, msg, flags);
}

SEC("tracepoint/syscalls/sys_enter_sendmsg")
int syscall__sendmsg__tp(void *ctx)
{
	return syscall__sendmsg__body(ctx,
		(int)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[0],
		(struct user_msghdr *)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[1],
		(int)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[2]);
}

SEC("fentry/__x64_sys_sendmsg") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(syscall__sendmsg__fentry, const struct pt_regs *regs)
{
	return syscall__sendmsg__body(ctx,
		(int)PT_REGS_PARM1_SYSCALL(regs),
		(struct user_msghdr *)PT_REGS_PARM2_SYSCALL(regs),
		(int)PT_REGS_PARM3_SYSCALL(regs));
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
