/* cap_capable()'s 4th argument, as capable (bpfcc-tools 0.26) reads it:
 * CAP_OPT_* bits where <linux/security.h> defines CAP_OPT_NONE (5.1+),
 * else an int audit flag. vmlinux.h has no macros: bcc2core_defs.h defines
 * them, or the #else branch would read opts 0 (an audited check) as "no
 * audit" and the tool would drop every event. */
#include <linux/security.h>
#ifndef CAP_OPT_NONE
#error "CAP_OPT_NONE undefined: capable would read cap_capable's opts as an audit flag"
#endif

BPF_ARRAY(audited, u64, 2);

int kprobe__cap_capable(struct pt_regs *ctx, const struct cred *cred,
	struct user_namespace *targ_ns, int cap, int cap_opt)
{
	int audit;
#ifdef CAP_OPT_NONE
	audit = (cap_opt & CAP_OPT_NOAUDIT) == 0;
#else
	audit = cap_opt;
#endif
	audited.increment(audit);
	return 0;
}
