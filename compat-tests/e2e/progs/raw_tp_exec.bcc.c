/* A raw tracepoint the BCC way: bcc2core runs it as tp_btf where the
 * kernel's BTF has the tracepoint, as raw_tp elsewhere. */
#include <linux/sched.h>
#include <linux/binfmts.h>

struct exec_t {
	u32 old_pid;
	u32 count;
	char filename[64];
};

BPF_HASH(execs, u32, struct exec_t);
BPF_ARRAY(misses, u64, 1);

RAW_TRACEPOINT_PROBE(sched_process_exec)
{
	// TP_PROTO(struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
	struct task_struct *p = (struct task_struct *)ctx->args[0];
	struct linux_binprm *bprm = (struct linux_binprm *)ctx->args[2];
	u32 pid = p->tgid;
	struct exec_t zero = {}, *e;

	e = execs.lookup_or_try_init(&pid, &zero);
	if (!e)
		return 0;
	e->old_pid = (u32)ctx->args[1];
	e->count++;
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), bprm->filename);
	return 0;
}

/* no kernel has it: a warning names it, the rest runs */
RAW_TRACEPOINT_PROBE(bcc2core_no_such_tracepoint)
{
	misses.increment(0);
	return 0;
}
