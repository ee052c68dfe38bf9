// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One section of an ELF file, copied out: what run reads of an object
 * beside libbpf (its bundled BTF, its .BTF) and what build checks of it
 * (.BTF.ext). */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "elf_section.h"

void *elf_section_copy(const char *path, const char *name, size_t *size)
{
	Elf *elf = NULL;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	void *copy = NULL;
	int fd;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (elf && !elf_getshdrstrndx(elf, &shstrndx)) {
		while ((scn = elf_nextscn(elf, scn))) {
			GElf_Shdr sh;
			const char *sname;
			Elf_Data *data;

			if (!gelf_getshdr(scn, &sh) ||
			    !(sname = elf_strptr(elf, shstrndx, sh.sh_name)) || strcmp(sname, name))
				continue;
			data = elf_getdata(scn, NULL);
			if (data && data->d_buf && data->d_size && (copy = malloc(data->d_size))) {
				memcpy(copy, data->d_buf, data->d_size);
				*size = data->d_size;
			}
			break;
		}
	}
	if (elf)
		elf_end(elf);
	close(fd);
	return copy;
}

struct btf *elf_section_btf(const char *path, bool object)
{
	struct btf *btf = NULL;
	Elf_Scn *scn = NULL;
	Elf_Data *found = NULL;
	size_t shstrndx;
	Elf *elf;
	int fd, class, err = LIBBPF_ERRNO__FORMAT;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		errno = EINVAL;
		return NULL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	elf = elf_begin(fd, ELF_C_READ, NULL);
	class = elf ? gelf_getclass(elf) : ELFCLASSNONE;
	if ((class == ELFCLASS64 || (!object && class == ELFCLASS32)) &&
	    !elf_getshdrstrndx(elf, &shstrndx)) {
		err = ENOENT;
		while ((scn = elf_nextscn(elf, scn))) {
			GElf_Shdr sh;
			const char *name;

			if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_PROGBITS &&
			    (name = elf_strptr(elf, shstrndx, sh.sh_name)) && !strcmp(name, ".BTF"))
				found = elf_getdata(scn, NULL);
		}
	}
	/* btf__new() copies the bytes */
	if (found && found->d_buf && found->d_size) {
		btf = btf__new(found->d_buf, found->d_size);
		err = btf ? 0 : errno ?: EINVAL;
		/* a kernel's pointers are its ELF's (libbpf's btf__parse_elf) */
		if (btf && !object)
			btf__set_pointer_size(btf, class == ELFCLASS32 ? 4 : 8);
	}
	if (elf)
		elf_end(elf);
	close(fd);
	if (err) {
		errno = err;
		return NULL;
	}
	return btf;
}
