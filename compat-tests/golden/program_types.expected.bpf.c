/* Converted from program_types.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Functions without an auto-attach name: the type their context parameter
 * implies (loadable now, attached by whoever owns the hook), or an --attach
 * spec, as the BCC tool's Python said (see program_types.flags). */



struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u64);
	__type(value, u64);
} counts SEC(".maps");

SEC("socket")
int on_packet(struct __sk_buff *skb)
{
	u64 len = skb->len;

	bcc2core_map_increment(&counts, len, 1);
	return -1;
}

SEC("xdp")
int on_xdp(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("perf_event")
int on_sample(struct bpf_perf_event_data *ctx)
{
	u64 ip = PT_REGS_IP(&ctx->regs);

	bcc2core_map_increment(&counts, ip, 1);
	return 0;
}

static __always_inline int trace_exec__body(void *ctx)
{
	bcc2core_map_increment(&counts, 1, 1);
	return 0;
}

SEC("ksyscall/execve")
int BPF_KSYSCALL(trace_exec)
{
	return trace_exec__body(ctx);
}

SEC("tracepoint/syscalls/sys_enter_execve")
int trace_exec__tp(void *ctx)
{
	return trace_exec__body(ctx);
}

SEC("fentry/__x64_sys_execve") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(trace_exec__fentry, const struct pt_regs *regs)
{
	return trace_exec__body(ctx);
}

SEC("tracepoint/sched/sched_switch")
int trace_sched(struct trace_event_raw_sched_switch *args)
{
	u64 prev = args->prev_pid;

	bcc2core_map_increment(&counts, prev, 1);
	return 0;
}

SEC("tp_btf/sched_switch") __attribute__((btf_decl_tag("bcc2core:args_read=2"))) __attribute__((btf_decl_tag("bcc2core:tp_args=btt")))
int trace_sched__tp_btf(unsigned long long *__bcc2core_ctx)
{
	u64 prev = ((int)((struct task_struct *)__bcc2core_ctx[1])->pid);

	bcc2core_map_increment(&counts, prev, 1);
	return 0;
}

SEC("kretsyscall/openat")
int trace_open_ret(struct pt_regs *ctx)
{
	u64 ret = PT_REGS_RC(ctx);

	bcc2core_map_increment(&counts, ret, 1);
	return 0;
}

#pragma push_macro("PT_REGS_RC")
#undef PT_REGS_RC
#define PT_REGS_RC(x) (((struct syscall_tp_t___bcc2core_exit *)(x))->ret)
SEC("tracepoint/syscalls/sys_exit_openat")
int trace_open_ret__tp(void *ctx)
{
	u64 ret = PT_REGS_RC(ctx);

	bcc2core_map_increment(&counts, ret, 1);
	return 0;
}
#pragma pop_macro("PT_REGS_RC")

SEC("uprobe//lib/x86_64-linux-gnu/libc.so.6:malloc")
int BPF_KPROBE(trace_malloc, size_t size)
{
	bcc2core_map_increment(&counts, size, 1);
	return 0;
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
