// The parent's and grandparent's tgids of each exec'ing task, read through
// bpf_get_current_task(): plain BTF-typed loads where the kernel has
// bpf_get_current_task_btf(), probe reads where it does not.
#include <linux/sched.h>

struct parents_t {
	u32 ppid;
	u32 gppid;
};
BPF_HASH(parents, u32, struct parents_t);

int on_exec(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct parents_t p = {};
	u32 tgid = task->tgid;

	p.ppid = task->real_parent->tgid;
	p.gppid = task->real_parent->real_parent->tgid;
	parents.update(&tgid, &p);
	return 0;
}
