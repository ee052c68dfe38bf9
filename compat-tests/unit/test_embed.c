// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The embedding API through libbcc2core.so, as the Python bcc layer uses it:
 * the object embed.bcc.c (built by bcc2core before the test: argv[1], and
 * argv[2] without its kprobe, for a strict load anywhere) loaded, its types described, programs attached one by one (links counted
 * in the kernel, not in the runtime), records taken from a perf and a ring
 * buffer by callbacks after syscalls this process makes, programs detached;
 * BCC's histogram text; the kernel probes; type descriptions of damaged
 * BTF. Only public API and libbpf: what a ctypes caller can reach. */
#include <errno.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "bcc2core/object_format.h"
#include "bcc2core/runtime.h"
#include "test.h"

static const char *obj_path, *strict_obj_path;
/* this process's pid, asked once: a getpid() in a callback would make
 * another record */
static __u32 self_pid;

/* the fixture's struct event_t, as the BPF side lays it out */
struct event {
	__u32 pid;
	__u32 tid;
	__u64 calls;
	char comm[16];
	__u32 first : 1, kind : 3, level : 10, big : 12;
	__s16 delta;
	union {
		__u32 word;
		__u8 bytes[4];
	};
};

#define U8 "{\"kind\":\"int\",\"name\":\"u8\",\"size\":1,\"signed\":false,\"char\":false,\"bool\":false}"
#define U32 "{\"kind\":\"int\",\"name\":\"u32\",\"size\":4,\"signed\":false,\"char\":false,\"bool\":false}"
#define U64 "{\"kind\":\"int\",\"name\":\"u64\",\"size\":8,\"signed\":false,\"char\":false,\"bool\":false}"
#define S16 "{\"kind\":\"int\",\"name\":\"s16\",\"size\":2,\"signed\":true,\"char\":false,\"bool\":false}"
#define CHAR "{\"kind\":\"int\",\"name\":\"char\",\"size\":1,\"signed\":true,\"char\":true,\"bool\":false}"
#define MEMBER(name, off, bit_off, bits, type) \
	"{\"name\":\"" name "\",\"offset\":" #off ",\"bit_offset\":" #bit_off ",\"bits\":" #bits \
	",\"type\":" type "}"
#define EVENT_T								\
	"{\"kind\":\"struct\",\"name\":\"event_t\",\"size\":48,\"members\":["	\
	MEMBER("pid", 0, 0, 0, U32) ","						\
	MEMBER("tid", 4, 0, 0, U32) ","						\
	MEMBER("calls", 8, 0, 0, U64) ","					\
	MEMBER("comm", 16, 0, 0,						\
	       "{\"kind\":\"array\",\"len\":16,\"size\":16,\"type\":" CHAR "}") ","	\
	MEMBER("first", 32, 0, 1, U32) ","					\
	MEMBER("kind", 32, 1, 3, U32) ","					\
	MEMBER("level", 32, 4, 10, U32) ","					\
	MEMBER("big", 32, 14, 12, U32) ","					\
	MEMBER("delta", 36, 0, 0, S16) ","					\
	MEMBER("", 40, 0, 0,							\
	       "{\"kind\":\"union\",\"name\":\"\",\"size\":4,\"members\":["	\
	       MEMBER("word", 0, 0, 0, U32) ","					\
	       MEMBER("bytes", 0, 0, 0,						\
		      "{\"kind\":\"array\",\"len\":4,\"size\":4,\"type\":" U8 "}") "]}") \
	"]}"

/* checks a describe_map() result against @want (NULL: fails with @err) */
static void check_describe(struct bcc2core_runtime *rt, const char *map, const char *which,
			   const char *want, int err, const char *tag)
{
	char *got;

	errno = 0;
	got = bcc2core_runtime__describe_map(rt, map, which);
	if (want)
		ASSERT_STREQ(got, want, tag);
	else
		ASSERT_TRUE(!got && errno == err, tag);
	bcc2core_free(got);
}

static struct bcc2core_runtime *open_fixture(void)
{
	BCC2CORE_OPTS(bcc2core_runtime_opts, ro, .no_btf_cache = true);

	return bcc2core_runtime__open(obj_path, &ro);
}

