// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* fullbuf.so: an LD_PRELOAD shim for one diagnostic row of bench/run.sh.
 * bcc2core's main() makes stdout line-buffered (setvbuf _IOLBF), so every
 * --json event line is its own write(2), even to /dev/null or a file; this
 * turns that one call into full buffering (64 KiB), to show what the drain
 * rate would be without a write per event. Not used for any goal. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

int setvbuf(FILE *f, char *buf, int mode, size_t size)
{
	static int (*real)(FILE *, char *, int, size_t);

	if (!real)
		real = (int (*)(FILE *, char *, int, size_t))dlsym(RTLD_NEXT, "setvbuf");
	if (f == stdout && mode == _IOLBF) {
		mode = _IOFBF;
		size = 65536;
	}
	return real(f, buf, mode, size);
}
