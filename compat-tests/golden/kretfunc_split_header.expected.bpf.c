/* Converted from kretfunc_split_header.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* A KRETFUNC_PROBE whose header is chosen by #if (opensnoop's, on
 * CONFIG_ARCH_HAS_SYSCALL_WRAPPER): the kretprobe form copies the body from
 * its opening brace, which lies inside the branch taken. The copy keeps no
 * directive of the groups around the header, and none of the branch not
 * taken: in the first function that is the #else branch, in the second the
 * #if branch. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} opens SEC(".maps");

#ifndef NO_SUCH_MACRO
SEC("fexit/do_sys_openat2")
int BPF_PROG(kretfunc__do_sys_openat2, int dfd, const char *filename, int ret)
{
	u32 flags = 0;
#else
KRETFUNC_PROBE(do_sys_openat2, int dfd, const char *filename, struct open_how *how, int ret)
{
	u32 flags = how->flags;
#endif
#ifdef NO_SUCH_MACRO_EITHER
	flags |= 1;
#endif
	if (ret < 0 || dfd == 7 || flags)
		return 0;
	bcc2core_map_increment(&opens, bpf_get_current_pid_tgid() >> 32, 1);
	return 0;
}

/* kretfunc__do_sys_openat2's arguments, from entry to return (its kretprobe form) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, __u64[2]);
} kretfunc__do_sys_openat2__kentry_args SEC(".maps");

SEC("kprobe/do_sys_openat2")
int BPF_KPROBE(kretfunc__do_sys_openat2__kentry)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u64 args[2] = { (__u64)PT_REGS_PARM1(ctx), (__u64)PT_REGS_PARM2(ctx) };

	bpf_map_update_elem(&kretfunc__do_sys_openat2__kentry_args, &id, &args, BPF_ANY);
	return 0;
}

SEC("kretprobe/do_sys_openat2")
int BPF_KRETPROBE(kretfunc__do_sys_openat2__kretprobe, int ret)
{
	__u64 __bcc2core_id = bpf_get_current_pid_tgid();
	__u64 *__bcc2core_args = bpf_map_lookup_elem(&kretfunc__do_sys_openat2__kentry_args, &__bcc2core_id);

	if (!__bcc2core_args)
		return 0;	/* entry not seen */
	int dfd;

	__builtin_memcpy(&dfd, &__bcc2core_args[0], sizeof(dfd));
	const char *filename;

	__builtin_memcpy(&filename, &__bcc2core_args[1], sizeof(filename));
	bpf_map_delete_elem(&kretfunc__do_sys_openat2__kentry_args, &__bcc2core_id);
{
	u32 flags = 0;
#ifdef NO_SUCH_MACRO_EITHER
	flags |= 1;
#endif
	if (ret < 0 || dfd == 7 || flags)
		return 0;
	bcc2core_map_increment(&opens, bpf_get_current_pid_tgid() >> 32, 1);
	return 0;
}
}

#ifdef NO_SUCH_MACRO
KRETFUNC_PROBE(do_filp_open, int dfd, struct filename *pathname, struct file *ret)
{
	u32 key = 1;
#else
SEC("fexit/do_filp_open")
int BPF_PROG(kretfunc__do_filp_open, int dfd, struct filename *pathname, const struct open_flags *op,
	       struct file *ret)
{
	u32 key = 2;
#endif
	if (!ret || dfd == 7)
		return 0;
	bcc2core_map_increment(&opens, key, 1);
	return 0;
}

/* kretfunc__do_filp_open's arguments, from entry to return (its kretprobe form) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, __u64[3]);
} kretfunc__do_filp_open__kentry_args SEC(".maps");

SEC("kprobe/do_filp_open")
int BPF_KPROBE(kretfunc__do_filp_open__kentry)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u64 args[3] = { (__u64)PT_REGS_PARM1(ctx), (__u64)PT_REGS_PARM2(ctx), (__u64)PT_REGS_PARM3(ctx) };

	bpf_map_update_elem(&kretfunc__do_filp_open__kentry_args, &id, &args, BPF_ANY);
	return 0;
}

SEC("kretprobe/do_filp_open")
int BPF_KRETPROBE(kretfunc__do_filp_open__kretprobe, struct file *ret)
{
	__u64 __bcc2core_id = bpf_get_current_pid_tgid();
	__u64 *__bcc2core_args = bpf_map_lookup_elem(&kretfunc__do_filp_open__kentry_args, &__bcc2core_id);

	if (!__bcc2core_args)
		return 0;	/* entry not seen */
	int dfd;

	__builtin_memcpy(&dfd, &__bcc2core_args[0], sizeof(dfd));
	struct filename *pathname;

	__builtin_memcpy(&pathname, &__bcc2core_args[1], sizeof(pathname));
	const struct open_flags *op;

	__builtin_memcpy(&op, &__bcc2core_args[2], sizeof(op));
	bpf_map_delete_elem(&kretfunc__do_filp_open__kentry_args, &__bcc2core_id);
{
	u32 key = 2;
	if (!ret || dfd == 7)
		return 0;
	bcc2core_map_increment(&opens, key, 1);
	return 0;
}
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
