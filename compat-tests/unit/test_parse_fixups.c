// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What the parse makes of its own errors (rewriter/parse.c,
 * diagnostics.c), decision by decision, each on a program of a few lines:
 * a name the kernel's headers have too gets one of its own, a field the
 * kernel renamed is parsed under this kernel's name, a method BCC tables
 * lack is said in BCC's terms, a PCH libclang cannot read is left for the
 * header; every other error stands where clang put it. The decisions come
 * from where an error points, its notes and the AST, not from its words.
 * Needs libclang and the build's data dir (argv[1]). */
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "bcc2core/rewriter.h"
#include "test.h"

static char *datadir;
static char log_buf[16384];
static size_t log_len;

/* the conversions' messages, kept for the checks (and shown with
 * TEST_VERBOSE) */
static int keep(enum bcc2core_print_level level, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	(void)level;
	if (getenv("TEST_VERBOSE")) {
		va_copy(copy, ap);
		vfprintf(stderr, fmt, copy);
		va_end(copy);
	}
	if (log_len >= sizeof(log_buf) - 1)
		return 0;
	n = vsnprintf(log_buf + log_len, sizeof(log_buf) - log_len, fmt, ap);
	if (n > 0)
		log_len += (size_t)n < sizeof(log_buf) - log_len ? (size_t)n
								 : sizeof(log_buf) - log_len - 1;
	return n;
}

/* @src converted with the data in @dir; NULL on error (the messages in
 * log_buf either way) */
static char *convert_in(const char *dir, const char *src)
{
	BCC2CORE_OPTS(bcc2core_rewriter_opts, opts, .datadir = dir);
	struct bcc2core_rewriter *rw = bcc2core_rewriter__new(&opts);
	char *out = NULL;

	log_len = 0;
	log_buf[0] = '\0';
	if (!rw)
		return NULL;
	if (bcc2core_rewriter__rewrite(rw, "t.c", src, strlen(src), &out))
		out = NULL;
	bcc2core_rewriter__free(rw);
	return out;
}

static char *convert(const char *src)
{
	return convert_in(datadir, src);
}

#define TP_PROG "TRACEPOINT_PROBE(sched, sched_process_exec)\n{\n\treturn 0;\n}\n"

static void expect_out(const char *func, const char *src, const char *want, const char *tag)
{
	char *o = convert(src);

	if (!test_report(o != NULL, func, tag, "converts"))
		printf("%s", log_buf);
	else if (!test_report(strstr(o, want) != NULL, func, tag, want))
		printf("%s", o);
	free(o);
}

/* the conversion fails with an error at @where (t.c:LINE:COL: error: ...),
 * and @unwanted (if any) is in no message */
static void expect_error(const char *func, const char *src, const char *where,
			 const char *unwanted, const char *tag)
{
	char *o = convert(src);

	test_report(o == NULL, func, tag, "fails");
	if (!test_report(strstr(log_buf, where) != NULL, func, tag, where))
		printf("%s", log_buf);
	if (unwanted)
		test_report(!strstr(log_buf, unwanted), func, tag, unwanted);
	free(o);
}

#define EXPECT_OUT(src, want, tag) expect_out(__func__, src, want, tag)
#define EXPECT_ERROR(src, where, unwanted, tag) expect_error(__func__, src, where, unwanted, tag)

/* An error at the name of a declaration whose note points at an earlier
 * one of that name: the program's gets a name of its own (NAME___bcc2core)
 * where that resolves it. */
