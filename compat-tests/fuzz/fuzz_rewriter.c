// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libFuzzer target: the input is a BCC program, converted with
 * bcc2core_rewriter__rewrite() by one rewriter made at start-up (as the
 * command does), with no cflags and no attach specs. The first line also goes
 * through bcc2core_attach_spec__check(), the --attach SPEC parser.
 *
 * Leading lines `//@ ARG` give the command-line arguments of that program
 * (seeds.sh writes them from .bcc.args / .flags): `//@ --attach SPEC`,
 * `//@ -DNAME=VAL`, `//@ -IDIR`; such an input gets a rewriter of its own,
 * made with them (attach specs that do not parse are part of the test).
 *
 *   BCC2CORE_DATADIR   data directory (vmlinux.h, headers, the PCH); default:
 *                      the build tree's, compiled in
 *   FUZZ_VERBOSE=1     let the rewriter's diagnostics through (replaying)
 *
 * libclang catches its own crashes (CrashRecoveryContext) and the rewriter
 * reports "libclang could not parse (error 2)" (CXError_Crashed): the input
 * then aborts here, so that a libclang crash is a crash of the fuzzer, not
 * a leak of what libclang abandons (run.sh lists it as third-party). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bcc2core/rewriter.h"

#ifndef FUZZ_DEFAULT_DATADIR
#define FUZZ_DEFAULT_DATADIR "/usr/local/share/bcc2core"
#endif

static struct bcc2core_rewriter *rw;
static int verbose, libclang_crashed;

static int watch(enum bcc2core_print_level level, const char *fmt, va_list ap)
{
	char msg[512];
	va_list aq;

	va_copy(aq, ap);
	vsnprintf(msg, sizeof(msg), fmt, aq);
	va_end(aq);
	if (strstr(msg, "libclang could not parse (error 2)"))
		libclang_crashed = 1;
	if (verbose)
		fputs(msg, stderr);
	(void)level;
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *datadir = getenv("BCC2CORE_DATADIR");
	BCC2CORE_OPTS(bcc2core_rewriter_opts, opts,
		      .datadir = datadir && *datadir ? datadir : FUZZ_DEFAULT_DATADIR);

	(void)argc;
	(void)argv;
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	bcc2core_set_print(watch);
	rw = bcc2core_rewriter__new(&opts);
	if (!rw) {
		perror("fuzz_rewriter: bcc2core_rewriter__new");
		abort();
	}
	return 0;
}

#define MAX_ARGS 8

/* The `//@ ARG` lines at the top: a rewriter made with them, or NULL. */
static struct bcc2core_rewriter *input_rewriter(const char *p, size_t size)
{
	char *cflags[MAX_ARGS], *specs[MAX_ARGS];
	size_t ncflags = 0, nspecs = 0;
	const char *datadir = getenv("BCC2CORE_DATADIR");
	struct bcc2core_rewriter *r = NULL;

	while (size > 4 && !memcmp(p, "//@ ", 4) && ncflags + nspecs < MAX_ARGS) {
		const char *nl = memchr(p, '\n', size);
		size_t len = (nl ? (size_t)(nl - p) : size) - 4;
		char *arg = strndup(p + 4, len);

		if (!arg)
			abort();
		if (!strncmp(arg, "--attach ", 9)) {
			memmove(arg, arg + 9, strlen(arg + 9) + 1);
			specs[nspecs++] = arg;
		} else {
			cflags[ncflags++] = arg;
		}
		if (!nl)
			break;
		size -= nl + 1 - p;
		p = nl + 1;
	}
	if (ncflags || nspecs) {
		BCC2CORE_OPTS(bcc2core_rewriter_opts, opts,
			      .datadir = datadir && *datadir ? datadir : FUZZ_DEFAULT_DATADIR,
			      .cflags = (const char *const *)cflags, .cflag_cnt = ncflags,
			      .attach_specs = (const char *const *)specs, .attach_spec_cnt = nspecs);

		r = bcc2core_rewriter__new(&opts);
	}
	for (size_t i = 0; i < ncflags; i++)
		free(cflags[i]);
	for (size_t i = 0; i < nspecs; i++)
		free(specs[i]);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data, *nl = memchr(src, '\n', size);
	size_t first = nl ? (size_t)(nl - src) : size;
	struct bcc2core_rewriter *own;
	char spec[256], *out = NULL;

	if (first < sizeof(spec)) {
		memcpy(spec, data, first);
		spec[first] = '\0';
		bcc2core_attach_spec__check(spec);
	}
	own = input_rewriter(src, size);
	/* exactly @size bytes, not NUL-terminated: as the API promises */
	libclang_crashed = 0;
	bcc2core_rewriter__rewrite(own ? own : rw, "fuzz.bcc.c", src, size, &out);
	free(out);
	bcc2core_rewriter__free(own);
	if (libclang_crashed) {
		fprintf(stderr, "fuzz_rewriter: libclang crashed (CXError_Crashed) on this input\n");
		abort();
	}
	return 0;
}
