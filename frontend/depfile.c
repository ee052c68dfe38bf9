// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* build --depfile: clang's make rule names the converted temporary file
 * (gone when build returns) as the object's source; the build system must
 * see the BCC source there instead, next to the headers clang read. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "main.h"

/* @s as make reads a prerequisite: spaces and '#' escaped, '$' doubled */
static void put_escaped(FILE *fp, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '#')
			fputc('\\', fp);
		else if (*s == '$')
			fputc('$', fp);
		fputc(*s, fp);
	}
}

static char *read_all(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	ssize_t n;

	if (!fp)
		return NULL;
	n = getdelim(&buf, &len, '\0', fp);
	fclose(fp);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* @s with each subst[].from (the first that matches) as subst[].to */
static void put_substituted(FILE *fp, const char *s, const struct dep_subst *subst, size_t n)
{
	while (*s) {
		size_t i;

		for (i = 0; i < n && strncmp(s, subst[i].from, strlen(subst[i].from)); i++)
			;
		if (i < n) {
			put_escaped(fp, subst[i].to);
			s += strlen(subst[i].from);
		} else {
			fputc(*s++, fp);
		}
	}
}

int depfile__write(const char *raw, const char *bpf_c, const char *input, const char *out,
		   const struct dep_subst *subst, size_t nsubst)
{
	char *text = read_all(raw), *at, tmp[4096];
	FILE *fp;
	int err = 0;

	if (!text) {
		err = -errno;
		p_err("cannot read the compiler's dependencies %s: %s", raw, strerror(errno));
		return err;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	fp = fopen(tmp, "w");
	if (!fp) {
		err = -errno;
		p_err("cannot write %s: %s", tmp, strerror(errno));
		free(text);
		return err;
	}
	/* the target (the object, -MQ) comes first, the converted file right after */
	at = strstr(text, ": ");
	at = at ? strstr(at, bpf_c) : NULL;
	if (at) {
		fwrite(text, 1, at - text, fp);
		put_escaped(fp, input);
		put_substituted(fp, at + strlen(bpf_c), subst, nsubst);
	} else {
		put_substituted(fp, text, subst, nsubst);
	}
	if (fclose(fp) || rename(tmp, out)) {
		err = -errno;
		p_err("cannot write %s: %s", out, strerror(errno));
		unlink(tmp);
	}
	free(text);
	return err;
}
