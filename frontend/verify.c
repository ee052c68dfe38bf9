// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bcc2core verify: every program form of an object through the kernel
 * verifier, nothing attached (like bpftool prog loadall, but kprobe forms
 * load even where kprobes cannot attach, and forms the kernel refuses to
 * load at all, fentry where trampolines are off, are reported, not failed). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bcc2core/runtime.h"
#include "main.h"

static void do_help(void)
{
	fprintf(stderr,
		"Usage: %1$s verify [--btf FILE] OBJ.bpf.o\n"
		"\n"
		"Loads every program of OBJ this kernel can load (the kernel verifier checks\n"
		"each), attaches nothing, and lists what was verified and what was not.\n",
		bin_name);
}

struct counts {
	int verified, skipped;
};

static void report(const char *name, const char *sec, bool loaded, const char *why, void *data)
{
	struct counts *c = data;

	if (loaded) {
		printf("verified  %-40s %s\n", name, sec);
		c->verified++;
	} else {
		printf("skipped   %-40s %s: %s\n", name, sec, why);
		c->skipped++;
	}
}

int do_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "btf", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	BCC2CORE_OPTS(bcc2core_runtime_opts, ro, .verify_all = true);
	struct bcc2core_runtime *rt;
	struct counts c = {};
	int opt, err;

	argv--;
	argc++;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "b:h", opts, NULL)) >= 0) {
		switch (opt) {
		case 'b':
			ro.btf_path = optarg;
			break;
		case 'h':
			do_help();
			return 0;
		default:
			p_err("unknown option '%s'", argv[optind - 1]);
			fprintf(stderr, "  hint: see '%s verify --help'\n", bin_name);
			return 2;
		}
	}
	if (argc - optind != 1) {
		p_err("verify takes one object");
		fprintf(stderr, "  hint: %s verify prog.bpf.o\n", bin_name);
		return 2;
	}
	runtime_opts__from_env(&ro);
	rt = bcc2core_runtime__open(argv[optind], &ro);
	if (!rt) {
		char msg[128];

		bcc2core_strerror(errno, msg, sizeof(msg));
		p_err("cannot open '%s': %s", argv[optind], msg);
		return 1;
	}
	err = bcc2core_runtime__load(rt);
	if (err)
		p_err("the kernel verifier rejected '%s': %s", argv[optind], strerror(-err));
	else
		bcc2core_runtime__for_each_program(rt, report, &c);
	bcc2core_runtime__destroy(rt);
	if (!err)
		printf("%d verified, %d skipped\n", c.verified, c.skipped);
	/* nothing verified is a failure, unless there was nothing to verify
	 * (tables only: the load created them) */
	return err || (!c.verified && c.skipped) ? 1 : 0;
}
