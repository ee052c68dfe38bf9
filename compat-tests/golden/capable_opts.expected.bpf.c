/* Converted from capable_opts.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* cap_capable()'s 4th argument, as capable (bpfcc-tools 0.26) reads it:
 * CAP_OPT_* bits where <linux/security.h> defines CAP_OPT_NONE (5.1+),
 * else an int audit flag. vmlinux.h has no macros: bcc2core_defs.h defines
 * them, or the #else branch would read opts 0 (an audited check) as "no
 * audit" and the tool would drop every event. */

#ifndef CAP_OPT_NONE
#error "CAP_OPT_NONE undefined: capable would read cap_capable's opts as an audit flag"
#endif

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, int);
	__type(value, u64);
} audited SEC(".maps");

static __always_inline int kprobe__cap_capable__body(void *ctx, const struct cred *cred, struct user_namespace *targ_ns, int cap, int cap_opt)
{
	int audit;
#ifdef CAP_OPT_NONE
	audit = (cap_opt & CAP_OPT_NOAUDIT) == 0;
#else
	audit = cap_opt;
#endif
	bcc2core_map_increment_existing(&audited, audit, 1);
	return 0;
}

SEC("kprobe/cap_capable")
int BPF_KPROBE(kprobe__cap_capable, const struct cred *cred, struct user_namespace *targ_ns, int cap, int cap_opt)
{
	return kprobe__cap_capable__body(ctx, cred, targ_ns, cap, cap_opt);
}

SEC("fentry/cap_capable") __attribute__((btf_decl_tag("bcc2core:kprobe_free")))
int BPF_PROG(kprobe__cap_capable__fentry, const struct cred *cred, struct user_namespace *targ_ns, int cap, int cap_opt)
{
	return kprobe__cap_capable__body(ctx, cred, targ_ns, cap, cap_opt);
}

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
