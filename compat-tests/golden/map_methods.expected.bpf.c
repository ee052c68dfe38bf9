/* Converted from map_methods.bcc.c by bcc2core: libbpf CO-RE C. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bcc2core.bpf.h"

/* Every map method a tracing program can call, with BCC's semantics:
 * increment inserts missing keys only in a plain HASH, lookup_or_init returns
 * from the program when the map is full, insert does not overwrite. */



struct val_t {
	u64 count;
	u64 bytes;
};

struct event_t {
	u32 pid;
	int stack_id;
	char comm[TASK_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} counts SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, struct val_t);
} vals SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} pcounts SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 128);
	__type(key, u32);
	__type(value, u64);
} lcounts SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, int);
	__type(value, u64);
} acounts SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct event_t);
} scratch SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 128);
	__uint(key_size, sizeof(u32));
	__uint(value_size, 127 * sizeof(u64));
} stacks SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} events SEC(".maps") __attribute__((btf_decl_tag("bcc2core:perf_output"))) __attribute__((btf_decl_tag("bcc2core:event=struct event_t")));
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16384);
} ring SEC(".maps") __attribute__((btf_decl_tag("bcc2core:event=struct event_t")));
struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 16);
	__type(value, u64);
} queue SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, 16);
	__type(value, u64);
} stack SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(u32));
} jumps SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(max_entries, 64);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} cycles SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(u32));
} cgroups SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__type(key, int);
	__type(value, u64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} task_store SEC(".maps");

static __always_inline int kprobe__vfs_read__body(void *ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 zero = 0, one = 1, *v, popped;
	struct val_t vzero = {}, *vp;
	struct event_t *e;
	int idx = 0;

	bcc2core_map_increment(&counts, pid, 1);
	bcc2core_map_increment(&counts, pid, 10);
	bcc2core_map_atomic_increment(&counts, pid, 2);
	bcc2core_map_increment_existing(&pcounts, pid, 1);
	bcc2core_map_increment_existing(&lcounts, pid, 1);
	bcc2core_map_increment_existing(&acounts, pid & 15, 1);
	bpf_map_update_elem(&counts, &pid, &one, BPF_NOEXIST);
	bpf_map_update_elem(&counts, &pid, &zero, BPF_ANY);
	v = bpf_map_lookup_elem(&counts, &pid);
	if (v)
		bpf_map_delete_elem(&counts, &pid);
	vp = bcc2core_map_lookup_or_try_init(&vals, &pid, &vzero);
	if (vp)
		vp->count++;
	vp = ({ struct val_t *__leaf = bcc2core_map_lookup_or_try_init(&vals, &pid, &vzero); if (!__leaf) return 0; __leaf; });
	vp->bytes += 4096;
	((struct val_t *)bcc2core_map_lookup_or_try_init(&vals, &pid, &vzero))->count += 0;

	e = bpf_map_lookup_elem(&scratch, &idx);
	if (!e)
		return 0;
	e->pid = pid;
	e->stack_id = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, e, sizeof(*e));
	bpf_ringbuf_output(&ring, e, sizeof(*e), 0);
	struct event_t *r = bpf_ringbuf_reserve(&ring, sizeof(struct event_t), 0);
	if (r) {
		r->pid = pid;
		if (bpf_ringbuf_query(&ring, BPF_RB_AVAIL_DATA) > 1024)
			bpf_ringbuf_discard(r, 0);
		else
			bpf_ringbuf_submit(r, 0);
	}

	bpf_map_push_elem(&queue, &one, BPF_EXIST);
	bpf_map_pop_elem(&queue, &popped);
	bpf_map_push_elem(&stack, &one, 0);
	bpf_map_peek_elem(&stack, &popped);

	u64 cyc = bpf_perf_event_read(&cycles, CUR_CPU_IDENTIFIER);
	struct bpf_perf_event_value pv = {};
	bpf_perf_event_read_value(&cycles, CUR_CPU_IDENTIFIER, &pv, sizeof(pv));
	if (bpf_current_task_under_cgroup(&cgroups, 0) == 1)
		return 0;

	struct task_struct *task = bpf_get_current_task_btf();
	u64 *ts = bpf_task_storage_get(&task_store, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (ts)
		*ts = cyc;
	bpf_task_storage_delete(&task_store, task);

	bpf_tail_call(ctx, &jumps, 2);
	return 0;
}

SEC("kprobe/vfs_read") __attribute__((btf_decl_tag("bcc2core:args_unused")))
int kprobe__vfs_read(struct pt_regs *ctx)
{
	return kprobe__vfs_read__body(ctx);
}

SEC("fentry/vfs_read")
int BPF_PROG(kprobe__vfs_read__fentry)
{
	return kprobe__vfs_read__body(ctx);
}

/* bcc2core run decodes events with these BTF types */
struct event_t *__bcc2core_event_events SEC(".bcc2core.types") __attribute__((used));
struct event_t *__bcc2core_event_ring SEC(".bcc2core.types") __attribute__((used));

char LICENSE[] SEC("license") __attribute__((btf_decl_tag("bcc2core:format=1"))) = "GPL";