static void test_redefinitions(void)
{
	/* the program's copy of a kernel struct (BCC's dcsnoop): uses get the
	 * kernel's from vmlinux.h */
	EXPECT_OUT("struct nameidata {\n\tstruct path path;\n\tint last_type;\n};\n" TP_PROG,
		   "struct nameidata___bcc2core {", "kernel struct copy");
	EXPECT_OUT("union bpf_attr { __u32 map_type; };\n" TP_PROG, "union bpf_attr___bcc2core {",
		   "kernel union copy");
	/* a type of the program's own under a kernel name (a field the
	 * kernel's lacks, or one a compat macro spells): the program's at
	 * every use, under a name that is no CO-RE flavour */
	EXPECT_OUT("union bpf_attr { int x; };\n" TP_PROG, "union bpf_attr__local {",
		   "own union");
	EXPECT_OUT("struct sock { u32 *sk_daddr; };\nstatic u32 f(struct sock *s) { return 0; }\n"
		   TP_PROG, "u32 f(struct sock__local *s)", "own struct, its uses");
	EXPECT_OUT("struct sock { u32 *sk_daddr; };\n" TP_PROG, "#undef sk_daddr",
		   "own struct, a compat macro for its field");
	EXPECT_OUT("enum pid_type { MY_PIDTYPE };\n" TP_PROG, "enum pid_type___bcc2core {",
		   "kernel enum copy");
	/* a map, a variable or a function named like a kernel typedef or
	 * enumerator: a different kind of thing */
	EXPECT_OUT("BPF_ARRAY(config, u64, 4);\n" TP_PROG, "} config___bcc2core SEC(\".maps\")",
		   "map named like a kernel typedef");
	EXPECT_OUT("u32 PIDTYPE_PID;\n" TP_PROG, "u32 PIDTYPE_PID___bcc2core;",
		   "variable named like a kernel enumerator");
	EXPECT_OUT("static int pid_t(void) { return 0; }\n" TP_PROG,
		   "int pid_t___bcc2core(void)", "function named like a kernel typedef");
	/* a name in a macro argument is renamed where it is written */
	EXPECT_OUT("#define MAP(n) BPF_ARRAY(n, u64, 4)\nMAP(config);\n" TP_PROG,
		   "} config___bcc2core SEC(\".maps\")", "name in a macro argument");
	/* the program's own second definition is renamed the same way (as the
	 * message-matching parse did): two definitions of one struct, one
	 * variable of one linkage, or of two types, one function */
	EXPECT_OUT("struct foo { int a; };\nstruct foo { int b; };\n" TP_PROG,
		   "struct foo___bcc2core { int b; };", "program's own struct twice");
	EXPECT_OUT("int x = 1;\nint x = 2;\n" TP_PROG, "int x___bcc2core = 2;",
		   "variable defined twice");
	EXPECT_OUT("int x;\nlong x;\n" TP_PROG, "long x___bcc2core;", "variable of two types");
	EXPECT_OUT("static int f(void) { return 0; }\nstatic int f(void) { return 1; }\n" TP_PROG,
		   "int f___bcc2core(void) { return 1; }", "function defined twice");

	/* one thing declared twice, wrongly: clang's error stands */
	EXPECT_ERROR("int bpf_trace_printk(int);\n" TP_PROG, "t.c:1:5: error:", "___bcc2core",
		     "prototype against the helper's");
	EXPECT_ERROR("static int f(void) { return 0; }\nstatic long f(void) { return 1; }\n" TP_PROG,
		     "t.c:2:13: error:", "___bcc2core", "function of two types");
	EXPECT_ERROR("int f(void) { return 0; }\nstatic int f(void) { return 1; }\n" TP_PROG,
		     "t.c:2:12: error:", "___bcc2core", "function of two linkages");
	EXPECT_ERROR("static int x = 1;\nint x = 2;\n" TP_PROG, "t.c:2:5: error:", "___bcc2core",
		     "variable of two linkages");
	EXPECT_ERROR("typedef long pid_t;\n" TP_PROG, "t.c:1:14: error:", "___bcc2core",
		     "typedef of another type");
	EXPECT_ERROR("enum { PIDTYPE_PID = 0 };\n" TP_PROG, "t.c:1:8: error:", "___bcc2core",
		     "enumerator");
	/* the name is spelled in a macro body, not where the error points */
	EXPECT_ERROR("#define S struct nameidata { int x; }\nS;\n" TP_PROG, "t.c:2:1: error:",
		     "___bcc2core", "struct in a macro body");
}

#define TASK_PROG(stmts)							\
	"#include <linux/sched.h>\n#define ID(x) (x)\n#define STATE(t) ((t)->state)\n"	\
	"BPF_ARRAY(a, long, 1);\nTRACEPOINT_PROBE(sched, sched_process_exec)\n{\n"	\
	"\tstruct task_struct *t = (struct task_struct *)bpf_get_current_task();\n"	\
	"\tint z = 0;\n\tlong v = 0;\n" stmts "\ta.update(&z, &v);\n\treturn 0;\n}\n"

/* base->NAME whose struct has no NAME: a field the kernel renamed is
 * parsed under this kernel's name (and read through its CO-RE reader) */
