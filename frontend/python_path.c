// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bcc2core python-path: where the drop-in `bcc` package is, for PYTHONPATH. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "main.h"

int do_python_path(int argc, char **argv)
{
	char path[PATH_MAX], real[PATH_MAX];

	if (argc > 0 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) {
		fprintf(stderr,
			"Usage: %1$s python-path\n"
			"\n"
			"Prints the directory of bcc2core's drop-in 'bcc' Python package. With it\n"
			"first on PYTHONPATH, an unmodified BCC tool runs on objects from the cache\n"
			"('%1$s port TOOL', '%1$s cache add'), without LLVM or kernel headers:\n"
			"  PYTHONPATH=$(%1$s python-path) /usr/bin/python3 /usr/sbin/execsnoop-bpfcc\n",
			bin_name);
		return 0;
	}
	if (argc > 0) {
		p_err("python-path takes no arguments");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/python", data_dir());
	if (access(path, R_OK)) {
		p_err("no Python package at %s", path);
		fprintf(stderr, "  hint: build the 'bcc2core_python' target, or install bcc2core\n");
		return 1;
	}
	printf("%s\n", realpath(path, real) ? real : path);
	return 0;
}
