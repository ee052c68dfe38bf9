// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bcc2core [OPTIONS] <command> ...: the command table and global options. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bcc2core/common.h"
#include "log.h"
#include "bcc2core/plugin.h"
#include "bcc2core/runtime.h"
#include "converter_id.h"
#include "main.h"

const char *bin_name = "bcc2core";
bool verbose;
bcc2core_print_fn_t frontend_print;

void p_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: error: ", bin_name);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
}

static int print_all_levels(enum bcc2core_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vfprintf(stderr, fmt, ap);
}

int print_info_levels(enum bcc2core_print_level level, const char *fmt, va_list ap)
{
	if (level == BCC2CORE_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr,
		"Usage: %1$s [OPTIONS] COMMAND ...\n"
		"\n"
		"Convert BCC programs to libbpf CO-RE objects ahead of time, and run them.\n"
		"\n"
		"Commands:\n"
		"  %1$s convert [-D NAME[=VAL]]... [-I DIR]... [--attach SPEC]... IN.c [-o OUT.bpf.c]\n"
		"  %1$s build   [-D NAME[=VAL]]... [-I DIR]... [--attach SPEC]... IN.c [-o OUT.bpf.o]\n"
		"  %1$s run     [--json] [--duration SECS] OBJ.bpf.o|IN.c [-- CMD [ARG]...]\n"
		"  %1$s verify  [--btf FILE] OBJ.bpf.o\n"
		"  %1$s port    [-o OUT.bpf.o] [--source OUT.bcc.c] [--btf FILE] TOOL [ARG]...\n"
		"  %1$s cache   { add | find } [-D NAME[=VAL]]... [-I DIR]... [--attach SPEC]... IN.c\n"
		"  %1$s diff    [--json] [--duration SECS] [--truth FILE] [-D NAME[=VAL]]...\n"
		"                [--attach SPEC]... PROG.bcc.c [-- CMD [ARG]...]\n"
		"  %1$s python-path\n"
		"\n"
		"OPTIONS := { -d|--debug | -v|--verbose | -h|--help | -V|--version }\n"
		"'%1$s COMMAND --help' describes a command.\n", bin_name);
	return 0;
}

static const struct cmd commands[] = {
	{ "help", do_help },
	{ "convert", do_convert },
	{ "build", do_build },
	{ "run", do_run },
	{ "verify", do_verify },
	{ "port", do_port },
	{ "cache", do_cache },
	{ "python-path", do_python_path },
	{ "diff", do_diff },
	{ 0 }
};

static bool is_prefix(const char *pfx, const char *str)
{
	return *pfx && !strncmp(str, pfx, strlen(pfx));
}

static int cmd_select(int argc, char **argv)
{
	const struct cmd *match = NULL;

	if (argc < 1)
		return do_help(argc, argv);
	for (const struct cmd *c = commands; c->cmd; c++) {
		if (!strcmp(argv[0], c->cmd))
			return c->func(argc - 1, argv + 1);
		if (is_prefix(argv[0], c->cmd) && !match)
			match = c;
	}
	if (match)
		return match->func(argc - 1, argv + 1);
	p_err("unknown command '%s'", argv[0]);
	fprintf(stderr, "  hint: see '%s help'\n",
		bin_name);
	return 2;
}

/* bcc2core's version and those of what it builds and runs with; the
 * rewriter module (libclang) only where it is installed: a target machine
 * that runs built objects has none */
static int print_version(void)
{
	const struct bcc2core_rewriter_plugin *api;
	bcc2core_print_fn_t saved = bcc2core_set_print(NULL);

	printf("%s %s\n", bin_name, BCC2CORE_VERSION);
	printf("converter build %s (the object cache keys objects with it)\n",
	       BCC2CORE_CONVERTER_ID);
	printf("libbpf %u.%u\n", libbpf_major_version(), libbpf_minor_version());
	api = rewriter_plugin_quiet();
	if (api)
		printf("libclang %s (the rewriter)\n", api->clang_version());
	else
		printf("libclang: the rewriter module is not installed (convert and build need it)\n");
	printf("clang for BPF: %s (%s)\n", BCC2CORE_CLANG, BCC2CORE_CLANG_VERSION);
	bcc2core_set_print(saved);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "debug", no_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
	int opt;

	/* libbpf's messages go where ours go (the library leaves this to us) */
	libbpf_set_print(bcc2core_libbpf_print);
	/* a person watching sees each line; a pipe or file gets whole buffers
	 * (the runtime flushes after each batch of events) */
	if (isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOLBF, 0);
	/* stop at the command: its options are its own */
	while ((opt = getopt_long(argc, argv, "+dvhV", opts, NULL)) >= 0) {
		switch (opt) {
		case 'd':
			frontend_print = print_all_levels;
			bcc2core_set_print(frontend_print);
			bcc2core_set_debug(true);
			verbose = true;
			break;
		case 'v':
			frontend_print = print_info_levels;
			bcc2core_set_print(frontend_print);
			verbose = true;
			break;
		case 'h':
			return do_help(0, NULL);
		case 'V':
			return print_version();
		default:
			fprintf(stderr, "  hint: see '%s help'\n", bin_name);
			return 2;
		}
	}
	return cmd_select(argc - optind, argv + optind);
}