static void test_renamed_fields(void)
{
	EXPECT_OUT(TASK_PROG("\tv = t->state;\n"), "bcc2core_task_state(t)", "task_struct.state");
	EXPECT_OUT(TASK_PROG("\tv = (*t).state;\n"), "v = (*t).__state;", "(*t).state");
	EXPECT_OUT(TASK_PROG("\tv = t->real_parent->state;\n"), "bcc2core_task_state(",
		   "through a chain");
	EXPECT_OUT(TASK_PROG("\tv = t->/* old name */state;\n"), "bcc2core_task_state(",
		   "a comment before the name");
	EXPECT_OUT(TASK_PROG("\tv = ID(t->state);\n"), "bcc2core_task_state(",
		   "in a macro argument");
	/* spelled in a macro body: not where the error points */
	EXPECT_ERROR(TASK_PROG("\tv = STATE(t);\n"), "t.c:10:6: error:", NULL, "in a macro body");
	/* no field of that name in any kernel */
	EXPECT_ERROR(TASK_PROG("\tv = t->stat;\n"), "t.c:10:9: error:", NULL, "misspelt");
}

/* map.method() of a method BCC tables do not have, said in BCC's terms;
 * told by the table macro's annotation, not by the struct's name */
static void test_unknown_methods(void)
{
	EXPECT_ERROR("BPF_HASH(counts, u32);\nTRACEPOINT_PROBE(sched, sched_process_exec)\n{\n"
		     "\tu32 k = 0;\n\tcounts.frobnicate(&k);\n\treturn 0;\n}\n",
		     "t.c:5:9: error: map 'counts' has no method 'frobnicate'", NULL, "on a map");
	EXPECT_ERROR("BPF_HASH(counts, u32);\nTRACEPOINT_PROBE(sched, sched_process_exec)\n{\n"
		     "\tu32 k = 0;\n\tstruct counts_table_t *p = &counts;\n\tp->frobnicate(&k);\n"
		     "\treturn 0;\n}\n", "t.c:6:5: error: map 'counts' has no method 'frobnicate'",
		     NULL, "through a pointer");
	EXPECT_ERROR("struct foo_table_t { int a; };\nTRACEPOINT_PROBE(sched, sched_process_exec)\n"
		     "{\n\tstruct foo_table_t f = {};\n\treturn f.zz;\n}\n", "t.c:5:11: error:",
		     "has no method", "a struct that is no map");
}

/* A PCH libclang cannot read (CXError_ASTReadError): the parse takes the
 * header instead, and the output is the same. */
static void test_unreadable_pch(const char *src)
{
	const char *files[] = { "bcc2core_parse.h", "bcc2core_defs.h", "bcc2core.bpf.h",
				"bcc2core_proto.h", "vmlinux.h" };
	char dir[] = "/tmp/bcc2core-test-pch.XXXXXX", path[4200], target[4200];
	char *want = convert(src), *got = NULL;
	FILE *f;

	if (!ASSERT_TRUE(want != NULL, "converts with the PCH") ||
	    !ASSERT_TRUE(mkdtemp(dir), "mkdtemp"))
		goto out;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		snprintf(target, sizeof(target), "%s/%s", datadir, files[i]);
		ASSERT_OK(symlink(target, path), files[i]);
	}
	snprintf(path, sizeof(path), "%s/bcc2core_parse.pch", dir);
	f = fopen(path, "w");
	if (ASSERT_TRUE(f != NULL, "write a broken PCH")) {
		fputs("not a precompiled header\n", f);
		fclose(f);
	}
	got = convert_in(dir, src);
	if (ASSERT_TRUE(got != NULL, "converts without it"))
		ASSERT_STREQ(got, want, "the same output");
	else
		printf("%s", log_buf);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/bcc2core_parse.pch", dir);
	unlink(path);
	rmdir(dir);
out:
	free(want);
	free(got);
}

int test_failures, test_checks;

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_parse_fixups DATADIR\n");
		return 2;
	}
	datadir = realpath(argv[1], NULL);
	if (!datadir) {
		perror(argv[1]);
		return 2;
	}
	bcc2core_set_print(keep);
	test_redefinitions();
	test_renamed_fields();
	test_unknown_methods();
	test_unreadable_pch("BPF_ARRAY(config, u64, 4);\n" TP_PROG);
	/* a -D flag from the build kernel's config (CONFIG_X86_64) comes
	 * before the header without the PCH: the header's x86 macros must not
	 * hang on it (profile's direct map base) */
	test_unreadable_pch("TRACEPOINT_PROBE(sched, sched_process_exec)\n{\n\tu64 base;\n"
			    "#if defined(CONFIG_X86_64) && defined(__PAGE_OFFSET_BASE_L4)\n"
			    "\tbase = __PAGE_OFFSET_BASE_L4;\n#else\n\tbase = PAGE_OFFSET;\n#endif\n"
			    "\treturn base != 0;\n}\n");
	printf("%d checks, %d failed\n", test_checks, test_failures);
	free(datadir);
	return test_failures ? 1 : 0;
}
