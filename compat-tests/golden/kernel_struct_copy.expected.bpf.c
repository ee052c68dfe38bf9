/* Converted from kernel_struct_copy.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* The program declares its own copy of a struct private to a kernel source
 * file, as tools do for fs/namei.c's nameidata. vmlinux.h has the kernel's:
 * the copy keeps a CO-RE flavour name of its own, and the program's uses
 * get the kernel's struct, read through CO-RE. */



struct nameidata___bcc2core {
	struct path path;
	struct qstr last;
};

struct lookup_t {
	u32 pid;
	u32 len;
	char name[32];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} lookups SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=struct lookup_t")));

static __always_inline int kprobe__lookup_fast__body(void *ctx, struct nameidata *nd, bool bcc2core_btf_args)
{
	struct lookup_t l = {};

	l.pid = bpf_get_current_pid_tgid() >> 32;
	l.len = (bcc2core_btf_args ? nd->last.len : BPF_CORE_READ(nd, last.len));
	bpf_probe_read_kernel_str(&l.name, sizeof(l.name), (bcc2core_btf_args ? nd->last.name : BPF_CORE_READ(nd, last.name)));
	bpf_perf_event_output(ctx, &lookups, BPF_F_CURRENT_CPU, &l, sizeof(l));
	return 0;
}

SEC("kprobe/lookup_fast")
int BPF_KPROBE(kprobe__lookup_fast, struct nameidata *nd)
{
	return kprobe__lookup_fast__body(ctx, nd, false);
}

SEC("fentry/lookup_fast") __attribute__((btf_decl_tag("bcc2core:btf_arg_reads"))) __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__lookup_fast__fentry, struct nameidata *nd)
{
	return kprobe__lookup_fast__body(ctx, nd, true);
}

/* bcc2core run decodes events with these BTF types */
struct lookup_t *__bcc2core_event_lookups SEC(".bcc2core.types") __attribute__((used));

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
