/* Converted from output_channels.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"




struct data_t {
	u32 pid;
	u64 ts;
	char comm[TASK_COMM_LEN];
	char fname[64];
};
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} events SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=struct data_t")));
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 32768);
} rb SEC(".maps") __attribute__((btf_decl_tag("bcc2core:event=struct data_t")));
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, int);
	__type(value, u64);
} dist SEC(".maps") __attribute__((btf_decl_tag("bcc2core:histogram")));

SEC("tracepoint/syscalls/sys_enter_openat")
int tracepoint__syscalls__sys_enter_openat(struct syscall_tp_t___bcc2core_enter *args)
{
	struct data_t data = {};
	data.pid = bpf_get_current_pid_tgid() >> 32;
	data.ts = bpf_ktime_get_ns();
	bpf_get_current_comm(&data.comm, sizeof(data.comm));
	bpf_probe_read_user_str(&data.fname, sizeof(data.fname), ((const char *)args->args[1]));
	bpf_perf_event_output(args, &events, BPF_F_CURRENT_CPU, &data, sizeof(data));
	bpf_ringbuf_output(&rb, &data, sizeof(data), 0);
	bcc2core_map_increment_existing(&dist, bpf_log2l(((s64)args->args[2]) + 1), 1);
	bpf_printk("open %s flags=%d\n", data.fname, ((s64)args->args[2]));
	return 0;
}

SEC("fentry/__x64_sys_openat") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads")))
int tracepoint__syscalls__sys_enter_openat__fentry(unsigned long long *__bcc2core_ctx)
{
	if (((struct pt_regs *)__bcc2core_ctx[0])->orig_ax & 0x40000000)
		return 0;	/* an x32 call: its tracepoint does not fire */
	struct data_t data = {};
	data.pid = bpf_get_current_pid_tgid() >> 32;
	data.ts = bpf_ktime_get_ns();
	bpf_get_current_comm(&data.comm, sizeof(data.comm));
	bpf_probe_read_user_str(&data.fname, sizeof(data.fname), ((const char *)((struct pt_regs *)__bcc2core_ctx[0])->si));
	bpf_perf_event_output(__bcc2core_ctx, &events, BPF_F_CURRENT_CPU, &data, sizeof(data));
	bpf_ringbuf_output(&rb, &data, sizeof(data), 0);
	bcc2core_map_increment_existing(&dist, bpf_log2l(((s64)((struct pt_regs *)__bcc2core_ctx[0])->dx) + 1), 1);
	bpf_printk("open %s flags=%d\n", data.fname, ((s64)((struct pt_regs *)__bcc2core_ctx[0])->dx));
	return 0;
}

/* bcc2core run decodes events with these BTF types */
struct data_t *__bcc2core_event_events SEC(".bcc2core.types") __attribute__((used));
struct data_t *__bcc2core_event_rb SEC(".bcc2core.types") __attribute__((used));

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