/* Before load: descriptions from the object's BTF, nothing to attach or poll. */
static void test_before_load(void)
{
	struct bcc2core_runtime *rt = open_fixture();

	if (!ASSERT_TRUE(rt != NULL, "open"))
		return;
	ASSERT_EQ(bcc2core_runtime__attach_program(rt, "on_ids"), -EINVAL, "attach before load");
	ASSERT_EQ(bcc2core_runtime__open_buffer(rt, "events", NULL), -EINVAL,
		  "buffer before load");
	check_describe(rt, "counts", "key", U32, 0, "key before load");
	ASSERT_TRUE(bcc2core_runtime__map(rt, "counts") != NULL, "map before load");
	ASSERT_TRUE(bcc2core_runtime__object(rt) != NULL, "object");
	bcc2core_runtime__destroy(rt);
}

static void test_describe(struct bcc2core_runtime *rt)
{
	check_describe(rt, "counts", "key", U32, 0, "counts key");
	check_describe(rt, "counts", "value", U64, 0, "counts value");
	check_describe(rt, "events", "event", EVENT_T, 0, "events event");
	check_describe(rt, "ring", "event", EVENT_T, 0, "ring event");
	/* a perf event array is declared by sizes: no key type */
	check_describe(rt, "events", "key", NULL, ENOENT, "events key");
	check_describe(rt, "counts", "event", NULL, ENOENT, "counts has no event");
	check_describe(rt, "nope", "key", NULL, ENOENT, "no such map");
	check_describe(rt, "counts", "keys", NULL, EINVAL, "no such part");
	errno = 0;
	ASSERT_TRUE(!bcc2core_runtime__map(rt, "nope") && errno == ENOENT, "map nope");
	ASSERT_TRUE(bcc2core_runtime__map(rt, "counts") ==
		    bpf_object__find_map_by_name(bcc2core_runtime__object(rt), "counts"),
		    "map is the object's");
}

/* Damaged BTF: a struct that holds itself, typedefs in a circle, a fan-out
 * past the type budget, ids out of range, a type without a layout. */
static void test_describe_damaged(void)
{
	struct btf *btf = btf__new_empty();
	int i32, self, next, td_a, fan, proto;
	char *got;

	if (!ASSERT_TRUE(btf != NULL, "btf"))
		return;
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	self = btf__add_struct(btf, "self", 8);
	btf__add_field(btf, "me", self, 0, 0);
	next = btf__type_cnt(btf);	/* the id the next type gets */
	td_a = btf__add_typedef(btf, "a", next + 1);
	btf__add_typedef(btf, "b", td_a);
	/* level k holds two of level k - 1: 2^20 paths, 21 types */
	fan = i32;
	for (int k = 0; k < 20; k++) {
		int s = btf__add_struct(btf, "", 8);

		btf__add_field(btf, "l", fan, 0, 0);
		btf__add_field(btf, "r", fan, 32, 0);
		fan = s;
	}
	proto = btf__add_func_proto(btf, i32);

	errno = 0;
	got = bcc2core_btf__describe(btf, self);
	ASSERT_TRUE(!got && errno == ELOOP, "struct holding itself");
	errno = 0;
	got = bcc2core_btf__describe(btf, td_a);
	ASSERT_TRUE(!got && errno == ELOOP, "typedef circle");
	errno = 0;
	got = bcc2core_btf__describe(btf, fan);
	ASSERT_TRUE(!got && errno == E2BIG, "fan-out");
	errno = 0;
	got = bcc2core_btf__describe(btf, btf__type_cnt(btf));
	ASSERT_TRUE(!got && errno == EINVAL, "id out of range");
	errno = 0;
	got = bcc2core_btf__describe(btf, proto);
	ASSERT_TRUE(!got && errno == EINVAL, "func proto");
	got = bcc2core_btf__describe(btf, i32);
	ASSERT_STREQ(got, "{\"kind\":\"int\",\"name\":\"int\",\"size\":4,\"signed\":true,"
		     "\"char\":false,\"bool\":false}", "int");
	bcc2core_free(got);
	btf__free(btf);
}

/* Kernel links of @name's program: what attach left in the kernel. */
static int kernel_links(struct bcc2core_runtime *rt, const char *name)
{
	struct bpf_program *prog =
		bpf_object__find_program_by_name(bcc2core_runtime__object(rt), name);
	struct bpf_prog_info pinfo = {};
	__u32 len = sizeof(pinfo), id = 0;
	int n = 0;

	if (!prog || bpf_obj_get_info_by_fd(bpf_program__fd(prog), &pinfo, &len))
		return -1;
	while (!bpf_link_get_next_id(id, &id)) {
		struct bpf_link_info info = {};
		int fd = bpf_link_get_fd_by_id(id);

		if (fd < 0)
			continue;
		len = sizeof(info);
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) && info.prog_id == pinfo.id)
			n++;
		close(fd);
	}
	return n;
}

