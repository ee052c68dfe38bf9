/* Converted from syscall_tp_fentry.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* syscalls:sys_enter_X tracepoints: a fentry form on X's function that
 * reads each argument from the registers it came in (syscall_tp_fentry.c),
 * where the body uses its record only to read fields */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} flags SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, int);
} nrs SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u64);
	__type(value, u64);
} counts SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} events SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=struct event")));

struct event {
	u32 pid;
	int fd;
	u64 count;
};

/* form: a pointer, two integers of different widths, the syscall number */
SEC("tracepoint/syscalls/sys_enter_openat")
int tracepoint__syscalls__sys_enter_openat(struct syscall_tp_t___bcc2core_enter *args)
{
	char path[16] = {};
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 f = ((s64)args->args[2]);
	int nr = ((int)args->syscall_nr);

	bpf_probe_read_user_str(path, sizeof(path), ((const char *)args->args[1]));
	if (path[0] != '/' || ((s64)args->args[0]) >= 0)
		return 0;
	bpf_map_update_elem(&flags, &pid, &f, BPF_ANY);
	bpf_map_update_elem(&nrs, &pid, &nr, BPF_ANY);
	return 0;
}

SEC("fentry/__x64_sys_openat") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads")))
int tracepoint__syscalls__sys_enter_openat__fentry(unsigned long long *__bcc2core_ctx)
{
	if (((struct pt_regs *)__bcc2core_ctx[0])->orig_ax & 0x40000000)
		return 0;	/* an x32 call: its tracepoint does not fire */
	char path[16] = {};
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 f = ((s64)((struct pt_regs *)__bcc2core_ctx[0])->dx);
	int nr = ((int)((struct pt_regs *)__bcc2core_ctx[0])->orig_ax);

	bpf_probe_read_user_str(path, sizeof(path), ((const char *)((struct pt_regs *)__bcc2core_ctx[0])->si));
	if (path[0] != '/' || ((s64)((struct pt_regs *)__bcc2core_ctx[0])->di) >= 0)
		return 0;
	bpf_map_update_elem(&flags, &pid, &f, BPF_ANY);
	bpf_map_update_elem(&nrs, &pid, &nr, BPF_ANY);
	return 0;
}

/* form: the sixth argument's register (r9), the fourth's (r10), and the
 * record as perf_submit()'s context */
SEC("tracepoint/syscalls/sys_enter_mmap")
int tracepoint__syscalls__sys_enter_mmap(struct syscall_tp_t___bcc2core_enter *args)
{
	struct event e = { .pid = bpf_get_current_pid_tgid() >> 32, .fd = ((u64)args->args[4]) };

	e.count = ((u64)args->args[5]) + ((u64)args->args[3]);
	bpf_perf_event_output(args, &events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

SEC("fentry/__x64_sys_mmap") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads")))
int tracepoint__syscalls__sys_enter_mmap__fentry(unsigned long long *__bcc2core_ctx)
{
	if (((struct pt_regs *)__bcc2core_ctx[0])->orig_ax & 0x40000000)
		return 0;	/* an x32 call: its tracepoint does not fire */
	struct event e = { .pid = bpf_get_current_pid_tgid() >> 32, .fd = ((u64)((struct pt_regs *)__bcc2core_ctx[0])->r8) };

	e.count = ((u64)((struct pt_regs *)__bcc2core_ctx[0])->r9) + ((u64)((struct pt_regs *)__bcc2core_ctx[0])->r10);
	bpf_perf_event_output(__bcc2core_ctx, &events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

/* no form: the address of a field (the form has no record); the
 * tracepoint form's &args->F is the slot read as F's type */
SEC("tracepoint/syscalls/sys_enter_write")
int tracepoint__syscalls__sys_enter_write(struct syscall_tp_t___bcc2core_enter *args)
{
	u64 count = 0;
	int nr = 0;

	bpf_probe_read_kernel(&count, sizeof(count), &(*(u64 *)&args->args[2]));
	bpf_probe_read_kernel(&nr, sizeof(nr), &(*(int *)&args->syscall_nr));
	bpf_map_update_elem(&counts, &count, &count, BPF_ANY);
	return 0;
}

/* no form: a fentry program may return only 0 */
SEC("tracepoint/syscalls/sys_enter_close")
int tracepoint__syscalls__sys_enter_close(struct syscall_tp_t___bcc2core_enter *args)
{
	u64 fd = ((u64)args->args[0]);

	if (fd > 1000)
		return 1;
	bpf_map_update_elem(&counts, &fd, &fd, BPF_ANY);
	return 0;
}

/* no form: the vsyscall page's emulation calls __x64_sys_gettimeofday
 * without the tracepoint */
SEC("tracepoint/syscalls/sys_enter_gettimeofday")
int tracepoint__syscalls__sys_enter_gettimeofday(struct syscall_tp_t___bcc2core_enter *args)
{
	u64 tv = (u64)((struct __kernel_old_timeval *)args->args[0]);

	bpf_map_update_elem(&counts, &tv, &tv, BPF_ANY);
	return 0;
}

/* no form: an exit's tracepoint fires also for a call seccomp refused,
 * where the function never runs */
SEC("tracepoint/syscalls/sys_exit_openat")
int tracepoint__syscalls__sys_exit_openat(struct syscall_tp_t___bcc2core_exit *args)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 ret = args->ret;

	bpf_map_update_elem(&flags, &pid, &ret, BPF_ANY);
	return 0;
}

/* bcc2core run decodes events with these BTF types */
struct event *__bcc2core_event_events SEC(".bcc2core.types") __attribute__((used));

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
