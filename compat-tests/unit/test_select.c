// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Program-form selection (runtime/select.c, select_raw_tp.c) on kernels made
 * up here: the kernel module's answers (kprobes, trampolines) are set, and
 * tracefs is a directory this test fills. The object is select_forms.bcc.c,
 * built by bcc2core before the test (argv[1]); the kernel's own BTF is the
 * host's (fentry targets, tp_btf tracepoints) or none. Nothing is loaded. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "test.h"

static const char *obj_path;
static char tracefs[] = "/tmp/bcc2core-test-tracefs-XXXXXX";

struct kernel_state {
	int kprobes, trampolines;
	bool sys_enter_openat;		/* the syscall tracepoint exists */
	bool sys_enter_stat, sys_enter_newstat;	/* x86_64: newstat's only */
	bool vfs_read_traceable;	/* available_filter_functions lists vfs_read */
	bool no_kernel_btf;
	bool no_trampolines;		/* opts.no_trampolines */
	bool strict;			/* opts.strict (run --strict) */
	bool arg_forms_refused;		/* the verifier refused a btf_arg_reads form */
};

/* what ftrace (so kprobes and trampolines) can attach to, vfs_read aside */
#define TRACEABLE "vfs_write\nvfs_fsync\ninet_csk_accept\n__x64_sys_openat\ndo_mmap\n" \
		  "vfs_fsync_range\nvfs_truncate\nvfs_getattr\n"

static int write_file(const char *rel, const char *text)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tracefs, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		return -errno;
	return close(fd);
}

static void make_tracefs(const struct kernel_state *ks)
{
	char path[512];

	/* events/syscalls only on a kernel with syscall tracepoints */
	snprintf(path, sizeof(path), "rm -rf %s/events && mkdir -p %s/events%s", tracefs, tracefs,
		 ks->sys_enter_openat || ks->sys_enter_stat || ks->sys_enter_newstat
		 ? "/syscalls" : "");
	if (system(path))
		abort();
	if (ks->sys_enter_openat) {
		snprintf(path, sizeof(path), "%s/events/syscalls/sys_enter_openat", tracefs);
		mkdir(path, 0755);
	}
	if (ks->sys_enter_stat) {
		snprintf(path, sizeof(path), "%s/events/syscalls/sys_enter_stat", tracefs);
		mkdir(path, 0755);
	}
	if (ks->sys_enter_newstat) {
		snprintf(path, sizeof(path), "%s/events/syscalls/sys_enter_newstat", tracefs);
		mkdir(path, 0755);
	}
	write_file("available_filter_functions",
		   ks->vfs_read_traceable ? TRACEABLE "vfs_read\n" : TRACEABLE);
	write_file("available_events", "sched:sched_switch\nsyscalls:sys_enter_openat\n");
}

/* which programs would load on that kernel: "name=0|1 ..." */
static char *select_on(const struct kernel_state *ks)
{
	BCC2CORE_OPTS(bcc2core_runtime_opts, ro, .no_btf_cache = true,
		      .kernel_btf_path = ks->no_kernel_btf ? "/nonexistent/vmlinux" : NULL,
		      .btf_path = ks->no_kernel_btf ? "/sys/kernel/btf/vmlinux" : NULL,
		      .no_trampolines = ks->no_trampolines, .strict = ks->strict);
	struct bcc2core_runtime *rt;
	struct bpf_program *prog;
	struct strbuf sb = {};

	make_tracefs(ks);
	rt = bcc2core_runtime__open(obj_path, &ro);
	if (!rt)
		return strdup("open failed");
	rt->kernel.tracefs = tracefs;
	rt->kernel.kprobes = ks->kprobes;
	rt->kernel.trampolines = ks->trampolines;
	rt->no_btf_arg_forms = ks->arg_forms_refused;
	if (select_variants(rt))
		strbuf_puts(&sb, "(error) ");
	bpf_object__for_each_program(prog, rt->obj)
		strbuf_printf(&sb, "%s%s=%d", sb.len && sb.buf[sb.len - 1] != ' ' ? " " : "",
			      bpf_program__name(prog), bpf_program__autoload(prog));
	bcc2core_runtime__destroy(rt);
	return strbuf_detach(&sb);
}

