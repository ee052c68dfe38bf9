// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The running kernel's config file, where libbpf looks for it too
 * (/boot/config-RELEASE, /proc/config.gz), and reading one, plain or
 * gzip'ed. The rewriter evaluates #if tests with it, the runtime hands it
 * to libbpf for __kconfig externs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include "kconfig_file.h"
#include "log.h"

const char *kconfig_file__system(char *buf, size_t size)
{
	struct utsname u;

	if (uname(&u) == 0) {
		snprintf(buf, size, "/boot/config-%s", u.release);
		if (access(buf, R_OK) == 0)
			return buf;
	}
	return access("/proc/config.gz", R_OK) == 0 ? "/proc/config.gz" : NULL;
}

int kconfig_file__read(const char *path, char **text)
{
	struct strbuf sb = {};
	char buf[65536];
	gzFile gz = gzopen(path, "rb");	/* plain files too */
	int n;

	*text = NULL;
	if (!gz)
		return errno ? -errno : -ENOENT;
	while ((n = gzread(gz, buf, sizeof(buf))) > 0)
		strbuf_append(&sb, buf, n);
	gzclose(gz);
	if (n < 0) {
		strbuf_free(&sb);
		return -EIO;
	}
	*text = sb.buf ? strbuf_detach(&sb) : strdup("");
	return *text ? 0 : -ENOMEM;
}
