/* The embedding API's fixture (compat-tests/unit/test_embed.c): a table, a
 * perf and a ring buffer with a record type (bitfields and an anonymous
 * union for the type descriptions), a tracepoint program, one program on
 * two tracepoints and one on a tracepoint and a missing one, a uprobe on a
 * missing binary (the --attach specs are in compat-tests/CMakeLists.txt),
 * one program on stat, newstat and statfs as statsnoop attaches it (x86_64
 * has no tracepoint for stat: its syscall tracepoint form runs on the
 * others'), a socket filter (loads, names no target) and a kprobe (runs
 * only where kprobes or BTF trampolines do; -D NO_KPROBE leaves it out,
 * for a strict load on any kernel). */
#include <uapi/linux/ptrace.h>

struct event_t {
	u32 pid;
	u32 tid;
	u64 calls;
	char comm[16];
	u32 first : 1, kind : 3, level : 10, big : 12;
	s16 delta;
	union {
		u32 word;
		u8 bytes[4];
	};
};

BPF_HASH(counts, u32, u64);
BPF_PERF_OUTPUT(events);
BPF_RINGBUF_OUTPUT(ring, 8);

static void fill(struct event_t *ev)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 pid = id >> 32;
	u64 *calls;

	counts.increment(pid);
	calls = counts.lookup(&pid);
	ev->pid = pid;
	ev->tid = (u32)id;
	ev->calls = calls ? *calls : 0;
	bpf_get_current_comm(&ev->comm, sizeof(ev->comm));
	ev->first = 1;
	ev->kind = 5;
	ev->level = 1000;
	ev->big = 4000;
	ev->delta = -7;
	ev->word = 0x01020304;
}

TRACEPOINT_PROBE(syscalls, sys_enter_getpid)
{
	struct event_t ev = {};

	fill(&ev);
	events.perf_submit(args, &ev, sizeof(ev));
	return 0;
}

int on_ids(struct tracepoint__syscalls__sys_enter_getppid *args)
{
	struct event_t ev = {};

	fill(&ev);
	ring.ringbuf_output(&ev, sizeof(ev), 0);
	return 0;
}

int on_half(struct tracepoint__syscalls__sys_enter_getegid *args)
{
	counts.increment(1);
	return 0;
}

int on_missing(struct pt_regs *ctx)
{
	counts.increment(2);
	return 0;
}

BPF_HASH(stats, u32, u64);

int on_stat(struct pt_regs *ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;

	stats.increment(pid);
	return 0;
}

int on_packet(struct __sk_buff *skb)
{
	return -1;
}

#ifndef NO_KPROBE
int kprobe__do_nanosleep(struct pt_regs *ctx)
{
	u32 k = 0;

	counts.increment(k);
	return 0;
}
#endif
