// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The provenance analysis (rewriter/passes/kernel_reads.c): which
 * expressions are kernel pointers, rule by rule from BCC's (bcc-dialect.md
 * §2), each on a program of a few lines, by what the rewrite makes of one
 * dereference in it: a CO-RE read, a user read, or the expression left as
 * it was. Needs libclang and the build's data dir (argv[1]). */
#include <stdlib.h>

#include "bcc2core/rewriter.h"
#include "test.h"

static struct bcc2core_rewriter *rw;

static int quiet(enum bcc2core_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

/* @body as a program's body (after @decls), converted; NULL on error */
static char *convert(const char *decls, const char *params, const char *body)
{
	char src[4096], *out = NULL;

	snprintf(src, sizeof(src),
		 "#include <uapi/linux/ptrace.h>\n#include <linux/sched.h>\n#include <net/sock.h>\n"
		 "%s\nint kprobe__tcp_v4_connect(struct pt_regs *ctx%s)\n{\n%s\n\treturn 0;\n}\n",
		 decls, params, body);
	if (bcc2core_rewriter__rewrite(rw, "t.c", src, strlen(src), &out))
		return NULL;
	return out;
}

#define EXPECT_HAS(decls, params, body, want, tag) do {				\
	char *__o = convert(decls, params, body);				\
	if (ASSERT_TRUE(__o != NULL, tag " converts"))				\
		test_report(strstr(__o, want) != NULL, __func__, tag, want);	\
	free(__o);								\
} while (0)

#define EXPECT_NOT(decls, params, body, unwanted, tag) do {			\
	char *__o = convert(decls, params, body);				\
	if (ASSERT_TRUE(__o != NULL, tag " converts"))				\
		test_report(strstr(__o, unwanted) == NULL, __func__, tag, unwanted); \
	free(__o);								\
} while (0)

/* §2.1.1: parameters after ctx that are pointers are kernel pointers;
 * scalars are not */
static void test_program_parameters(void)
{
	EXPECT_HAS("BPF_HASH(m, u32);", ", struct sock *sk", "\tu32 k = sk->__sk_common.skc_daddr;",
		   "BPF_CORE_READ(sk, __sk_common.skc_daddr)", "pointer parameter");
	EXPECT_NOT("BPF_HASH(m, u32);", ", struct sock *sk", "\tu32 k = sk ? 1 : 0;",
		   "BPF_CORE_READ", "not dereferenced: nothing to read");
}

/* §2.1.3: bpf_get_current_task(), assigned or inline; chains read through */
static void test_current_task(void)
{
	EXPECT_HAS("", "", "\tstruct task_struct *t = (struct task_struct *)bpf_get_current_task();\n"
		   "\tu32 p = t->real_parent->tgid;", "BPF_CORE_READ(t, real_parent, tgid)",
		   "assigned, chain");
	EXPECT_HAS("", "", "\tu32 p = ((struct task_struct *)bpf_get_current_task())->tgid;",
		   "BPF_CORE_READ(", "inline cast");
}

/* §2.2: assignments carry it to the left-hand side; & adds a level */
static void test_assignments(void)
{
	EXPECT_HAS("", ", struct sock *sk", "\tstruct sock *s2;\n\ts2 = sk;\n\tu16 f = s2->__sk_common.skc_family;",
		   "BPF_CORE_READ(s2, __sk_common.skc_family)", "assignment");
	EXPECT_HAS("", ", struct sock *sk", "\tstruct sock **pp = &sk;\n\tu16 f = (*pp)->__sk_common.skc_family;",
		   "skc_family", "address of a kernel pointer, dereferenced once");
}

/* pointers to pointers: *pp = sk makes pp one (its target now holds a
 * kernel pointer), **ppp two levels; each * takes one off */
static void test_pointer_levels(void)
{
	EXPECT_HAS("", ", struct sock *sk", "\tstruct sock *s1;\n\tstruct sock **pp = &s1;\n\t*pp = sk;\n"
		   "\tu16 f = (*pp)->__sk_common.skc_family;", "BPF_CORE_READ((*pp), __sk_common.skc_family)",
		   "assigned through a pointer");
	EXPECT_HAS("", ", struct sock *sk", "\tstruct sock *s1;\n\tstruct sock **pp = &s1;\n"
		   "\tstruct sock ***ppp = &pp;\n\t*pp = sk;\n\t*ppp = pp;\n"
		   "\tu16 f = (**ppp)->__sk_common.skc_family;", "BPF_CORE_READ((**ppp), __sk_common.skc_family)",
		   "two levels");
	EXPECT_NOT("", ", struct sock *sk", "\tstruct sock *s1;\n\tstruct sock **pp = &s1;\n\t*pp = sk;",
		   "bcc2core_read_kernel(pp)", "the stack slot itself is not read");
	/* a pointer read from kernel memory is a kernel pointer too */
	EXPECT_HAS("", ", char **argv", "\tchar c = (*argv)[1];",
		   "bcc2core_read_kernel((bcc2core_read_kernel(argv)) + 1)", "pointer read from kernel memory");
}