/* what the callbacks saw of this process's records */
struct seen {
	int perf, ring, bad_cpu, lost;
	struct event last;
	__u32 last_size;
};

static void on_sample(void *ctx, int cpu, void *data, __u32 size, bool ring)
{
	struct seen *s = ctx;
	struct event ev;

	if (size < sizeof(ev))
		return;
	memcpy(&ev, data, sizeof(ev));
	if (ev.pid != self_pid)
		return;		/* another process's syscall */
	if (ring ? cpu != -1 : cpu < 0)
		s->bad_cpu++;
	*(ring ? &s->ring : &s->perf) += 1;
	s->last = ev;
	s->last_size = size;
}

static void on_perf(void *ctx, int cpu, void *data, __u32 size)
{
	on_sample(ctx, cpu, data, size, false);
}

static void on_ring(void *ctx, int cpu, void *data, __u32 size)
{
	on_sample(ctx, cpu, data, size, true);
}

static void on_lost(void *ctx, int cpu, __u64 cnt)
{
	(void)cpu;
	((struct seen *)ctx)->lost += cnt;
}

/* polls until @perf saw @n_perf records and @ring @n_ring, or 2 s */
static void poll_for(struct bcc2core_runtime *rt, const struct seen *perf, int n_perf,
		     const struct seen *ring, int n_ring)
{
	for (int i = 0; i < 20 && (perf->perf < n_perf || ring->ring < n_ring); i++)
		bcc2core_runtime__poll(rt, 100);
}

