// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Answers about the running kernel's BTF that cost a parse of all of it
 * (~5 MB, tens of ms): how many arguments a tracepoint has, whether a
 * struct has a field, a function's BTF id and arguments. They are
 * remembered per kernel build ID beside the BTF cache, so a start parses
 * the kernel BTF only for a question no start asked before (libbpf still
 * parses it once where a program attaches by BTF: tp_btf, fentry). One
 * "QUESTION ANSWER" line per answer, the answers of one parse appended in
 * one write (O_APPEND: concurrent starts do not interleave lines), read
 * only from a file nobody but this user could have written. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* a question names a kernel symbol (up to 512 characters) */
#define FACT_LINE 640

/* <cache root>/btf/<build id>/facts */
static int facts_path(const char *cache_dir, char *dir, size_t dsize, char *file, size_t fsize)
{
	int err = kernel_cache_dir(cache_dir, dir, dsize);

	if (err)
		return err;
	return (size_t)snprintf(file, fsize, "%s/facts", dir) >= fsize ? -ENAMETOOLONG : 0;
}

int kernel_facts__get(const char *cache_dir, const char *question, long *answer)
{
	char dir[PATH_MAX], file[PATH_MAX], line[FACT_LINE];
	size_t qlen = strlen(question);
	bool found = false;
	FILE *f;

	if (facts_path(cache_dir, dir, sizeof(dir), file, sizeof(file)) ||
	    !cache_dir__trusted_file(file) || cache_dir__make_private(dir))
		return -ENOENT;
	f = fopen(file, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *end;
		long v;

		if (strncmp(line, question, qlen) || line[qlen] != ' ')
			continue;
		v = strtol(line + qlen + 1, &end, 10);
		/* a whole line (never half of one being written), and a number */
		if (*end == '\n' && end != line + qlen + 1) {
			*answer = v;
			found = true;
		}
	}
	fclose(f);
	return found ? 0 : -ENOENT;
}

void kernel_facts__put_all(const char *cache_dir, const char *const *questions,
			   const long *answers, int cnt)
{
	char dir[PATH_MAX], file[PATH_MAX], lines[4 * FACT_LINE];
	int fd, n = 0, w;

	for (int i = 0; i < cnt; i++) {
		w = snprintf(lines + n, sizeof(lines) - n, "%s %ld\n", questions[i], answers[i]);
		if (w < 0 || w >= FACT_LINE || (size_t)(n + w) >= sizeof(lines) ||
		    strchr(questions[i], '\n'))
			return;
		n += w;
	}
	if (!n || facts_path(cache_dir, dir, sizeof(dir), file, sizeof(file)) ||
	    cache_dir__make_private(dir))
		return;
	fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (cache_dir__trusted_file(file) && write(fd, lines, n) != n)
		pr_info("cannot remember '%s' in %s\n", questions[0], file);
	close(fd);
}

void kernel_facts__put(const char *cache_dir, const char *question, long answer)
{
	kernel_facts__put_all(cache_dir, &question, &answer, 1);
}