#define EXPECT(ks, want, tag) do {						\
	char *__got = select_on(ks);						\
	ASSERT_STREQ(__got, want, tag);						\
	free(__got);								\
} while (0)

static void test_kprobes_and_trampolines(void)
{
	struct kernel_state ks = { .kprobes = 1, .trampolines = 1, .sys_enter_openat = true,
				   .vfs_read_traceable = true };

	/* a kprobe's (or syscall's) fentry form first where trampolines work,
	 * fentry for KFUNC_PROBE; BCC's kprobe for a function with more
	 * arguments than the trampoline saves (do_mmap), for a program
	 * attached to two (on_two) and for one that walks its stack */
	EXPECT(&ks, "syscall__openat=0 syscall__openat__tp=0 syscall__openat__fentry=1 kprobe__vfs_read=0 "
	       "kprobe__vfs_read__fentry=1 kfunc__vfs_write=1 kfunc__vfs_write__kprobe=0 "
	       "raw_tracepoint__sched_switch=0 raw_tracepoint__sched_switch__tp_btf=1 "
	       "on_stat=1 on_stat__tp=0 kprobe__vfs_fsync=0 kprobe__vfs_fsync__fentry=1 "
	       "kretprobe__inet_csk_accept=0 kretprobe__inet_csk_accept__fexit=1 "
	       "kprobe__do_mmap=1 kprobe__do_mmap__fentry=0 on_two=1 on_two__fentry=0 "
	       "kprobe__vfs_getattr=1 kprobe__vfs_getattr__fentry=0", "both");
}

static void test_no_kprobes(void)
{
	struct kernel_state ks = { .kprobes = 0, .trampolines = 1, .sys_enter_openat = true,
				   .sys_enter_newstat = true, .vfs_read_traceable = true };

	/* trampolines but no kprobes: the fentry forms; on_stat on newstat's
	 * tracepoint, stat having no function of its own (x86_64) */
	EXPECT(&ks, "syscall__openat=0 syscall__openat__tp=0 syscall__openat__fentry=1 kprobe__vfs_read=0 "
	       "kprobe__vfs_read__fentry=1 kfunc__vfs_write=1 kfunc__vfs_write__kprobe=0 "
	       "raw_tracepoint__sched_switch=0 raw_tracepoint__sched_switch__tp_btf=1 "
	       "on_stat=0 on_stat__tp=1 kprobe__vfs_fsync=0 kprobe__vfs_fsync__fentry=1 "
	       "kretprobe__inet_csk_accept=0 kretprobe__inet_csk_accept__fexit=1 "
	       "kprobe__do_mmap=0 kprobe__do_mmap__fentry=1 on_two=0 on_two__fentry=1 "
	       "kprobe__vfs_getattr=0 kprobe__vfs_getattr__fentry=1",
	       "no kprobes");
}

static void test_nothing_fits(void)
{
	struct kernel_state ks = { .kprobes = 0, .trampolines = 0, .sys_enter_openat = false };

	/* no kprobes, no trampolines, no syscall tracepoints: no form of the
	 * four kprobe-kind programs can run, none loads */
	EXPECT(&ks, "syscall__openat=0 syscall__openat__tp=0 syscall__openat__fentry=0 kprobe__vfs_read=0 "
	       "kprobe__vfs_read__fentry=0 kfunc__vfs_write=0 kfunc__vfs_write__kprobe=0 "
	       "raw_tracepoint__sched_switch=0 raw_tracepoint__sched_switch__tp_btf=1 "
	       "on_stat=0 on_stat__tp=0 kprobe__vfs_fsync=0 kprobe__vfs_fsync__fentry=0 "
	       "kretprobe__inet_csk_accept=0 kretprobe__inet_csk_accept__fexit=0 "
	       "kprobe__do_mmap=0 kprobe__do_mmap__fentry=0 on_two=0 on_two__fentry=0 "
	       "kprobe__vfs_getattr=0 kprobe__vfs_getattr__fentry=0",
	       "nothing");
}

