// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* printk formats: which the kernel's bpf_trace_printk prints, and where a
 * refused one goes wrong. */
#include <string.h>

#include "printk_format.h"
#include "test.h"

static int check(const char *fmt, int nargs, struct printk_problem *p)
{
	return printk_format__check(fmt, strlen(fmt), nargs, p);
}

static void test_accepted(void)
{
	static const struct { const char *fmt; int nargs; } ok[] = {
		{ "hello\n", 0 }, { "%d %i %u %x %X\n", 5 }, { "%ld %lld %llu %lx\n", 4 },
		{ "%-5d|%08x|% d|%+d\n", 4 }, { "%c %s\n", 2 }, { "100%%\n", 0 },
		{ "%p %pK %px %ps %pS %pB\n", 6 }, { "%pI4 %pi6 %pks %pus\n", 4 },
	};
	struct printk_problem p;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		ASSERT_EQ(check(ok[i].fmt, ok[i].nargs, &p), 0, ok[i].fmt);
}

static void test_refused(void)
{
	static const struct { const char *fmt; int nargs; size_t at, len; } bad[] = {
		{ "%0.2f\n", 1, 0, 5 }, { "x=%lf\n", 1, 2, 3 }, { "%hd\n", 1, 0, 3 },
		{ "%o\n", 1, 0, 2 }, { "%zu\n", 1, 0, 3 }, { "%pZ\n", 1, 0, 2 },
		{ "a %d %u\n", 1, 5, 2 }, { "tab\x01\n", 0, 3, 1 }, { "\xc3\xa9\n", 0, 0, 1 },
		{ "end %", 1, 4, 1 },
	};
	struct printk_problem p;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (!ASSERT_EQ(check(bad[i].fmt, bad[i].nargs, &p), -1, bad[i].fmt))
			continue;
		ASSERT_EQ(p.at, bad[i].at, bad[i].fmt);
		ASSERT_EQ(p.len, bad[i].len, bad[i].fmt);
	}
}

/* one %s a call before 5.13: the second is pointed at */
static void test_second_string(void)
{
	struct printk_problem p;

	ASSERT_EQ(check("%s and %s\n", 2, &p), 1, "two %s");
	ASSERT_EQ(p.at, 7, "at the second");
	ASSERT_EQ(check("%s %c %ps\n", 3, &p), 0, "one %s");
}

TEST_MAIN(test_accepted, test_refused, test_second_string)
