// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A BTF file parsed from a mapping of it where the file allows one. */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "btf_file.h"
#include "elf_section.h"

bool btf_file__raw_magic(const unsigned char *m, size_t size)
{
	return size >= 2 && ((m[0] == 0x9f && m[1] == 0xeb) || (m[0] == 0xeb && m[1] == 0x9f));
}

/* btf__parse(): raw BTF, else an ELF's .BTF, taken as elf_section_btf()
 * takes it (libbpf 1.1's own ELF path crashes on a NOBITS .BTF) */
static struct btf *parse_file(const char *path)
{
	struct btf *btf = btf__parse_raw(path);

	return btf || errno != EPROTO ? btf : elf_section_btf(path, false);
}

struct btf *btf_file__parse(const char *path)
{
	struct btf *btf = NULL;
	struct statfs fs;
	struct stat st;
	void *map;
	int fd, err;

	/* sysfs only: a regular file cut short while it is mapped would
	 * raise SIGBUS in the copy below */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstatfs(fd, &fs) || fs.f_type != SYSFS_MAGIC || fstat(fd, &st) ||
	    st.st_size <= 0) {
		if (fd >= 0)
			close(fd);
		return parse_file(path);
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	/* a kernel before 6.16 cannot map its sysfs BTF */
	if (map == MAP_FAILED)
		return parse_file(path);
	if (btf_file__raw_magic(map, st.st_size))
		btf = btf__new(map, st.st_size);	/* copies what it keeps */
	else
		btf = parse_file(path);
	err = errno;
	munmap(map, st.st_size);
	errno = err;
	return btf;
}
