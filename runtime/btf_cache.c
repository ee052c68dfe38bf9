// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A per-kernel cache of minimized BTF. Parsing the full kernel BTF is most
 * of a CO-RE load's time and memory; `bpftool gen min_core_btf` keeps only
 * the types this object relocates against. Keyed by the kernel's build ID
 * (its BTF's identity) and the object's contents; created with O_EXCL in a
 * directory only we can write, renamed into place, never trusted when
 * another user could have written it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

extern char **environ;

/* The kernel's GNU build ID, hex, from /sys/kernel/notes. */
static int kernel_build_id(char *out, size_t size)
{
	unsigned char buf[4096];
	ssize_t n;
	size_t off = 0;
	int fd = open("/sys/kernel/notes", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	while (n > 0 && off + 12 <= (size_t)n) {
		__u32 namesz = *(__u32 *)(buf + off), descsz = *(__u32 *)(buf + off + 4);
		__u32 type = *(__u32 *)(buf + off + 8);
		size_t name_off = off + 12, desc_off = name_off + ((namesz + 3) & ~3U);

		if (desc_off + descsz > (size_t)n)
			break;
		if (type == 3 && namesz == 4 && !memcmp(buf + name_off, "GNU", 4) &&
		    descsz * 2 + 1 <= size) {
			for (__u32 i = 0; i < descsz; i++)
				sprintf(out + 2 * i, "%02x", buf[desc_off + i]);
			return 0;
		}
		off = desc_off + ((descsz + 3) & ~3U);
	}
	return -ENOENT;
}

/* A fast 64-bit content hash, eight bytes at a time (a cache key, not a
 * security boundary: the cache directory's ownership is that). The buffer
 * is 8 KiB: every start reads the whole object, and a bigger one on the
 * stack stays in the peak RSS (64 KiB cost run 44-92 KiB of a ~2.4 MiB
 * start). Short reads are completed to whole words, so the key does not
 * depend on how read() splits the file. */
static int file_hash(const char *path, unsigned long long *h)
{
	unsigned long long buf[1024], size = 0;
	size_t have = 0;
	ssize_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	*h = 0xcbf29ce484222325ULL;
	do {
		size_t words;

		n = read(fd, (char *)buf + have, sizeof(buf) - have);
		if (n < 0)
			break;
		have += n;
		size += n;
		if (n > 0 && have % 8)
			continue;	/* a word is cut: read its rest first */
		words = have / 8;
		if (n == 0 && have % 8)
			memset((char *)buf + have, 0, 8 - have % 8), words++;
		for (size_t i = 0; i < words; i++) {
			*h = (*h ^ buf[i]) * 0x9e3779b97f4a7c15ULL;
			*h ^= *h >> 29;
		}
		have = 0;
	} while (n > 0);
	*h ^= size;
	close(fd);
	return n < 0 ? -errno : 0;
}

int kernel_cache_dir(const char *cache_dir, char *dir, size_t dsize)
{
	char root[PATH_MAX], id[128];
	int err = cache_dir__root(cache_dir, "btf", root, sizeof(root));

	err = err ?: kernel_build_id(id, sizeof(id));
	if (err)
		return err;
	return (size_t)snprintf(dir, dsize, "%.3900s/%.128s", root, id) >= dsize ? -ENAMETOOLONG
										 : 0;
}

/* <root>/<build-id>/<object hash>.btf */
static int cache_path(const char *cache_dir, const char *kernel_btf, const char *obj_path,
		      char *dir, size_t dsize, char *file, size_t fsize)
{
	unsigned long long h;
	int err;

	if (!kernel_btf || access(kernel_btf, R_OK))
		return -ENOENT;
	err = kernel_cache_dir(cache_dir, dir, dsize);
	err = err ?: file_hash(obj_path, &h);
	if (err)
		return err;
	if ((size_t)snprintf(file, fsize, "%s/%016llx.btf", dir, h) >= fsize)
		return -ENAMETOOLONG;
	return 0;
}

int btf_cache__lookup(const char *root, const char *kernel_btf, const char *obj_path,
		      char *out, size_t size)
{
	char dir[PATH_MAX];
	int err = cache_path(root, kernel_btf, obj_path, dir, sizeof(dir), out, size);

	if (err)
		return err;
	if (!cache_dir__trusted_file(out) || cache_dir__make_private(dir))
		return -ENOENT;
	return 0;
}

int btf_cache__store(const char *root, const char *kernel_btf, const char *bpftool,
		     const char *obj_path)
{
	char dir[PATH_MAX], file[PATH_MAX], tmp[PATH_MAX + 32];
	char *argv[] = { (char *)"bpftool", (char *)"gen", (char *)"min_core_btf",
			 (char *)kernel_btf, tmp, (char *)obj_path, NULL };
	posix_spawn_file_actions_t fa;
	int err, status, fd;
	pid_t pid;

	if (!bpftool || access(bpftool, X_OK))
		return -ENOENT;
	err = cache_path(root, kernel_btf, obj_path, dir, sizeof(dir), file, sizeof(file));
	err = err ?: cache_dir__make_private(dir);
	if (err)
		return err;
	if (access(file, F_OK) == 0)
		return 0;
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", file, getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	close(fd);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	err = posix_spawn(&pid, bpftool, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		unlink(tmp);
		return err ? -err : -EIO;
	}
	if (rename(tmp, file)) {
		err = -errno;
		unlink(tmp);
		return err;
	}
	pr_info("cached minimized kernel BTF for this object in %s\n", file);
	return 0;
}
