// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The directories bcc2core caches things in (minimized BTF, converted
 * objects). Root loads what is in them into the kernel, so a cache is used
 * only when nobody but this user could have written it. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

int cache_dir__root(const char *dir, const char *kind, char *out, size_t size)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;

	if (dir && *dir)
		n = snprintf(out, size, "%s/%s", dir, kind);
	else if (geteuid() == 0)
		n = snprintf(out, size, "/var/cache/bcc2core/%s", kind);
	else if (xdg && *xdg)
		n = snprintf(out, size, "%s/bcc2core/%s", xdg, kind);
	else if (home && *home)
		n = snprintf(out, size, "%s/.cache/bcc2core/%s", home, kind);
	else
		return -ENOENT;
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int cache_dir__make_private(const char *path)
{
	char tmp[PATH_MAX];
	struct stat st;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s", path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, 0700) && errno != EEXIST)
		return -errno;
	if (lstat(path, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 022)) {
		pr_info("not using cache %s: not a directory only this user can write\n", path);
		return -EPERM;
	}
	return 0;
}

bool cache_dir__trusted_file(const char *path)
{
	struct stat st;

	return !lstat(path, &st) && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
	       !(st.st_mode & 022);
}

unsigned long long cache_dir__hash(unsigned long long h, const void *data, size_t size)
{
	const unsigned char *p = data;

	/* FNV-1a: a key to find an entry by, not a check of it (entries are
	 * compared in full, and the directory's ownership is the boundary) */
	for (size_t i = 0; i < size; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}
