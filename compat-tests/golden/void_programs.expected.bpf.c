/* Converted from void_programs.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Programs BCC tools write as void (syncsnoop, vfsstat, oomkill, dcstat):
 * BPF programs return int, so each form returns 0, at a bare `return;` and
 * at the end, and a syscall probe's shared body is int too. */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} events SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=u64")));
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} counts SEC(".maps");

static __always_inline int syscall__sync__body(void *ctx)
{
	u64 ts = bpf_ktime_get_ns();

	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &ts, sizeof(ts));
	return 0;
}

SEC("ksyscall/sync")
int BPF_KSYSCALL(syscall__sync)
{
	return syscall__sync__body(ctx);
}

SEC("tracepoint/syscalls/sys_enter_sync")
int syscall__sync__tp(void *ctx)
{
	return syscall__sync__body(ctx);
}

static __always_inline int kprobe__vfs_fsync__body(void *ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;

	if (pid == 1)
		return 0;
	bcc2core_map_increment(&counts, pid, 1);
	return 0;
}

SEC("kprobe/vfs_fsync") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int kprobe__vfs_fsync(struct pt_regs *ctx)
{
	return kprobe__vfs_fsync__body(ctx);
}

SEC("fentry/vfs_fsync") __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__vfs_fsync__fentry)
{
	return kprobe__vfs_fsync__body(ctx);
}

SEC("tracepoint/syscalls/sys_enter_fsync")
int tracepoint__syscalls__sys_enter_fsync(struct syscall_tp_t___bcc2core_enter *ctx)
{
	u32 zero = 0;

	bcc2core_map_increment(&counts, zero, 1);
	return 0;
}

/* bcc2core run decodes events with these BTF types */
u64 *__bcc2core_event_events SEC(".bcc2core.types") __attribute__((used));

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