static void test_kprobe_target_missing(void)
{
	struct kernel_state ks = { .kprobes = 1, .trampolines = 1, .sys_enter_openat = true,
				   .vfs_read_traceable = false };

	/* vfs_read not traceable by kprobe here: its fentry form; a syscall
	 * kprobe does not depend on the filter list */
	EXPECT(&ks, "syscall__openat=0 syscall__openat__tp=0 syscall__openat__fentry=1 kprobe__vfs_read=0 "
	       "kprobe__vfs_read__fentry=1 kfunc__vfs_write=1 kfunc__vfs_write__kprobe=0 "
	       "raw_tracepoint__sched_switch=0 raw_tracepoint__sched_switch__tp_btf=1 "
	       "on_stat=1 on_stat__tp=0 kprobe__vfs_fsync=0 kprobe__vfs_fsync__fentry=1 "
	       "kretprobe__inet_csk_accept=0 kretprobe__inet_csk_accept__fexit=1 "
	       "kprobe__do_mmap=1 kprobe__do_mmap__fentry=0 on_two=1 on_two__fentry=0 "
	       "kprobe__vfs_getattr=1 kprobe__vfs_getattr__fentry=0",
	       "target missing");
}

static void test_kprobe_target_missing_no_other_form(void)
{
	struct kernel_state ks = { .kprobes = 1, .trampolines = 0, .sys_enter_openat = true,
				   .vfs_read_traceable = false };

	/* no fentry form either: the kprobe program loads all the same, for a
	 * tool that attaches it to another function when the first is missing
	 * (fileslower: __vfs_read, else vfs_read) */
	EXPECT(&ks, "syscall__openat=1 syscall__openat__tp=0 syscall__openat__fentry=0 kprobe__vfs_read=1 "
	       "kprobe__vfs_read__fentry=0 kfunc__vfs_write=0 kfunc__vfs_write__kprobe=1 "
	       "raw_tracepoint__sched_switch=0 raw_tracepoint__sched_switch__tp_btf=1 "
	       "on_stat=1 on_stat__tp=0 kprobe__vfs_fsync=1 kprobe__vfs_fsync__fentry=0 "
	       "kretprobe__inet_csk_accept=1 kretprobe__inet_csk_accept__fexit=0 "
	       "kprobe__do_mmap=1 kprobe__do_mmap__fentry=0 on_two=1 on_two__fentry=0 "
	       "kprobe__vfs_getattr=1 kprobe__vfs_getattr__fentry=0",
	       "target missing, no other form");
}

static void test_trampolines_refused(void)
{
	struct kernel_state ks = { .kprobes = 1, .trampolines = 0, .sys_enter_openat = true,
				   .vfs_read_traceable = true };

	/* the guest with fentry refused: KFUNC_PROBE runs as its kprobe form */
	EXPECT(&ks, "syscall__openat=1 syscall__openat__tp=0 syscall__openat__fentry=0 kprobe__vfs_read=1 "
	       "kprobe__vfs_read__fentry=0 kfunc__vfs_write=0 kfunc__vfs_write__kprobe=1 "
	       "raw_tracepoint__sched_switch=0 raw_tracepoint__sched_switch__tp_btf=1 "
	       "on_stat=1 on_stat__tp=0 kprobe__vfs_fsync=1 kprobe__vfs_fsync__fentry=0 "
	       "kretprobe__inet_csk_accept=1 kretprobe__inet_csk_accept__fexit=0 "
	       "kprobe__do_mmap=1 kprobe__do_mmap__fentry=0 on_two=1 on_two__fentry=0 "
	       "kprobe__vfs_getattr=1 kprobe__vfs_getattr__fentry=0",
	       "trampolines refused");
	ks.trampolines = 1;
	ks.no_trampolines = true;
	EXPECT(&ks, "syscall__openat=1 syscall__openat__tp=0 syscall__openat__fentry=0 kprobe__vfs_read=1 "
	       "kprobe__vfs_read__fentry=0 kfunc__vfs_write=0 kfunc__vfs_write__kprobe=1 "
	       "raw_tracepoint__sched_switch=0 raw_tracepoint__sched_switch__tp_btf=1 "
	       "on_stat=1 on_stat__tp=0 kprobe__vfs_fsync=1 kprobe__vfs_fsync__fentry=0 "
	       "kretprobe__inet_csk_accept=1 kretprobe__inet_csk_accept__fexit=0 "
	       "kprobe__do_mmap=1 kprobe__do_mmap__fentry=0 on_two=1 on_two__fentry=0 "
	       "kprobe__vfs_getattr=1 kprobe__vfs_getattr__fentry=0",
	       "no_trampolines");
}

