// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The load-time #if decisions (rewriter/kconfig_groups.c,
 * kconfig_decision.c): which #if LINUX_VERSION_CODE / CONFIG_* groups become
 * C over __kconfig externs (decided where the object loads) and which stay
 * the preprocessor's (decided on the build kernel), one rule per program of
 * a few lines. Needs libclang and the build's data dir (argv[1]). */
#include <stdlib.h>
#include <unistd.h>

#include "bcc2core/rewriter.h"
#include "test.h"

static const char *datadir;

static int quiet(enum bcc2core_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

/* @body inside a tracepoint program (after @top), converted with @cflag */
static char *convert(const char *cflag, const char *top, const char *body)
{
	BCC2CORE_OPTS(bcc2core_rewriter_opts, opts, .datadir = datadir,
		      .cflags = (const char *const *)&cflag, .cflag_cnt = cflag ? 1 : 0);
	struct bcc2core_rewriter *rw = bcc2core_rewriter__new(&opts);
	char src[4096], *out = NULL;

	if (!rw)
		return NULL;
	snprintf(src, sizeof(src),
		 "#include <linux/version.h>\n#include <linux/sched.h>\nBPF_HASH(counts, u32, u64);\n"
		 "%s\nTRACEPOINT_PROBE(sched, sched_switch)\n{\n\tu32 key = 0;\n%s\n"
		 "\tcounts.increment(key);\n\treturn 0;\n}\n", top, body);
	/* from a file, as the command converts: a program given as text only
	 * has all its groups left to the build kernel (a known bug: the plan
	 * finds no group in a main file that is not on disk) */
	{
		char path[] = "/tmp/bcc2core-kgXXXXXX.c";
		int fd = mkstemps(path, 2);

		if (fd >= 0 && write(fd, src, strlen(src)) == (ssize_t)strlen(src) && !close(fd) &&
		    bcc2core_rewriter__rewrite(rw, path, NULL, 0, &out))
			out = NULL;
		unlink(path);
	}
	bcc2core_rewriter__free(rw);
	return out;
}

static void expect(const char *cflag, const char *top, const char *body, const char *want,
		   const char *unwanted, const char *tag)
{
	char *o = convert(cflag, top, body);

	if (!test_report(o != NULL, "expect", tag, "converts"))
		return;
	if (want)
		test_report(strstr(o, want) != NULL, "expect", tag, want);
	if (unwanted)
		test_report(strstr(o, unwanted) == NULL, "expect", tag, unwanted);
	free(o);
}

static void test_decided_at_load(void)
{
	expect(NULL, "", "#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 14, 0)\n\tkey = 1;\n#else\n"
	       "\tkey = 2;\n#endif", "if (LINUX_KERNEL_VERSION >= KERNEL_VERSION(5, 14, 0)) {",
	       NULL, "version group inside a function");
	expect(NULL, "", "#ifdef CONFIG_KPROBES\n\tkey = 1;\n#endif",
	       "extern enum libbpf_tristate CONFIG_KPROBES __kconfig __weak;", NULL,
	       "CONFIG_ tested: a weak tristate extern");
	expect(NULL, "", "#ifdef CONFIG_KPROBES\n\tkey = 1;\n#endif", "(CONFIG_KPROBES == TRI_YES)",
	       NULL, "#ifdef: built in");
	expect(NULL, "", "#if CONFIG_NR_CPUS > 64\n\tkey = 1;\n#endif",
	       "extern long long CONFIG_NR_CPUS __kconfig __weak;", NULL, "a numeric config");
}

static void test_left_to_the_build_kernel(void)
{
	/* top level: no function to hold an if */
	expect(NULL, "#ifdef CONFIG_KPROBES\n#define K 1\n#else\n#define K 2\n#endif",
	       "\tkey = K;", NULL, "__kconfig", "top level");
	/* a declaration used after the group */
	expect(NULL, "", "#ifdef CONFIG_KPROBES\n\tu32 extra = 1;\n#else\n\tu32 extra = 2;\n#endif\n"
	       "\tkey = extra;", NULL, "CONFIG_KPROBES == TRI_YES", "a declaration used after");
	/* a name the command line sets stays the preprocessor's */
	expect("-DLINUX_VERSION_CODE=393216", "",
	       "#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 14, 0)\n\tkey = 1;\n#endif", NULL,
	       "LINUX_KERNEL_VERSION", "-D sets the name");
}

int test_failures, test_checks;

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_kconfig_groups DATADIR\n");
		return 2;
	}
	datadir = argv[1];
	if (!getenv("TEST_VERBOSE"))	/* the conversions' own warnings */
		bcc2core_set_print(quiet);
	test_decided_at_load();
	test_left_to_the_build_kernel();
	printf("%d checks, %d failed\n", test_checks, test_failures);
	return test_failures ? 1 : 0;
}
