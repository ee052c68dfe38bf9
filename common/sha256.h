/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_SHA256_H
#define BCC2CORE_SHA256_H

#include <stddef.h>

/* SHA-256 of @len bytes at @data as 64 lowercase hex digits in @hex (65 bytes):
 * the identity of a build input (kernel BTF, kernel config), comparable with
 * sha256sum's. */
void sha256_hex(const void *data, size_t len, char hex[65]);
/* the same of a file's contents: 0 or -errno */
int sha256_file_hex(const char *path, char hex[65]);

#endif
