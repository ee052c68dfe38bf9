// a kprobe reading a kernel struct chain (task->real_parent->tgid)
#include <linux/sched.h>

BPF_HASH(ppids, u32, u32);

int kprobe__wake_up_new_task(struct pt_regs *ctx, struct task_struct *p)
{
	u32 pid = p->tgid, ppid = p->real_parent->tgid;

	ppids.update(&pid, &ppid);
	return 0;
}