static void test_no_kernel_btf(void)
{
	struct kernel_state ks = { .kprobes = 0, .trampolines = 1, .sys_enter_openat = true,
				   .vfs_read_traceable = true, .no_kernel_btf = true };

	/* without the kernel's own BTF: no fentry target, raw_tp not tp_btf;
	 * on_stat's syscalls have no tracepoint, but others do: its form
	 * loads for an attach to another syscall */
	EXPECT(&ks, "syscall__openat=0 syscall__openat__tp=1 syscall__openat__fentry=0 kprobe__vfs_read=0 "
	       "kprobe__vfs_read__fentry=0 kfunc__vfs_write=0 kfunc__vfs_write__kprobe=0 "
	       "raw_tracepoint__sched_switch=1 raw_tracepoint__sched_switch__tp_btf=0 "
	       "on_stat=0 on_stat__tp=1 kprobe__vfs_fsync=0 kprobe__vfs_fsync__fentry=0 "
	       "kretprobe__inet_csk_accept=0 kretprobe__inet_csk_accept__fexit=0 "
	       "kprobe__do_mmap=0 kprobe__do_mmap__fentry=0 on_two=0 on_two__fentry=0 "
	       "kprobe__vfs_getattr=0 kprobe__vfs_getattr__fentry=0",
	       "no kernel BTF");
}

/* A syscall's tracepoint form runs where its own syscall or one it also
 * attaches to has a tracepoint (statsnoop's stat_entry on x86_64, where
 * stat has none: the table's entry is newstat). Where neither has one it
 * still loads if the kernel has syscall tracepoints: a tool may go on to
 * attach it to another syscall (statsnoop: statfs), with no rebuild. */
static void test_syscall_tp_of_another(void)
{
	struct kernel_state ks = { .kprobes = 0, .trampolines = 1, .sys_enter_newstat = true };
	const char *rest = "kprobe__vfs_read=0 "
			   "kprobe__vfs_read__fentry=1 kfunc__vfs_write=1 "
			   "kfunc__vfs_write__kprobe=0 raw_tracepoint__sched_switch=0 "
			   "raw_tracepoint__sched_switch__tp_btf=1 ";
	char want[512];

	/* openat's fentry form (on __x64_sys_openat, whatever the tracepoints) */
	snprintf(want, sizeof(want), "syscall__openat=0 syscall__openat__tp=0 "
		 "syscall__openat__fentry=1 %son_stat=0 "
		 "on_stat__tp=1 kprobe__vfs_fsync=0 kprobe__vfs_fsync__fentry=1 "
		 "kretprobe__inet_csk_accept=0 kretprobe__inet_csk_accept__fexit=1 "
		 "kprobe__do_mmap=0 kprobe__do_mmap__fentry=1 on_two=0 on_two__fentry=1 "
		 "kprobe__vfs_getattr=0 kprobe__vfs_getattr__fentry=1", rest);
	EXPECT(&ks, want, "newstat's only");
	ks.sys_enter_newstat = false;
	ks.sys_enter_stat = true;
	EXPECT(&ks, want, "stat's only");
	ks.sys_enter_stat = false;
	ks.sys_enter_openat = true;
	EXPECT(&ks, want, "neither of on_stat's, openat's");
	/* strict (a missing target is an error): not loaded for a later
	 * attach, and said */
	ks.strict = true;
	snprintf(want, sizeof(want), "(error) syscall__openat=0 syscall__openat__tp=0 "
		 "syscall__openat__fentry=1 %son_stat=0 "
		 "on_stat__tp=0 kprobe__vfs_fsync=0 kprobe__vfs_fsync__fentry=1 "
		 "kretprobe__inet_csk_accept=0 kretprobe__inet_csk_accept__fexit=1 "
		 "kprobe__do_mmap=0 kprobe__do_mmap__fentry=1 on_two=0 on_two__fentry=1 "
		 "kprobe__vfs_getattr=0 kprobe__vfs_getattr__fentry=1", rest);
	EXPECT(&ks, want, "strict, neither of on_stat's");
	ks.strict = false;
	ks.sys_enter_openat = false;
	snprintf(want, sizeof(want), "syscall__openat=0 syscall__openat__tp=0 "
		 "syscall__openat__fentry=1 %son_stat=0 "
		 "on_stat__tp=0 kprobe__vfs_fsync=0 kprobe__vfs_fsync__fentry=1 "
		 "kretprobe__inet_csk_accept=0 kretprobe__inet_csk_accept__fexit=1 "
		 "kprobe__do_mmap=0 kprobe__do_mmap__fentry=1 on_two=0 on_two__fentry=1 "
		 "kprobe__vfs_getattr=0 kprobe__vfs_getattr__fentry=1", rest);
	EXPECT(&ks, want, "no syscall tracepoints");
}

