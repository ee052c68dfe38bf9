// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Would the kernel print this bpf_trace_printk format? The kernel checks a
 * format when the call runs and prints nothing (the helper returns -EINVAL)
 * for one it does not take, so the rewriter says so where the format is
 * written. The rules are those of the kernel's format parser since 5.13
 * (bpf_bprintf_prepare), plus the one-%s limit of older kernels. */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "printk_format.h"

static bool pointer_ok(const char *f, size_t n, size_t i, size_t *len)
{
	char a = i + 1 < n ? f[i + 1] : 0, b = i + 2 < n ? f[i + 2] : 0;

	*len = 1;
	if ((a == 'k' || a == 'u') && b == 's') {
		*len = 3;	/* %pks, %pus: a string in kernel or user memory */
		return true;
	}
	if (!a || isspace((unsigned char)a) || ispunct((unsigned char)a))
		return true;
	if (a == 'K' || a == 'x' || a == 's' || a == 'S' || a == 'B') {
		*len = 2;
		return true;
	}
	if ((a == 'i' || a == 'I') && (b == '4' || b == '6')) {
		*len = 3;
		return true;
	}
	return false;
}

/* The bytes of the conversion at @start as written: up to its letter. */
static size_t conversion_len(const char *f, size_t n, size_t start)
{
	size_t i = start + 1;

	while (i < n && !isalpha((unsigned char)f[i]) && f[i] != '%' && !isspace((unsigned char)f[i]))
		i++;
	while (i < n && f[i] && strchr("hljztLq", f[i]))	/* length modifiers */
		i++;
	return i < n && isalpha((unsigned char)f[i]) ? i + 1 - start : i - start;
}

int printk_format__check(const char *f, size_t n, int nargs, struct printk_problem *p)
{
	int specs = 0;
	size_t second_s = 0;
	bool one_s = false;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = f[i];
		size_t start = i, len;

		p->at = i;
		p->len = 1;
		if (c >= 0x80) {
			p->what = "a byte that is not ASCII";
			return -1;
		}
		if (!isprint(c) && !isspace(c)) {
			p->what = "a control character";
			return -1;
		}
		if (c != '%')
			continue;
		if (i + 1 < n && f[i + 1] == '%') {
			i++;
			continue;
		}
		if (++specs > nargs) {
			p->len = conversion_len(f, n, start);
			p->what = "more conversions than arguments";
			return -1;
		}
		i++;
		while (i < n && (f[i] == '0' || f[i] == '+' || f[i] == '-' || f[i] == ' '))
			i++;
		while (i < n && isdigit((unsigned char)f[i]))
			i++;
		if (i < n && f[i] == 'p') {
			if (!pointer_ok(f, n, i, &len))
				goto bad;
			i += len - 1;
			continue;
		}
		if (i < n && (f[i] == 's' || f[i] == 'c')) {
			if (f[i] == 's' && one_s && !second_s)
				second_s = start + 1;	/* + 1: 0 is "none" */
			one_s |= f[i] == 's';
			continue;
		}
		if (i < n && f[i] == 'l')
			i++;
		if (i < n && f[i] == 'l')
			i++;
		if (i < n && (f[i] == 'd' || f[i] == 'i' || f[i] == 'u' || f[i] == 'x' || f[i] == 'X'))
			continue;
bad:
		p->at = start;
		p->len = conversion_len(f, n, start);
		p->what = "a conversion the kernel does not have";
		return -1;
	}
	if (second_s) {
		p->at = second_s - 1;
		p->len = 2;
		p->what = "a second %s";
		return 1;
	}
	return 0;
}
