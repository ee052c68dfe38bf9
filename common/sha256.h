/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_SHA256_H
#define BCC2CORE_SHA256_H

#include <stddef.h>

/* SHA-256 of @len bytes at @data as 64 lowercase hex digits in @hex (65 bytes):
 * the identity of a build input (kernel BTF, kernel config), comparable with
 * sha256sum's. 0, or -ENOMEM (@hex then ""). */
int sha256_hex(const void *data, size_t len, char hex[65]);

#endif
