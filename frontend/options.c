// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The options convert and build share. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bcc2core/runtime.h"
#include "main.h"

static int push(const char ***v, size_t *cnt, const char *s)
{
	const char **p = realloc(*v, (*cnt + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	*v = p;
	p[(*cnt)++] = s;
	return 0;
}

/* -D NAME[=VAL]: NAME must be a C identifier */
static bool valid_define(const char *d)
{
	const char *s = d;

	if (!*s || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s && *s != '=' && *s != '('; s++)
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9')))
			return false;
	return s != d;
}

int convert_args__parse(int argc, char **argv, struct convert_args *ca)
{
	static const struct option opts[] = {
		{ "define", required_argument, NULL, 'D' },
		{ "include", required_argument, NULL, 'I' },
		{ "attach", required_argument, NULL, 'a' },
		{ "btf", required_argument, NULL, 'b' },
		{ "tracefs", required_argument, NULL, 't' },
		{ "kconfig", required_argument, NULL, 'k' },
		{ "kernel-release", required_argument, NULL, 'r' },
		{ "min-btf", required_argument, NULL, 'm' },
		{ "depfile", required_argument, NULL, 'M' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int opt, err = 0;
	char *flag;

	memset(ca, 0, sizeof(*ca));
	optind = 0;
	/* argv[0] is the first argument: getopt skips argv[0], so shift */
	argv--;
	argc++;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":D:I:o:h", opts, NULL)) >= 0) {
		switch (opt) {
		case 'D':
			if (!valid_define(optarg)) {
				p_err("bad -D '%s'", optarg);
				fprintf(stderr, "  hint: -D NAME or -D NAME=VALUE, NAME a C identifier\n");
				return -EINVAL;
			}
			if (asprintf(&flag, "-D%s", optarg) < 0 || push(&ca->cflags, &ca->cflag_cnt, flag))
				return -ENOMEM;
			break;
		case 'I':
			if (asprintf(&flag, "-I%s", optarg) < 0 || push(&ca->cflags, &ca->cflag_cnt, flag))
				return -ENOMEM;
			break;
		case 'a':
			err = push(&ca->attach, &ca->attach_cnt, optarg);
			break;
		case 'b':
			ca->btf = optarg;
			break;
		case 't':
			ca->tracefs = optarg;
			break;
		case 'k':
			ca->kconfig = optarg;
			break;
		case 'r':
			ca->kernel_release = optarg;
			break;
		case 'm':
			ca->min_btf = optarg;
			break;
		case 'M':
			ca->depfile = optarg;
			break;
		case 'o':
			ca->output = optarg;
			break;
		case 'h':
			ca->want_help = true;
			return 0;
		case ':':
			p_err("option '%s' needs an argument", argv[optind - 1]);
			return -EINVAL;
		default:
			p_err("unknown option '%s'", argv[optind - 1]);
			fprintf(stderr, "  hint: see '%s %s --help'\n", bin_name, argv[0]);
			return -EINVAL;
		}
		if (err)
			return err;
	}
	if (optind >= argc) {
		p_err("no input file");
		fprintf(stderr, "  hint: give the BCC program, e.g. prog.c\n");
		return -EINVAL;
	}
	if (argc - optind > 1) {
		p_err("one input file at a time (got '%s' and '%s')", argv[optind], argv[optind + 1]);
		return -EINVAL;
	}
	ca->input = argv[optind];
	return 0;
}

void convert_args__free(struct convert_args *ca)
{
	for (size_t i = 0; i < ca->cflag_cnt; i++)
		free((char *)ca->cflags[i]);
	free(ca->cflags);
	free(ca->attach);
	memset(ca, 0, sizeof(*ca));
}

void runtime_opts__from_env(struct bcc2core_runtime_opts *ro)
{
	const char *v;

	ro->kernel_btf_path = getenv("BCC2CORE_KERNEL_BTF");
	ro->btf_cache_dir = getenv("BCC2CORE_CACHE_DIR");
	ro->os_release_path = getenv("BCC2CORE_OS_RELEASE");
	ro->no_trampolines = getenv("BCC2CORE_NO_TRAMPOLINES") != NULL;
	v = getenv("BCC2CORE_NO_BTF_CACHE");
	if (v)
		ro->no_btf_cache = true;
}

int split_command(int argc, char **argv, char ***cmd)
{
	*cmd = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--"))
			continue;
		*cmd = argv + i + 1;
		if (!**cmd) {
			p_err("'--' must be followed by a command");
			return -EINVAL;
		}
		return i;
	}
	return argc;
}