static void test_attach_and_buffers(struct bcc2core_runtime *rt)
{
	const char *getpid_prog = "tracepoint__syscalls__sys_enter_getpid";
	BCC2CORE_OPTS(bcc2core_buffer_opts, po, .sample_cb = on_perf, .lost_cb = on_lost);
	BCC2CORE_OPTS(bcc2core_buffer_opts, ro, .sample_cb = on_ring);
	struct seen perf = {}, ring = {};
	char comm[16] = {};
	int n;

	po.ctx = &perf;
	ro.ctx = &ring;
	prctl(PR_GET_NAME, comm);

	ASSERT_EQ(bcc2core_runtime__attach_program(rt, "nope"), -ENOENT, "attach nope");
	ASSERT_EQ(bcc2core_runtime__detach_program(rt, "nope"), -ENOENT, "detach nope");
	/* a form's own name is not a program name */
	ASSERT_EQ(bcc2core_runtime__attach_program(rt, "kprobe__do_nanosleep__fentry"), -ENOENT,
		  "attach a form's name");
	ASSERT_EQ(bcc2core_runtime__attach_program(rt, "on_packet"), -EOPNOTSUPP,
		  "attach socket filter");
	ASSERT_EQ(kernel_links(rt, "on_packet"), 0, "socket filter links");

	ASSERT_OK(bcc2core_runtime__attach_program(rt, getpid_prog), "attach getpid");
	ASSERT_OK(bcc2core_runtime__attach_program(rt, getpid_prog), "attach getpid again");
	ASSERT_EQ(kernel_links(rt, getpid_prog), 1, "getpid: one link");
	/* its SEC() target and its also= target */
	ASSERT_OK(bcc2core_runtime__attach_program(rt, "on_ids"), "attach on_ids");
	ASSERT_EQ(kernel_links(rt, "on_ids"), 2, "on_ids: two links");

	ASSERT_EQ(bcc2core_runtime__open_buffer(rt, "nope", &po), -ENOENT, "buffer nope");
	ASSERT_EQ(bcc2core_runtime__open_buffer(rt, "counts", &po), -EINVAL, "buffer of a hash");
	ASSERT_OK(bcc2core_runtime__open_buffer(rt, "events", &po), "open perf buffer");
	ASSERT_EQ(bcc2core_runtime__open_buffer(rt, "events", &po), -EEXIST, "perf buffer again");
	ASSERT_OK(bcc2core_runtime__open_buffer(rt, "ring", &ro), "open ring buffer");
	ASSERT_EQ(bcc2core_runtime__open_buffer(rt, "ring", &ro), -EEXIST, "ring buffer again");

	syscall(SYS_getpid);
	syscall(SYS_getppid);
	syscall(SYS_getuid);
	poll_for(rt, &perf, 1, &ring, 2);
	/* at least: a tool running the test (valgrind) may call getpid too */
	ASSERT_TRUE(perf.perf >= 1, "perf records of this process");
	ASSERT_EQ(ring.ring, 2, "ring records of this process (getppid, getuid)");
	ASSERT_EQ(perf.bad_cpu + ring.bad_cpu, 0, "cpu: >= 0 for perf, -1 for ring");
	ASSERT_TRUE(perf.last_size >= sizeof(struct event), "perf record size");
	ASSERT_EQ(perf.last.tid, (__u32)syscall(SYS_gettid), "record tid");
	ASSERT_STREQ(perf.last.comm, comm, "record comm");
	ASSERT_TRUE(perf.last.first == 1 && perf.last.kind == 5 && perf.last.level == 1000 &&
		    perf.last.big == 4000 && perf.last.delta == -7 && perf.last.word == 0x01020304,
		    "record fields");
	ASSERT_EQ(ring.last_size, sizeof(struct event), "ring record size");

	/* consume: what is there, no waiting (perf output is written in the
	 * syscall itself) */
	n = perf.perf;
	syscall(SYS_getpid);
	ASSERT_TRUE(bcc2core_runtime__consume(rt) >= 1, "consume counts records");
	ASSERT_TRUE(perf.perf > n, "consume handed the record over");
	ASSERT_EQ(perf.lost, 0, "nothing lost");

	ASSERT_OK(bcc2core_runtime__detach_program(rt, "on_ids"), "detach on_ids");
	ASSERT_EQ(kernel_links(rt, "on_ids"), 0, "on_ids: no link");
	syscall(SYS_getppid);
	bcc2core_runtime__poll(rt, 50);
	ASSERT_EQ(ring.ring, 2, "no ring record after detach");
	ASSERT_OK(bcc2core_runtime__detach_program(rt, "on_ids"), "detach on_ids again");
	ASSERT_OK(bcc2core_runtime__attach_program(rt, "on_ids"), "attach on_ids again");
	ASSERT_EQ(kernel_links(rt, "on_ids"), 2, "on_ids: two links again");

	ASSERT_OK(bcc2core_runtime__detach_program(rt, getpid_prog), "detach getpid");
	ASSERT_EQ(kernel_links(rt, getpid_prog), 0, "getpid: no link");

	/* a failing target: libbpf's error, nothing left attached */
	n = bcc2core_runtime__attach_program(rt, "on_missing");
	ASSERT_TRUE(n < 0 && n != -EOPNOTSUPP && n != -EINVAL, "uprobe on a missing binary");
	ASSERT_EQ(kernel_links(rt, "on_missing"), 0, "uprobe: no link");
	/* a failing also= target without .strict: warned about, skipped */
	ASSERT_OK(bcc2core_runtime__attach_program(rt, "on_half"), "on_half without strict");
	ASSERT_EQ(kernel_links(rt, "on_half"), 1, "on_half: its SEC() target only");

	/* kprobe__do_nanosleep loaded as its kprobe or its fentry form, or not
	 * at all: the kernel probes say which */
	n = bcc2core_runtime__attach_program(rt, "kprobe__do_nanosleep");
	if (bcc2core_kernel__can_kprobe() || bcc2core_kernel__can_trampoline())
		ASSERT_OK(n, "kprobe attaches where kprobes or fentry do");
	else
		ASSERT_EQ(n, -EOPNOTSUPP, "kprobe: no form loaded here");
	bcc2core_runtime__detach_program(rt, "kprobe__do_nanosleep");
}

/* the form of program @name that loaded here, by for_each_program */
struct loaded_form {
	const char *name;
	char form[64];
};

static void find_loaded(const char *name, const char *sec, bool loaded, const char *why,
			void *data)
{
	struct loaded_form *lf = data;
	size_t len;

	(void)sec;
	(void)why;
	bcc2core_form__of(name, &len);
	if (loaded && len == strlen(lf->name) && !strncmp(name, lf->name, len))
		snprintf(lf->form, sizeof(lf->form), "%s", name);
}

/* on_stat, attached to stat, newstat and statfs: its kprobe form to all
 * three, its syscall tracepoint form to those with a tracepoint here (on
 * x86_64 newstat and statfs, stat being newstat in the syscall table), and
 * either sees this process's stat() */
