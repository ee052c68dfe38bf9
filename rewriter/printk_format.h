/* printk_format.c: does the kernel's bpf_trace_printk take a format? */
#ifndef BCC2CORE_PRINTK_FORMAT_H
#define BCC2CORE_PRINTK_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

struct printk_problem {
	size_t at, len;		/* the bytes of the format it is about */
	const char *what;
};

/* @f: the format's @n bytes (decoded, without the terminating NUL), for a
 * call with @nargs arguments after it. 0: the kernel prints it; -1: it does not
 * (*@p says why); 1: kernels before 5.13 do not (one %s a call). */
int printk_format__check(const char *f, size_t n, int nargs, struct printk_problem *p);

#endif
