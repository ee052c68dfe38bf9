/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The cache of converted objects: BPF(text=..., cflags=[...]) of a BCC tool
 * finds here the CO-RE object `bcc2core port` or `bcc2core cache add` built
 * from exactly that text and those cflags, so the tool runs with no compiler
 * on the machine. */
#ifndef BCC2CORE_OBJECT_CACHE_H
#define BCC2CORE_OBJECT_CACHE_H

#include <stddef.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct bcc2core_object_cache_opts {
	size_t sz;	/* size of this struct, for forward/backward compatibility */
	/* cache root (default /var/cache/bcc2core for root, $XDG_CACHE_HOME/
	 * bcc2core or ~/.cache/bcc2core otherwise); entries go in objects/ */
	const char *dir;
	size_t :0;
};
#define bcc2core_object_cache_opts__last_field dir

/**
 * @brief **bcc2core_object_cache__lookup()** finds the object built from
 * program @text and the @cflag_cnt strings @cflags (as BCC's BPF() got them)
 * and puts its path in @path. An entry counts only when this user alone
 * could have written it and the text and cflags it records are byte for
 * byte these. 0, -ENOENT (no such entry), -ENAMETOOLONG or -errno.
 */
BCC2CORE_API int bcc2core_object_cache__lookup(const char *text, const char *const *cflags,
					       size_t cflag_cnt, char *path, size_t size,
					       const struct bcc2core_object_cache_opts *opts);

/* Stores a copy of @obj_path as the object of (@text, @cflags), replacing
 * any older one: written under a new name (O_EXCL) and renamed into place.
 * 0 or -errno. */
BCC2CORE_API int bcc2core_object_cache__store(const char *text, const char *const *cflags,
					      size_t cflag_cnt, const char *obj_path,
					      const struct bcc2core_object_cache_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
