// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bcc2core build: convert + compile into a self-describing CO-RE object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "main.h"

static void do_help(void)
{
	fprintf(stderr,
		"Usage: %1$s build [-D NAME[=VAL]]... [-I DIR]... [--attach SPEC]... [--btf FILE]\n"
		"                  [--tracefs DIR] [--kconfig FILE] [--kernel-release REL]\n"
		"                  [--min-btf DIR] [--depfile FILE] IN.c [-o OUT.bpf.o]\n"
		"\n"
		"Converts a BCC program and compiles it with clang -target bpf -g -O2 into a\n"
		"CO-RE object that '%1$s run' loads on any kernel with BTF. Without -o the\n"
		"object is IN.bpf.o. The object depends only on the source, the options and\n"
		"the kernel BTF (--btf), which it records ('%1$s -v build' and 'run -v' say\n"
		"which): two builds of the same inputs give the same bytes.\n"
		"Options as for '%1$s convert', and:\n"
		"  --min-btf DIR   for kernels without BTF: bundle the types this object needs\n"
		"                  from each kernel BTF under DIR (ID/VERSION_ID/ARCH/RELEASE.btf,\n"
		"                  as in BTFHub); run picks the one of the kernel it runs on\n"
		"  --depfile FILE  write a make rule naming what the object was built from\n"
		"                  (IN.c and every header it includes), for build systems\n",
		bin_name);
}

/* prog.c -> prog.bpf.o, prog.bcc.c -> prog.bpf.o */
static char *default_output(const char *input)
{
	char *out = malloc(strlen(input) + 8), *dot;

	if (!out)
		return NULL;
	strcpy(out, input);
	dot = strstr(out, ".bcc.c");
	if (!dot)
		dot = strrchr(out, '.');
	if (!dot || strchr(dot, '/'))
		dot = out + strlen(out);
	strcpy(dot, ".bpf.o");
	return out;
}

int do_build(int argc, char **argv)
{
	struct convert_args ca;
	char *out = NULL;
	int err;

	err = convert_args__parse(argc, argv, &ca);
	if (err || ca.want_help) {
		if (ca.want_help)
			do_help();
		convert_args__free(&ca);
		return err ? 2 : 0;
	}
	out = ca.output ? strdup(ca.output) : default_output(ca.input);
	err = out ? build_object(&ca, out) : -1;
	if (!err && ca.min_btf)
		err = bundle_min_btf(ca.min_btf, out);
	if (!err && verbose)
		print_build_inputs(out);
	free(out);
	convert_args__free(&ca);
	return err ? 1 : 0;
}
