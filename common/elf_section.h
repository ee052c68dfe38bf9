/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_ELF_SECTION_H
#define BCC2CORE_ELF_SECTION_H

#include <stddef.h>

/* A malloc'ed copy of section @name of ELF file @path and its *size, or
 * NULL (no such file, not ELF, no such section or an empty one). */
void *elf_section_copy(const char *path, const char *name, size_t *size);

#endif
