// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Where the command finds its data directory and its rewriter module: the
 * environment, then next to the executable (installed layout), then the
 * build tree it was built in. */
#include <dlfcn.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "main.h"

static const char *exe_relative(const char *rel, char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	snprintf(buf, size, "%s/%s", dirname(exe), rel);
	/* without "bin/..": the path the installed PCH was made with */
	if (size >= PATH_MAX && realpath(buf, exe))
		snprintf(buf, size, "%s", exe);
	return access(buf, F_OK) == 0 ? buf : NULL;
}

const char *data_dir(void)
{
	static char buf[PATH_MAX];
	const char *env = getenv("BCC2CORE_DATADIR");

	if (env)
		return env;
	/* the directory, not vmlinux.h: a target machine has the command and
	 * the Python package without the converter's data */
	if (exe_relative("../share/bcc2core", buf, sizeof(buf)))
		return buf;
	return BCC2CORE_BUILD_DATADIR;
}

static bool quiet_load;

/* the rewriter module, or NULL without a word (bcc2core --version) */
const struct bcc2core_rewriter_plugin *rewriter_plugin_quiet(void)
{
	const struct bcc2core_rewriter_plugin *api;

	quiet_load = true;
	api = rewriter_plugin();
	quiet_load = false;
	return api;
}

const struct bcc2core_rewriter_plugin *rewriter_plugin(void)
{
	static const struct bcc2core_rewriter_plugin *api;
	char buf[PATH_MAX];
	const char *env = getenv("BCC2CORE_REWRITER"), *path;
	void *h;

	if (api)
		return api;
	path = env ? env : exe_relative("../lib/bcc2core/libbcc2core_rewriter.so", buf, sizeof(buf));
	if (!path)
		path = BCC2CORE_BUILD_REWRITER;
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h && quiet_load)
		return NULL;
	if (!h) {
		p_err("cannot load the rewriter: %s", dlerror());
		fprintf(stderr, "  hint: converting needs libclang (libclang1-14); set "
			"BCC2CORE_REWRITER to libbcc2core_rewriter.so if it moved\n");
		return NULL;
	}
	api = dlsym(h, "bcc2core_rewriter_plugin");
	if (!api || api->sz < sizeof(*api)) {
		p_err("%s is not a bcc2core rewriter module", path);
		api = NULL;
		dlclose(h);
		return NULL;
	}
	if (frontend_print)
		api->set_print(frontend_print);
	return api;
}