/* The verifier refused a btf_arg_reads fentry form: the object loads again
 * without those (runtime.c). The kprobe forms where kprobes exist; without
 * kprobes the syscall's tracepoint, and the kprobe whose only other form
 * was refused does not run (not the refused form again). */
static void test_arg_forms_refused(void)
{
	struct kernel_state ks = { .kprobes = 1, .trampolines = 1, .sys_enter_openat = true,
				   .vfs_read_traceable = true, .arg_forms_refused = true };

	EXPECT(&ks, "syscall__openat=1 syscall__openat__tp=0 syscall__openat__fentry=0 "
	       "kprobe__vfs_read=1 kprobe__vfs_read__fentry=0 kfunc__vfs_write=1 "
	       "kfunc__vfs_write__kprobe=0 raw_tracepoint__sched_switch=0 "
	       "raw_tracepoint__sched_switch__tp_btf=1 on_stat=1 on_stat__tp=0 "
	       "kprobe__vfs_fsync=1 kprobe__vfs_fsync__fentry=0 "
	       "kretprobe__inet_csk_accept=1 kretprobe__inet_csk_accept__fexit=0 "
	       "kprobe__do_mmap=1 kprobe__do_mmap__fentry=0 on_two=1 on_two__fentry=0 "
	       "kprobe__vfs_getattr=1 kprobe__vfs_getattr__fentry=0",
	       "refused, kprobes");
	ks.kprobes = 0;
	EXPECT(&ks, "syscall__openat=0 syscall__openat__tp=1 syscall__openat__fentry=0 "
	       "kprobe__vfs_read=0 kprobe__vfs_read__fentry=1 kfunc__vfs_write=1 "
	       "kfunc__vfs_write__kprobe=0 raw_tracepoint__sched_switch=0 "
	       "raw_tracepoint__sched_switch__tp_btf=1 on_stat=0 on_stat__tp=1 "
	       "kprobe__vfs_fsync=0 kprobe__vfs_fsync__fentry=0 "
	       "kretprobe__inet_csk_accept=0 kretprobe__inet_csk_accept__fexit=0 "
	       "kprobe__do_mmap=0 kprobe__do_mmap__fentry=1 on_two=0 on_two__fentry=1 "
	       "kprobe__vfs_getattr=0 kprobe__vfs_getattr__fentry=1",
	       "refused, no kprobes");
}

static void run_all(void);

int test_failures, test_checks;

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_select OBJ (select_forms.bcc.c built)\n");
		return 2;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		printf("SKIP: no /sys/kernel/btf/vmlinux\n");
		return 77;
	}
	obj_path = argv[1];
	bcc2core_set_print(NULL);
	if (!mkdtemp(tracefs))
		return 2;
	run_all();
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", tracefs);
		if (system(cmd))
			fprintf(stderr, "cannot remove %s\n", tracefs);
	}
	printf("%d checks, %d failed\n", test_checks, test_failures);
	return test_failures ? 1 : 0;
}

