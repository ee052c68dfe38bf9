/* Converted from kretsyscall_split_header.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* A kretsyscall program whose header is chosen by #if, with PT_REGS_RC in
 * its body: its tracepoint form copies the body (PT_REGS_RC redefined around
 * the copy) from the opening brace, inside the branch taken; the copy keeps
 * none of the directives around the header (golden kretfunc_split_header
 * for the shared-body forms). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u64);
	__type(value, u64);
} rets SEC(".maps");

#ifdef NO_SUCH_MACRO
int on_ret(struct pt_regs *ctx, int unused)
{
	u64 tag = 1;
#else
SEC("kretsyscall/getppid")
int on_ret(struct pt_regs *ctx)
{
	u64 tag = 2;
#endif
	u64 rc = PT_REGS_RC(ctx);

	bcc2core_map_increment(&rets, rc + tag, 1);
	return 0;
}

#pragma push_macro("PT_REGS_RC")
#undef PT_REGS_RC
#define PT_REGS_RC(x) (((struct syscall_tp_t___bcc2core_exit *)(x))->ret)
SEC("tracepoint/syscalls/sys_exit_getppid")
int on_ret__tp(void *ctx)
{
	u64 tag = 2;
	u64 rc = PT_REGS_RC(ctx);

	bcc2core_map_increment(&rets, rc + tag, 1);
	return 0;
}
#pragma pop_macro("PT_REGS_RC")

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
