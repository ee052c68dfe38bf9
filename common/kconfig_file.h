/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_KCONFIG_FILE_H
#define BCC2CORE_KCONFIG_FILE_H

#include <stddef.h>

/* The running kernel's readable config file (in @buf or a constant), or
 * NULL when it has none. */
const char *kconfig_file__system(char *buf, size_t size);
/* The file's text (gzip'ed or plain), malloc'ed: 0 or -errno. */
int kconfig_file__read(const char *path, char **text);

#endif
