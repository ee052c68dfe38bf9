// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bcc2core cache add|find: the object cache the drop-in `bcc` Python package
 * looks BPF(text=, cflags=) up in. `add` builds a BCC source as BPF() would
 * get it from src_file= with those cflags; `port` fills the cache too. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bcc2core/object_cache.h"
#include "main.h"

static void do_help(void)
{
	fprintf(stderr,
		"Usage: %1$s cache add  [-D NAME[=VAL]]... [-I DIR]... [--attach SPEC]... IN.c\n"
		"       %1$s cache find [-D NAME[=VAL]]... [-I DIR]... IN.c\n"
		"\n"
		"The cache of converted objects that BCC tools find through the drop-in 'bcc'\n"
		"Python package ('%1$s python-path'): an object is used by BPF(text=TEXT,\n"
		"cflags=[...]) when it was built from exactly that text and those cflags,\n"
		"by this converter build ('%1$s --version' names it).\n"
		"  add    builds IN.c (its contents as the text, -D/-I as the cflags, in that\n"
		"         order) and stores the object\n"
		"  find   prints the path of the object cached for IN.c; exit 1 if none\n"
		"The cache is BCC2CORE_CACHE_DIR/objects, else /var/cache/bcc2core/objects\n"
		"for root and ~/.cache/bcc2core/objects for other users.\n", bin_name);
}

/* a whole file, NUL-terminated; *@len its size (may be NULL) */
static char *read_text(const char *path, size_t *lenp)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, n;

	if (!fp)
		return NULL;
	do {
		char *p = realloc(buf, len + 65537);

		if (!p) {
			free(buf);
			fclose(fp);
			errno = ENOMEM;
			return NULL;
		}
		buf = p;
		n = fread(buf + len, 1, 65536, fp);
		len += n;
	} while (n == 65536);
	buf[len] = '\0';
	fclose(fp);
	if (lenp)
		*lenp = len;
	return buf;
}

int cache_store_captured(const char *text_path, const char *cflags_path, const char *obj)
{
	struct bcc2core_object_cache_opts co = { .sz = sizeof(co) };
	size_t len = 0, cnt = 0;
	char *text = read_text(text_path, NULL), *cflags = read_text(cflags_path, &len);
	char found[PATH_MAX];
	const char **v = NULL;
	int err = text && cflags ? 0 : -errno;

	/* prog.cflags: each cflag NUL-ended, as bcc2core_port.py wrote them */
	for (size_t off = 0; !err && off < len; off += strlen(cflags + off) + 1) {
		const char **p = realloc(v, (cnt + 1) * sizeof(*v));

		if (!p) {
			err = -ENOMEM;
			break;
		}
		v = p;
		v[cnt++] = cflags + off;
	}
	co.dir = getenv("BCC2CORE_CACHE_DIR");
	err = err ?: bcc2core_object_cache__store(text, v, cnt, obj, &co);
	if (!err && !bcc2core_object_cache__lookup(text, v, cnt, found, sizeof(found), &co))
		fprintf(stderr, "%s: cached as %s (the drop-in 'bcc' package runs the tool on it)\n",
			bin_name, found);
	else
		fprintf(stderr, "%s: warning: not cached: %s\n", bin_name, strerror(err ? -err : ENOENT));
	free(v);
	free(text);
	free(cflags);
	return err;
}

static int cache_add(const struct convert_args *ca, const char *text,
		     const struct bcc2core_object_cache_opts *co)
{
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX], obj[PATH_MAX + 16], found[PATH_MAX];
	int err;

	snprintf(dir, sizeof(dir), "%s/bcc2core-cache-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		p_err("cannot create a temporary directory: %s", strerror(errno));
		return -errno;
	}
	snprintf(obj, sizeof(obj), "%s/prog.bpf.o", dir);
	err = build_object(ca, obj);
	if (!err) {
		err = bcc2core_object_cache__store(text, ca->cflags, ca->cflag_cnt, obj, co);
		if (err)
			p_err("cannot store the object in the cache: %s", strerror(-err));
	}
	if (!err && !bcc2core_object_cache__lookup(text, ca->cflags, ca->cflag_cnt, found,
						   sizeof(found), co))
		printf("%s\n", found);
	unlink(obj);
	rmdir(dir);
	return err;
}

int do_cache(int argc, char **argv)
{
	struct bcc2core_object_cache_opts co = { .sz = sizeof(co) };
	struct convert_args ca;
	char found[PATH_MAX], *text;
	bool add;
	int err;

	if (argc < 1 || !strcmp(argv[0], "help") || !strcmp(argv[0], "--help") ||
	    !strcmp(argv[0], "-h")) {
		do_help();
		return argc < 1 ? 2 : 0;
	}
	add = !strcmp(argv[0], "add");
	if (!add && strcmp(argv[0], "find")) {
		p_err("unknown cache command '%s'", argv[0]);
		fprintf(stderr, "  hint: '%s cache add IN.c' or '%s cache find IN.c'\n", bin_name,
			bin_name);
		return 2;
	}
	err = convert_args__parse(argc - 1, argv + 1, &ca);
	if (err || ca.want_help) {
		if (ca.want_help)
			do_help();
		convert_args__free(&ca);
		return err ? 2 : 0;
	}
	co.dir = getenv("BCC2CORE_CACHE_DIR");
	text = read_text(ca.input, NULL);
	if (!text) {
		p_err("cannot read %s: %s", ca.input, strerror(errno));
		convert_args__free(&ca);
		return 1;
	}
	if (add) {
		err = cache_add(&ca, text, &co);
	} else {
		err = bcc2core_object_cache__lookup(text, ca.cflags, ca.cflag_cnt, found,
						    sizeof(found), &co);
		if (!err)
			printf("%s\n", found);
		else if (err == -ENOENT)
			fprintf(stderr, "%s: no object cached for %s with these cflags\n", bin_name,
				ca.input);
		else
			p_err("cannot look %s up: %s", ca.input, strerror(-err));
	}
	free(text);
	convert_args__free(&ca);
	return err ? 1 : 0;
}
