// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bcc2core-mkpch DATADIR: precompiles the parse environment (vmlinux.h,
 * libbpf's headers, the BCC dialect) into DATADIR/bcc2core_parse.pch at build
 * time, so that each conversion parses the program alone: most of a parse
 * was vmlinux.h. Same flags as every parse; a stale or foreign PCH is
 * detected at parse time and the header used instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int main(int argc, char **argv)
{
	struct bcc2core_rewriter rw = {};
	char **args = NULL, header[4096], out[4096], tmp[4200];
	size_t n = 0;
	CXIndex index;
	CXTranslationUnit tu = NULL;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DATADIR\n", argv[0]);
		return 2;
	}
	rw.datadir = argv[1];
	snprintf(header, sizeof(header), "%s/bcc2core_parse.h", argv[1]);
	snprintf(out, sizeof(out), "%s/bcc2core_parse.pch", argv[1]);
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	err = build_flags(&rw, true, &args, &n);
	if (err)
		return 1;
	args = realloc(args, (n + 3) * sizeof(*args));
	args[n++] = strdup("-xc-header");
	args[n] = NULL;
	index = clang_createIndex(0, 1);
	if (clang_parseTranslationUnit2(index, header, (const char *const *)args, n, NULL, 0,
					CXTranslationUnit_ForSerialization |
					CXTranslationUnit_DetailedPreprocessingRecord |
					CXTranslationUnit_Incomplete, &tu) != CXError_Success ||
	    clang_saveTranslationUnit(tu, tmp, 0) != CXSaveError_None ||
	    rename(tmp, out)) {
		fprintf(stderr, "%s: cannot precompile %s\n", argv[0], header);
		err = 1;
	}
	if (tu)
		clang_disposeTranslationUnit(tu);
	clang_disposeIndex(index);
	for (size_t i = 0; i < n; i++)
		free(args[i]);
	free(args);
	return err;
}