/* §2.1.4: a map whose values are kernel pointers makes its lookups so */
static void test_maps_holding_pointers(void)
{
	EXPECT_HAS("BPF_HASH(socks, u32, struct sock *);", ", struct sock *sk",
		   "\tu32 k = 0;\n\tsocks.update(&k, &sk);\n\tstruct sock **skpp = socks.lookup(&k);\n"
		   "\tif (skpp) { u16 f = (*skpp)->__sk_common.skc_family; }",
		   "BPF_CORE_READ(", "lookup from a map of kernel pointers");
	/* a map of plain values: its value pointer is read directly */
	EXPECT_NOT("struct v_t { u64 a; };\nBPF_HASH(vals, u32, struct v_t);", "",
		   "\tu32 k = 0;\n\tstruct v_t *v = vals.lookup(&k);\n\tif (v) { u64 x = v->a; }",
		   "BPF_CORE_READ(v", "map value pointer");
}

/* §2.1.5: through a static helper's parameter and return */
static void test_helper_functions(void)
{
	EXPECT_HAS("static struct sock *id(struct sock *s) { return s; }", ", struct sock *sk",
		   "\tu16 f = id(sk)->__sk_common.skc_family;", "BPF_CORE_READ(",
		   "helper return");
	EXPECT_HAS("static u16 fam(struct sock *s) { return s->__sk_common.skc_family; }",
		   ", struct sock *sk", "\tu16 f = fam(sk);", "BPF_CORE_READ(s, __sk_common.skc_family)",
		   "helper parameter");
	EXPECT_HAS("static struct sock **same(struct sock **s) { return s; }", ", struct sock *sk",
		   "\tstruct sock **pp = same(&sk);\n\tu16 f = (*pp)->__sk_common.skc_family;",
		   "BPF_CORE_READ((*pp), __sk_common.skc_family)", "helper returning a pointer to one");
	EXPECT_HAS("static u16 fam(struct sock ***s) { return (**s)->__sk_common.skc_family; }",
		   ", struct sock *sk", "\tstruct sock **pp = &sk;\n\tu16 f = fam(&pp);",
		   "BPF_CORE_READ((**s), __sk_common.skc_family)", "helper parameter two levels up");
	/* a kernel array of pointers at one call, &sk at another: *s read
	 * with a probe read, which reads the stack slot too */
	EXPECT_HAS("static u16 fam(struct sock **s) { return (*s)->__sk_common.skc_family; }",
		   ", struct sock *sk, struct sock **socks", "\tu16 f = fam(&sk) + fam(socks);",
		   "BPF_CORE_READ((bcc2core_read_kernel(s)), __sk_common.skc_family)",
		   "helper parameter given both levels");
}

/* §2.4: address-of, arrays and stack copies are not read */
static void test_left_alone(void)
{
	EXPECT_NOT("", "", "\tstruct task_struct *t = (struct task_struct *)bpf_get_current_task();\n"
		   "\tchar c[16];\n\tbpf_probe_read_kernel_str(c, sizeof(c), t->comm);",
		   "BPF_CORE_READ(t, comm)", "array field: a kernel address, not a read");
	EXPECT_HAS("", ", struct sock *sk", "\tvoid *a = &sk->__sk_common.skc_daddr;",
		   "&sk->__sk_common.skc_daddr", "address of a field");
	EXPECT_NOT("", "", "\tstruct v_t { int a; } v = {};\n\tstruct v_t *p = &v;\n\tint x = p->a;",
		   "BPF_CORE_READ", "stack pointer");
}

/* §2.6: syscall arguments are user memory: user reads, never CO-RE */
static void test_user_memory(void)
{
	char *o;
	const char *src = "#include <uapi/linux/ptrace.h>\n"
			  "int syscall__openat(struct pt_regs *ctx, int dfd, const char __user *filename)\n"
			  "{\n\tchar c = filename[0];\n\treturn c;\n}\n";

	if (!ASSERT_OK(bcc2core_rewriter__rewrite(rw, "u.c", src, strlen(src), &o), "converts"))
		return;
	ASSERT_TRUE(strstr(o, "bcc2core_read_user(") || strstr(o, "_user("), "a user read");
	ASSERT_TRUE(!strstr(o, "BPF_CORE_READ(filename"), "not a kernel read");
	free(o);
}

int test_failures, test_checks;

int main(int argc, char **argv)
{
	BCC2CORE_OPTS(bcc2core_rewriter_opts, opts);

	if (argc != 2) {
		fprintf(stderr, "usage: test_provenance DATADIR\n");
		return 2;
	}
	opts.datadir = argv[1];
	if (!getenv("TEST_VERBOSE"))	/* the conversions' own messages */
		bcc2core_set_print(quiet);
	rw = bcc2core_rewriter__new(&opts);
	if (!rw) {
		perror("bcc2core_rewriter__new");
		return 2;
	}
	test_program_parameters();
	test_current_task();
	test_assignments();
	test_pointer_levels();
	test_maps_holding_pointers();
	test_helper_functions();
	test_left_alone();
	test_user_memory();
	bcc2core_rewriter__free(rw);
	printf("%d checks, %d failed\n", test_checks, test_failures);
	return test_failures ? 1 : 0;
}
