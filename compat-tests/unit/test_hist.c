// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BCC's histogram layout, checked against text produced by BCC 0.26's own
 * table.py printer for the same counts (see compat-tests/unit/hist_*.txt). */
#include <stdlib.h>

#include "internal.h"
#include "test.h"

static char *print_to_string(void (*fn)(FILE *, const unsigned long long *, int, const char *,
					 bool), const unsigned long long *vals, int n,
			     const char *type, bool strip)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	fn(fp, vals, n, type, strip);
	fclose(fp);
	return buf;
}

static char *read_expected(const char *name)
{
	char path[512];
	FILE *fp;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
	fp = fopen(path, "r");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = calloc(1, n + 1);
	if (fread(buf, 1, n, fp) != (size_t)n)
		buf[0] = '\0';
	fclose(fp);
	return buf;
}

static void check(const char *file, void (*fn)(FILE *, const unsigned long long *, int,
					       const char *, bool),
		  const unsigned long long *vals, int n, const char *type, bool strip)
{
	char *got = print_to_string(fn, vals, n, type, strip), *want = read_expected(file);

	ASSERT_TRUE(want != NULL, file);
	ASSERT_STREQ(got, want, file);
	free(got);
	free(want);
}

static void test_log2_narrow(void)
{
	unsigned long long v[65] = { 0 };

	v[1] = 3; v[3] = 211; v[4] = 17; v[7] = 1;
	check("hist_log2_narrow.txt", hist_print_log2, v, 65, "kbytes", false);
}

static void test_log2_wide(void)
{
	unsigned long long v[65] = { 0 };

	v[2] = 5; v[40] = 9; v[41] = 2;
	check("hist_log2_wide.txt", hist_print_log2, v, 65, "nsecs", false);
}

static void test_log2_strip_leading_zero(void)
{
	unsigned long long v[65] = { 0 };

	v[5] = 10; v[6] = 0; v[7] = 4;
	check("hist_log2_strip.txt", hist_print_log2, v, 65, "usecs", true);
}

static void test_log2_only_bucket0_prints_nothing(void)
{
	unsigned long long v[65] = { 0 };
	char *got;

	v[0] = 7;
	got = print_to_string(hist_print_log2, v, 65, "value", false);
	ASSERT_STREQ(got, "", "bucket 0 alone");
	free(got);
}

static void test_linear(void)
{
	unsigned long long v[20] = { 0 };

	v[0] = 1; v[2] = 8; v[3] = 3; v[9] = 2;
	check("hist_linear.txt", hist_print_linear, v, 20, "slot", false);
}

TEST_MAIN(test_log2_narrow, test_log2_wide, test_log2_strip_leading_zero,
	  test_log2_only_bucket0_prints_nothing, test_linear)
