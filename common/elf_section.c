// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One section of an ELF file, copied out: what run reads of an object
 * beside libbpf (its bundled BTF) and what build checks of it (.BTF.ext). */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
