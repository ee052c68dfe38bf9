/*
 * execsnoop_ppid: count exec()s by process, with the parent of each, the BCC
 * way. Direct task->real_parent->tgid dereferences: BCC compiles these
 * against the running kernel's headers at start-up; bcc2core converts them to
 * CO-RE reads ahead of time.
 */
#include <linux/sched.h>

struct exec_key {
	u32 pid;
	u32 ppid;
	char comm[TASK_COMM_LEN];
};

struct exec_info {
	u32 tgid;
	u32 ppid;
	u64 count;
};

BPF_HASH(execs, struct exec_key, u64);
BPF_HASH(last_exec, u32, struct exec_info);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct exec_key key = {};
	struct exec_info info = {}, *prev;

	key.pid = args->pid;
	key.ppid = task->real_parent->tgid;
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	execs.increment(key);

	prev = last_exec.lookup(&key.pid);
	if (prev)
		info.count = prev->count;
	info.tgid = task->tgid;
	info.ppid = key.ppid;
	info.count++;
	last_exec.update(&key.pid, &info);
	return 0;
}
