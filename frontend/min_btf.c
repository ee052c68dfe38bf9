// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* build --min-btf DIR: for kernels without /sys/kernel/btf/vmlinux. For each
 * kernel BTF under DIR (BTFHub archive layout: ID/VERSION_ID/ARCH/RELEASE.btf)
 * keep only the types this object relocates against (`bpftool gen
 * min_core_btf`, a few hundred bytes each) and bundle them into the object as
 * sections `.bcc2core.btf.ID/VERSION_ID/ARCH/RELEASE`, which libbpf skips and
 * `run` picks from by os-release and uname. */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "main.h"

extern char **environ;

static const char *min_btf_dir;
static const char *min_btf_obj;
static char min_btf_tmp[PATH_MAX];
static int min_btf_count, min_btf_err;

static int spawn_wait(const char *path, char *const argv[])
{
	pid_t pid;
	int status, err = posix_spawn(&pid, path, NULL, NULL, argv, environ);

	if (err)
		return -err;
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -EIO;
}

static int add_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t n = strlen(path), dn = strlen(min_btf_dir);
	char key[PATH_MAX], min[PATH_MAX + 16], sec[PATH_MAX + 32], arg[2 * PATH_MAX + 64];
	char *bt_argv[] = { "bpftool", "gen", "min_core_btf", (char *)path, min,
			    (char *)min_btf_obj, NULL };
	char *oc_argv[] = { BCC2CORE_OBJCOPY, "--add-section", arg, (char *)min_btf_obj, NULL };
	int err;

	(void)st;
	(void)ftw;
	if (type != FTW_F || n < 5 || strcmp(path + n - 4, ".btf"))
		return 0;
	/* ID/VERSION_ID/ARCH/RELEASE, relative to DIR, without .btf */
	snprintf(key, sizeof(key), "%.*s", (int)(n - 4 - dn - 1), path + dn + 1);
	snprintf(min, sizeof(min), "%s/min.btf", min_btf_tmp);
	snprintf(sec, sizeof(sec), ".bcc2core.btf.%s", key);
	err = spawn_wait(BCC2CORE_BPFTOOL, bt_argv);
	if (err) {
		p_err("bpftool gen min_core_btf failed for %s", path);
		min_btf_err = err;
		return 1;
	}
	snprintf(arg, sizeof(arg), "%s=%s", sec, min);
	err = spawn_wait(BCC2CORE_OBJCOPY, oc_argv);
	unlink(min);
	if (err) {
		p_err("cannot add section %s to %s", sec, min_btf_obj);
		min_btf_err = err;
		return 1;
	}
	min_btf_count++;
	return 0;
}

int bundle_min_btf(const char *dir, const char *obj)
{
	const char *tmp = getenv("TMPDIR");

	min_btf_dir = dir;
	min_btf_obj = obj;
	min_btf_count = 0;
	min_btf_err = 0;
	snprintf(min_btf_tmp, sizeof(min_btf_tmp), "%s/bcc2core-btf-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(min_btf_tmp))
		return -errno;
	if (nftw(dir, add_one, 16, FTW_PHYS) < 0 && !min_btf_err) {
		p_err("cannot read %s: %s", dir, strerror(errno));
		min_btf_err = -errno;
	}
	rmdir(min_btf_tmp);
	if (!min_btf_err && !min_btf_count) {
		p_err("no kernel BTF (*.btf) under %s", dir);
		fprintf(stderr, "  hint: lay it out as BTFHub does: ID/VERSION_ID/ARCH/RELEASE.btf\n");
		return -ENOENT;
	}
	if (!min_btf_err && verbose)
		fprintf(stderr, "bcc2core: bundled minimized BTF for %d kernel(s)\n", min_btf_count);
	return min_btf_err;
}
