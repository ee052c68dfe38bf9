// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernels without /sys/kernel/btf/vmlinux: `build --min-btf` bundled a
 * minimized BTF per known kernel as sections .bcc2core.btf.ID/VERSION_ID/
 * ARCH/RELEASE; pick the running kernel's (os-release + uname), as
 * libbpf-tools' ensure_core_btf() does from its embedded archive. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "elf_section.h"
#include "internal.h"

static void os_release(const char *path, char *id, size_t idsz, char *ver, size_t versz)
{
	char line[256];
	FILE *fp = fopen(path ? path : "/etc/os-release", "re");

	snprintf(id, idsz, "unknown");
	snprintf(ver, versz, "unknown");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		char *v = strchr(line, '='), *e;

		if (!v)
			continue;
		*v++ = '\0';
		if (*v == '"')
			v++;
		e = v + strcspn(v, "\"\n");
		*e = '\0';
		if (!strcmp(line, "ID"))
			snprintf(id, idsz, "%s", v);
		else if (!strcmp(line, "VERSION_ID"))
			snprintf(ver, versz, "%s", v);
	}
	fclose(fp);
}

int btf_bundle__key(const char *os_release_path, char *key, size_t size)
{
	char id[64], ver[64];
	struct utsname u;

	if (uname(&u))
		return -errno;
	os_release(os_release_path, id, sizeof(id), ver, sizeof(ver));
	snprintf(key, size, "%s/%s/%s/%s", id, ver, u.machine, u.release);
	return 0;
}

/* Writes the running kernel's bundled BTF to a private file (*out, 0600,
 * O_EXCL in a mkdtemp directory). -ENOENT when the object has none. */
int btf_bundle__extract(const char *os_release_path, const char *obj_path, char *out,
			size_t size)
{
	char key[512], want[600], dir[PATH_MAX];
	const char *tmp = getenv("TMPDIR");
	size_t len = 0;
	void *btf;
	int ofd, err;

	err = btf_bundle__key(os_release_path, key, sizeof(key));
	if (err)
		return err;
	snprintf(want, sizeof(want), ".bcc2core.btf.%s", key);
	btf = elf_section_copy(obj_path, want, &len);
	if (!btf)
		return -ENOENT;
	snprintf(dir, sizeof(dir), "%s/bcc2core-btf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		err = -errno;
		goto out;
	}
	snprintf(out, size, "%s/vmlinux.btf", dir);
	ofd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (ofd < 0 || write(ofd, btf, len) != (ssize_t)len) {
		err = -errno ?: -EIO;
		if (ofd >= 0)
			close(ofd);
		unlink(out);
		rmdir(dir);
		goto out;
	}
	close(ofd);
	pr_info("kernel has no BTF: using the object's bundled BTF for %s\n", key);
out:
	free(btf);
	return err;
}

void btf_bundle__remove(const char *path)
{
	char dir[PATH_MAX], *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	unlink(path);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		rmdir(dir);
	}
}