static void test_syscall_also(struct bcc2core_runtime *rt)
{
	static const char *const events[] = { "syscalls:sys_enter_stat",
					      "syscalls:sys_enter_newstat",
					      "syscalls:sys_enter_statfs" };
	struct loaded_form lf = { .name = "on_stat" };
	struct bpf_map *stats = bcc2core_runtime__map(rt, "stats");
	__u64 calls = 0;
	struct stat st;
	int want = 0, tps = 0;

	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		tps += bcc2core_kernel__has_tracepoint(events[i]);
	bcc2core_runtime__for_each_program(rt, find_loaded, &lf);
	if (!bcc2core_kernel__can_kprobe() && !tps) {
		ASSERT_EQ(bcc2core_runtime__attach_program(rt, "on_stat"), -EOPNOTSUPP,
			  "on_stat: no form loaded here");
		return;
	}
	if (!ASSERT_TRUE(*lf.form, "on_stat: a form of it loaded"))
		return;
	want = strcmp(lf.form, "on_stat") ? tps : 3;
	ASSERT_OK(bcc2core_runtime__attach_program(rt, "on_stat"), "attach on_stat");
	ASSERT_EQ(kernel_links(rt, lf.form), want, "on_stat: a link per syscall it runs on");
	ASSERT_OK(bcc2core_runtime__attach_program(rt, "on_stat"), "attach on_stat again");
	ASSERT_EQ(kernel_links(rt, lf.form), want, "on_stat: no second links");
	/* glibc's stat() is newfstatat or statx: the raw syscall, whose
	 * table entry on x86_64 is newstat */
	ASSERT_OK(syscall(SYS_stat, "/", &st), "stat");
	if (ASSERT_TRUE(stats != NULL, "map stats"))
		bpf_map_lookup_elem(bpf_map__fd(stats), &self_pid, &calls);
	ASSERT_TRUE(calls >= 1, "on_stat saw this process's stat");
	ASSERT_OK(bcc2core_runtime__detach_program(rt, "on_stat"), "detach on_stat");
	ASSERT_EQ(kernel_links(rt, lf.form), 0, "on_stat: no link");
}

/* the primary name of each program, as the header says to find it */
static void count_primaries(const char *name, const char *sec, bool loaded, const char *why,
			    void *data)
{
	int *counts = data;
	size_t len;

	(void)sec;
	(void)loaded;
	(void)why;
	if (bcc2core_form__of(name, &len) == BCC2CORE_FORM_PRIMARY)
		counts[0]++;
	else if (len == strlen("kprobe__do_nanosleep") &&
		 !strncmp(name, "kprobe__do_nanosleep", len))
		counts[1]++;
}

static void test_programs(struct bcc2core_runtime *rt)
{
	int counts[2] = {};

	bcc2core_runtime__for_each_program(rt, count_primaries, counts);
	ASSERT_EQ(counts[0], 7, "primary programs");
	ASSERT_EQ(counts[1], 1, "alternate forms (kprobe__do_nanosleep__fentry)");
}

static void test_loaded(void)
{
	struct bcc2core_runtime *rt = open_fixture();
	int err;

	if (!ASSERT_TRUE(rt != NULL, "open"))
		return;
	err = bcc2core_runtime__load(rt);
	if (!ASSERT_OK(err, "load")) {
		bcc2core_runtime__destroy(rt);
		return;
	}
	test_describe(rt);
	test_programs(rt);
	test_attach_and_buffers(rt);
	test_syscall_also(rt);
	bcc2core_runtime__destroy(rt);
}

/* With .strict, a failing also= target fails the program: none of its
 * links stay, its SEC() target's neither. */
static void test_strict(void)
{
	BCC2CORE_OPTS(bcc2core_runtime_opts, ro, .no_btf_cache = true, .strict = true);
	struct bcc2core_runtime *rt = bcc2core_runtime__open(strict_obj_path, &ro);

	if (!ASSERT_TRUE(rt != NULL, "open strict"))
		return;
	if (ASSERT_OK(bcc2core_runtime__load(rt), "load strict")) {
		ASSERT_TRUE(bcc2core_runtime__attach_program(rt, "on_half") < 0, "on_half strict");
		ASSERT_EQ(kernel_links(rt, "on_half"), 0, "on_half strict: no link");
		ASSERT_OK(bcc2core_runtime__attach_program(rt, "on_ids"), "on_ids strict");
		ASSERT_EQ(kernel_links(rt, "on_ids"), 2, "on_ids strict: two links");
		/* a syscall without a tracepoint here is no failure */
		test_syscall_also(rt);
	}
	bcc2core_runtime__destroy(rt);
}

