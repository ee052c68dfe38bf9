/* Converted from btf_programs.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* BTF-typed programs (fentry, fexit, LSM): arguments are dereferenced
 * directly, as in BCC; a renamed field still goes through the reader. */



struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} counts SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, long);
} states SEC(".maps");

SEC("fentry/vfs_read")
int BPF_PROG(kfunc__vfs_read, struct file *file, char *buf, size_t count)
{
	u32 k = file->f_inode->i_ino;

	bcc2core_map_increment(&counts, k, 1);
	return 0;
}

SEC("kprobe/vfs_read")
int BPF_KPROBE(kfunc__vfs_read__kprobe, struct file *file, char *buf, size_t count)
{
	u32 k = BPF_CORE_READ(file, f_inode, i_ino);

	bcc2core_map_increment(&counts, k, 1);
	return 0;
}

SEC("fexit/vfs_write")
int BPF_PROG(kretfunc__vfs_write, struct file *file, const char *buf, size_t count, loff_t *pos,
	       ssize_t ret)
{
	u32 k = ret;

	bcc2core_map_increment(&counts, k, 1);
	return 0;
}

SEC("kretprobe/vfs_write")
int BPF_KRETPROBE(kretfunc__vfs_write__kretprobe, ssize_t ret)
{
	u32 k = ret;

	bcc2core_map_increment(&counts, k, 1);
	return 0;
}

SEC("lsm/bpf")
int BPF_PROG(lsm__bpf, int cmd, union bpf_attr *attr, unsigned int size)
{
	return 0;
}

SEC("fentry/finish_task_switch")
int BPF_PROG(kfunc__finish_task_switch, struct task_struct *prev)
{
	long s = bcc2core_task_state(prev);
	u32 pid = prev->pid;

	bpf_map_update_elem(&states, &pid, &s, BPF_ANY);
	return 0;
}

SEC("kprobe/finish_task_switch")
int BPF_KPROBE(kfunc__finish_task_switch__kprobe, struct task_struct *prev)
{
	long s = bcc2core_task_state(prev);
	u32 pid = BPF_CORE_READ(prev, pid);

	bpf_map_update_elem(&states, &pid, &s, BPF_ANY);
	return 0;
}

/* An argument named in a macro's body is spelled where the macro is used:
 * the kprobe form reads it under the same name, so it gets one (an argument
 * written inside a macro's argument list would not: its reads cannot be
 * rewritten there). */
#define SYNC_KIND datasync

SEC("fentry/vfs_fsync")
int BPF_PROG(kfunc__vfs_fsync, struct file *file, int datasync)
{
	u32 k = SYNC_KIND;

	bcc2core_map_increment(&counts, k, 1);
	return 0;
}

SEC("kprobe/vfs_fsync")
int BPF_KPROBE(kfunc__vfs_fsync__kprobe, struct file *file, int datasync)
{
	u32 k = SYNC_KIND;

	bcc2core_map_increment(&counts, k, 1);
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
