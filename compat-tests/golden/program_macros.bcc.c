#include <linux/sched.h>
#include <linux/fs.h>
BPF_HASH(counts, u32);
BPF_ARRAY(arr, u64, 4);

RAW_TRACEPOINT_PROBE(sched_switch)
{
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	u32 pid = prev->pid;
	counts.increment(pid);
	return 0;
}

BPF_ITER(task)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	if (task == (void *)0)
		return 0;
	BPF_SEQ_PRINTF(seq, "%d\n", task->pid);
	return 0;
}

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	char fn[64];
	TP_DATA_LOC_READ_STR(fn, filename, sizeof(fn));
	int idx = 0;
	u64 *v = arr.lookup(&idx);
	if (v) *v += args->pid;
	return 0;
}
