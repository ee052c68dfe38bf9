/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_BTF_FILE_H
#define BCC2CORE_BTF_FILE_H

#include <stdbool.h>
#include <stddef.h>

struct btf;

/* do @m's @size bytes start with raw BTF's magic 0xeB9F (either byte order)? */
bool btf_file__raw_magic(const unsigned char *m, size_t size);

/* btf__parse(@path), faster for a kernel's sysfs BTF where the kernel lets
 * it be mapped (6.16 and later): libbpf 1.1 reads a sysfs file a page per
 * read(), ~1300 reads for a 5 MB vmlinux BTF. NULL and errno as
 * btf__parse(). */
struct btf *btf_file__parse(const char *path);

#endif