static void check_hist(char *got, const char *want, const char *tag)
{
	ASSERT_STREQ(got, want, tag);
	bcc2core_free(got);
}

/* expected text: BCC 0.26's table.py _print_log2_hist/_print_linear_hist
 * run on the same counts */
static void test_hist(void)
{
	__u64 log2[65] = { [3] = 10, [4] = 7, [6] = 1 }, lin[6] = { [2] = 3, [4] = 12, [5] = 5 };
	const char *log2_rows =
		"         4 -> 7          : 10       |****************************************|\n"
		"         8 -> 15         : 7        |****************************            |\n"
		"        16 -> 31         : 0        |                                        |\n"
		"        32 -> 63         : 1        |****                                    |\n";
	const char *lin_rows =
		"        2          : 3        |**********                              |\n"
		"        3          : 0        |                                        |\n"
		"        4          : 12       |****************************************|\n"
		"        5          : 5        |****************                        |\n";
	char want[2048];
	__u64 zeros[4] = {};

	snprintf(want, sizeof(want), "%s%s%s%s",
		 "     usecs               : count     distribution\n",
		 "         0 -> 1          : 0        |                                        |\n",
		 "         2 -> 3          : 0        |                                        |\n",
		 log2_rows);
	check_hist(bcc2core_hist__format_log2(log2, 65, "usecs", false), want, "log2");
	snprintf(want, sizeof(want), "%s%s", "     usecs               : count     distribution\n",
		 log2_rows);
	check_hist(bcc2core_hist__format_log2(log2, 65, "usecs", true), want, "log2 strip");
	snprintf(want, sizeof(want), "%s%s%s%s", "     msecs         : count     distribution\n",
		 "        0          : 0        |                                        |\n",
		 "        1          : 0        |                                        |\n",
		 lin_rows);
	check_hist(bcc2core_hist__format_linear(lin, 6, "msecs", false), want, "linear");
	snprintf(want, sizeof(want), "%s%s", "     msecs         : count     distribution\n",
		 lin_rows);
	check_hist(bcc2core_hist__format_linear(lin, 6, "msecs", true), want, "linear strip");
	check_hist(bcc2core_hist__format_log2(zeros, 4, NULL, false), "", "log2 all zero");
	errno = 0;
	ASSERT_TRUE(!bcc2core_hist__format_log2(log2, 66, "x", false) && errno == EINVAL,
		    "log2 past 64 bits");
	errno = 0;
	ASSERT_TRUE(!bcc2core_hist__format_linear(NULL, 3, "x", false) && errno == EINVAL,
		    "linear NULL");
}

static void test_kernel(void)
{
	ASSERT_TRUE(bcc2core_kernel__has_tracepoint("syscalls:sys_enter_getpid"), "cat:event");
	ASSERT_TRUE(bcc2core_kernel__has_tracepoint("syscalls/sys_enter_getpid"), "cat/event");
	ASSERT_TRUE(!bcc2core_kernel__has_tracepoint("syscalls:sys_enter_nope"), "no event");
	ASSERT_TRUE(!bcc2core_kernel__has_tracepoint("syscalls"), "no event named");
	ASSERT_TRUE(!bcc2core_kernel__has_tracepoint("../events:syscalls"), "no path");
	ASSERT_TRUE(!bcc2core_kernel__has_tracepoint(NULL), "NULL");
}

int test_failures, test_checks;

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: test_embed OBJ STRICT_OBJ (embed.bcc.c built, and with "
			"-D NO_KPROBE)\n");
		return 2;
	}
	obj_path = argv[1];
	strict_obj_path = argv[2];
	self_pid = getpid();
	test_hist();
	test_describe_damaged();
	test_before_load();
	if (geteuid() != 0) {
		printf("SKIP: the rest loads BPF programs: run as root\n");
		return test_failures ? 1 : 77;
	}
	test_kernel();
	test_loaded();
	test_strict();
	printf("%d checks, %d failed\n", test_checks, test_failures);
	return test_failures ? 1 : 0;
}
