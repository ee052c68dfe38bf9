/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What `diff`'s command (diff.c) hands its comparison (diff_compare.c). */
#ifndef BCC2CORE_FRONTEND_DIFF_H
#define BCC2CORE_FRONTEND_DIFF_H

#include <stdbool.h>
#include <stddef.h>

struct json;

/* one --truth line: MAP KEY FIELD VALUE (FIELD "-" for a whole value) */
struct diff_truth {
	char *map, *field;
	struct json *key, *value;
};

struct diff_opts {
	size_t sz;
	bool json;
	const char *kernel;		/* uname -r */
	const char *bcc_headers;	/* the release BCC compiled against */
	bool headers_match;
	bool kernel_reads;		/* the converted C reads kernel structs (CO-RE) */
	const struct diff_truth *truth;
	size_t truth_cnt;
};

/* reads --truth FILE: text lines or JSON Lines; 0 or -errno (said why) */
int diff_truth__load(const char *path, struct diff_truth **out, size_t *cnt);
void diff_truth__free(struct diff_truth *t, size_t cnt);

/* compares BCC's output file with bcc2core's (read from @b2c_skip on) and
 * prints the report; 0 equal, 1 different, 2 could not compare */
int diff__compare(const char *bcc_out, const char *b2c_out, long b2c_skip,
		  const struct diff_opts *o);
/* prints that @side ("bcc" or "bcc2core") did not run, and the summary */
void diff__report_failure(const char *side, const char *stage, const char *msg,
			  const struct diff_opts *o);

#endif
