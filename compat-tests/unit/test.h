/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* A tiny test runner: ASSERT_* return bool (if (!ASSERT_OK(...)) return;),
 * each prints func:PASS:tag or func:FAIL:tag; main() returns the failures. */
#ifndef BCC2CORE_TEST_H
#define BCC2CORE_TEST_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

extern int test_failures, test_checks;

static inline bool test_report(bool ok, const char *func, const char *tag, const char *detail)
{
	test_checks++;
	if (!ok) {
		test_failures++;
		printf("%s:FAIL:%s %s\n", func, tag, detail ? detail : "");
	}
	return ok;
}

#define ASSERT_TRUE(cond, tag) test_report(!!(cond), __func__, tag, #cond)
#define ASSERT_EQ(a, b, tag) ({							\
	long long __a = (long long)(a), __b = (long long)(b);			\
	char __d[128];								\
	snprintf(__d, sizeof(__d), "%lld != %lld", __a, __b);			\
	test_report(__a == __b, __func__, tag, __d);				\
})
#define ASSERT_OK(err, tag) ASSERT_EQ(err, 0, tag)
#define ASSERT_STREQ(a, b, tag) ({						\
	const char *__a = (a), *__b = (b);					\
	char __d[1024];								\
	snprintf(__d, sizeof(__d), "\"%s\" != \"%s\"", __a ? __a : "(null)",	\
		 __b ? __b : "(null)");						\
	test_report(__a && __b && !strcmp(__a, __b), __func__, tag, __d);	\
})

#define TEST_MAIN(...)								\
int test_failures, test_checks;						\
int main(void)									\
{										\
	void (*tests[])(void) = { __VA_ARGS__ };				\
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)		\
		tests[i]();							\
	printf("%d checks, %d failed\n", test_checks, test_failures);		\
	return test_failures ? 1 : 0;						\
}

#endif