/* kernel__has_function(): the whole name, in this kernel's /proc/kallsyms
 * (vfs_read is in every kernel's), an offset ignored, a prefix not a match */
static void test_has_function(void)
{
	ASSERT_TRUE(kernel__has_function("vfs_read"), "vfs_read");
	ASSERT_TRUE(kernel__has_function("vfs_read+0x4"), "with an offset");
	ASSERT_TRUE(!kernel__has_function("vfs_rea"), "a prefix");
	ASSERT_TRUE(!kernel__has_function("bcc2core_no_such_function"), "missing");
}

/* kernel__func_fact(): from this kernel's BTF (vfs_read takes four
 * arguments in four registers; do_mmap eight or nine, more than six;
 * timespec64_add_safe two 16-byte structs, four registers), and
 * remembered: the answers of a first start come from the facts file on
 * the next, with no BTF (a path that does not exist) */
static void test_func_facts(void)
{
	char dir[] = "/tmp/bcc2core-test-facts-XXXXXX", cmd[128], kdir[4096];
	struct kernel k;

	if (!mkdtemp(dir))
		abort();
	if (kernel_cache_dir(dir, kdir, sizeof(kdir))) {
		printf("SKIP test_func_facts: no build ID to remember answers by\n");
		rmdir(dir);
		return;
	}
	kernel__init(&k, NULL, false);
	k.remember = true;
	k.facts_dir = dir;
	ASSERT_TRUE(kernel__func_fact(&k, "vfs_read", KERNEL_FUNC_ID) > 0, "vfs_read's id");
	ASSERT_EQ(kernel__func_fact(&k, "vfs_read", KERNEL_FUNC_PARAMS), 4, "vfs_read's arguments");
	ASSERT_EQ(kernel__func_fact(&k, "vfs_read", KERNEL_FUNC_REGS), 4, "vfs_read's registers");
	ASSERT_TRUE(kernel__trampoline_args_fit(&k, "vfs_read"), "vfs_read fits");
	ASSERT_TRUE(kernel__func_fact(&k, "do_mmap", KERNEL_FUNC_REGS) > 6, "do_mmap's registers");
	ASSERT_TRUE(!kernel__trampoline_args_fit(&k, "do_mmap"), "do_mmap does not fit");
	if (kernel__func_fact(&k, "timespec64_add_safe", KERNEL_FUNC_ID) > 0) {
		ASSERT_EQ(kernel__func_fact(&k, "timespec64_add_safe", KERNEL_FUNC_PARAMS), 2,
			  "two structs");
		ASSERT_EQ(kernel__func_fact(&k, "timespec64_add_safe", KERNEL_FUNC_REGS), 4,
			  "in four registers");
	}
	ASSERT_EQ(kernel__func_fact(&k, "bcc2core_no_such_function", KERNEL_FUNC_ID), -1,
		  "missing");
	ASSERT_EQ(kernel__func_fact(&k, "two words", KERNEL_FUNC_ID), -1, "not a name");
	kernel__release(&k);
	kernel__init(&k, "/nonexistent/vmlinux", false);
	k.remember = true;
	k.facts_dir = dir;
	ASSERT_EQ(kernel__func_fact(&k, "vfs_read", KERNEL_FUNC_PARAMS), 4, "remembered");
	ASSERT_TRUE(kernel__func_fact(&k, "do_mmap", KERNEL_FUNC_REGS) > 6,
		    "remembered: do_mmap's registers");
	ASSERT_EQ(kernel__func_fact(&k, "vfs_write", KERNEL_FUNC_ID), -1, "never asked, no BTF");
	kernel__release(&k);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", dir);
}

static void run_all(void)
{
	test_kprobes_and_trampolines();
	test_no_kprobes();
	test_nothing_fits();
	test_kprobe_target_missing();
	test_kprobe_target_missing_no_other_form();
	test_trampolines_refused();
	test_no_kernel_btf();
	test_syscall_tp_of_another();
	test_arg_forms_refused();
	test_has_function();
	test_func_facts();
}
