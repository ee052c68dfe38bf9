// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The object cache: <root>/objects/<key>.bpf.o with <key>.src beside it,
 * the converter build, text and cflags the object was built from. The key
 * (a hash of all three) finds an entry; the .src decides whether it is this
 * program's. The converter's id is there so that after an upgrade (a fixed
 * conversion) no object an older converter built is used: those miss, and
 * are built again. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bcc2core/object_cache.h"
#include "converter_id.h"
#include "internal.h"

/* opts->dir if the caller's struct has it */
#define OPTS_DIR(o) ((o) && (o)->sz > offsetof(struct bcc2core_object_cache_opts, dir) \
		     ? (o)->dir : NULL)
#define OPTS_OK(o) (!(o) || (o)->sz >= offsetof(struct bcc2core_object_cache_opts, dir))

#define SRC_MAGIC "bcc2core object cache 2\n"

/* What .src holds: the magic, the converter's id, the cflag count, each
 * cflag NUL-ended, the text. */
static int source_record(const char *text, const char *const *cflags, size_t cnt,
			 struct strbuf *sb)
{
	int err = strbuf_puts(sb, SRC_MAGIC);

	err = err ?: strbuf_puts(sb, "converter " BCC2CORE_CONVERTER_ID "\n");
	err = err ?: strbuf_printf(sb, "cflags %zu\n", cnt);
	for (size_t i = 0; i < cnt && !err; i++)
		err = cflags[i] ? strbuf_append(sb, cflags[i], strlen(cflags[i]) + 1) : -EINVAL;
	return err ?: strbuf_puts(sb, text);
}

/* <root>/objects and the entry's base path in it (no suffix) */
static int entry_paths(const struct bcc2core_object_cache_opts *opts, const struct strbuf *src,
		       char *dir, size_t dsize, char *base, size_t bsize)
{
	unsigned long long h = cache_dir__hash(CACHE_DIR_HASH_SEED, src->buf, src->len);
	int err = cache_dir__root(OPTS_DIR(opts), "objects", dir, dsize);

	if (err)
		return err;
	if ((size_t)snprintf(base, bsize, "%s/%016llx", dir, h) >= bsize - 8)
		return -ENAMETOOLONG;
	return 0;
}

/* does file @path hold exactly @want? */
static bool holds(const char *path, const struct strbuf *want)
{
	char buf[65536];
	size_t off = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool same = fd >= 0;

	while (same && (n = read(fd, buf, sizeof(buf))) > 0) {
		same = off + n <= want->len && !memcmp(want->buf + off, buf, n);
		off += n;
	}
	if (fd >= 0)
		close(fd);
	return same && n == 0 && off == want->len;
}

int bcc2core_object_cache__lookup(const char *text, const char *const *cflags, size_t cnt,
				  char *path, size_t size,
				  const struct bcc2core_object_cache_opts *opts)
{
	char dir[PATH_MAX], base[PATH_MAX], src_path[PATH_MAX + 8];
	struct strbuf src = {};
	int err;

	if (!OPTS_OK(opts) || !text || (cnt && !cflags) || !path)
		return -EINVAL;
	err = source_record(text, cflags, cnt, &src);
	err = err ?: entry_paths(opts, &src, dir, sizeof(dir), base, sizeof(base));
	if (err)
		goto out;
	snprintf(src_path, sizeof(src_path), "%s.src", base);
	if ((size_t)snprintf(path, size, "%s.bpf.o", base) >= size) {
		err = -ENAMETOOLONG;
		goto out;
	}
	if (cache_dir__make_private(dir) || !cache_dir__trusted_file(src_path) ||
	    !cache_dir__trusted_file(path) || !holds(src_path, &src))
		err = -ENOENT;
out:
	free(src.buf);
	return err;
}

/* writes @len bytes of @data, or @from's contents, to a new file renamed to @dst */
static int write_new(const char *dst, const void *data, size_t len, const char *from)
{
	char tmp[PATH_MAX + 32], buf[65536];
	int fd, in = -1, err = 0;
	ssize_t n;

	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", dst, getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (from && (in = open(from, O_RDONLY | O_CLOEXEC)) < 0)
		err = -errno;
	while (!err && from && (n = read(in, buf, sizeof(buf))) != 0)
		err = n < 0 || write(fd, buf, n) != n ? -EIO : 0;
	if (!err && !from && write(fd, data, len) != (ssize_t)len)
		err = -EIO;
	if (in >= 0)
		close(in);
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, dst))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

int bcc2core_object_cache__store(const char *text, const char *const *cflags, size_t cnt,
				 const char *obj_path,
				 const struct bcc2core_object_cache_opts *opts)
{
	char dir[PATH_MAX], base[PATH_MAX], path[PATH_MAX + 8];
	struct strbuf src = {};
	int err;

	if (!OPTS_OK(opts) || !text || (cnt && !cflags) ||
	    !obj_path)
		return -EINVAL;
	err = source_record(text, cflags, cnt, &src);
	err = err ?: entry_paths(opts, &src, dir, sizeof(dir), base, sizeof(base));
	err = err ?: cache_dir__make_private(dir);
	if (err)
		goto out;
	/* the object first: a .src never names an object not yet in place */
	snprintf(path, sizeof(path), "%s.bpf.o", base);
	err = write_new(path, NULL, 0, obj_path);
	snprintf(path, sizeof(path), "%s.src", base);
	err = err ?: write_new(path, src.buf, src.len, NULL);
out:
	free(src.buf);
	return err;
}
