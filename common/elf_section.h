/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_ELF_SECTION_H
#define BCC2CORE_ELF_SECTION_H

#include <stdbool.h>
#include <stddef.h>

/* A malloc'ed copy of section @name of ELF file @path and its *size, or
 * NULL (no such file, not ELF, no such section or an empty one). */
void *elf_section_copy(const char *path, const char *name, size_t *size);

struct btf;

/* The .BTF of ELF file @path as libbpf's object open takes it: the last
 * section of that name of type PROGBITS, in a 64-bit ELF (@object), or in
 * a 32- or 64-bit one (a kernel's). libbpf 1.1's btf__parse_elf() takes a
 * NOBITS one too, and copies its size from a NULL buffer: a crash on a
 * damaged file. NULL with errno: ENOENT where there is none,
 * LIBBPF_ERRNO__FORMAT where the ELF cannot be read, libbpf's where the
 * BTF does not parse. */
struct btf *elf_section_btf(const char *path, bool object);

#endif
