// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Uprobes on a symbol libbpf calls ambiguous: a library exporting one
 * function under two symbol versions (glibc's pthread_create@GLIBC_2.2.5
 * and @@GLIBC_2.34, at one address). The default version (or, with none,
 * the only address all matches share) decides, as the dynamic linker
 * would bind a new program; the uprobe goes on that file offset. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* versym bit that marks a hidden (non-default) version */
#define VERSYM_HIDDEN 0x8000

struct sym_pick {
	GElf_Addr addr;
	bool have, is_default, ambiguous;
};

static void consider(struct sym_pick *p, GElf_Addr addr, bool is_default)
{
	if (!p->have || (is_default && !p->is_default)) {
		p->addr = addr;
		p->have = true;
		p->is_default = is_default;
		p->ambiguous = false;
	} else if (addr != p->addr && is_default == p->is_default) {
		p->ambiguous = true;
	}
}

/* one symbol table (.dynsym with its .gnu.version, or .symtab) */
static void scan_symtab(Elf *elf, Elf_Scn *scn, GElf_Shdr *sh, Elf_Data *versym,
			const char *name, struct sym_pick *p)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;

	for (size_t i = 0; data && i < n; i++) {
		GElf_Sym sym;
		GElf_Versym vs = 0;
		const char *s;

		if (!gelf_getsym(data, i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    !sym.st_value || sym.st_shndx == SHN_UNDEF)
			continue;
		s = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (!s || strcmp(s, name))
			continue;
		if (versym)
			gelf_getversym(versym, i, &vs);
		consider(p, sym.st_value, !(vs & VERSYM_HIDDEN));
	}
}

/* the file offset of function @name in ELF @path */
static long func_offset(const char *path, const char *name)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct sym_pick p = {};
	Elf_Data *versym = NULL;
	Elf_Scn *scn = NULL;
	long off = -ENOENT;
	size_t nph = 0;
	Elf *elf;

	if (fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf) {
		close(fd);
		return -EINVAL;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_GNU_versym)
			versym = elf_getdata(scn, NULL);
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_DYNSYM)
			scan_symtab(elf, scn, &sh, versym, name, &p);
		else if (sh.sh_type == SHT_SYMTAB)
			scan_symtab(elf, scn, &sh, NULL, name, &p);
	}
	if (p.have && !p.ambiguous && !elf_getphdrnum(elf, &nph)) {
		for (size_t i = 0; i < nph; i++) {
			GElf_Phdr ph;

			if (gelf_getphdr(elf, i, &ph) && ph.p_type == PT_LOAD &&
			    (ph.p_flags & PF_X) && p.addr >= ph.p_vaddr &&
			    p.addr < ph.p_vaddr + ph.p_memsz) {
				off = (long)(p.addr - ph.p_vaddr + ph.p_offset);
				break;
			}
		}
	} else if (p.ambiguous) {
		off = -ENOTUNIQ;
	}
	elf_end(elf);
	close(fd);
	return off;
}

struct bpf_link *uprobe_attach(struct bpf_program *prog, const char *path, const char *func,
			       bool retprobe, int pid)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .retprobe = retprobe, .func_name = func);
	unsigned long long raw;
	struct bpf_link *link;
	char *end;
	long off;

	pid = pid > 0 ? pid : -1;	/* libbpf: -1 every process, 0 only ours */
	if (func[0] == '0' && func[1] == 'x') {
		/* a file offset (attach_uprobe(addr=)): no name starts so */
		errno = 0;
		raw = strtoull(func + 2, &end, 16);
		if (errno || end == func + 2 || *end) {
			errno = EINVAL;
			return NULL;
		}
		opts.func_name = NULL;
		return bpf_program__attach_uprobe_opts(prog, pid, path, (size_t)raw, &opts);
	}
	link = bpf_program__attach_uprobe_opts(prog, pid, path, 0, &opts);
	if (link || errno != LIBBPF_ERRNO__FORMAT)
		return link;
	off = func_offset(path, func);
	if (off < 0) {
		errno = (int)-off;
		return NULL;
	}
	pr_info("%s: %s:%s is several symbols; the default version's, at offset 0x%lx\n",
		bpf_program__name(prog), path, func, off);
	opts.func_name = NULL;
	return bpf_program__attach_uprobe_opts(prog, pid, path, (size_t)off, &opts);
}
