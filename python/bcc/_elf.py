"""A small read-only ELF reader: header, sections, load segments, symbols,
build-id and .gnu_debuglink. Enough for symbolization and uprobe offsets.

Every read is bounds-checked: a damaged or truncated file raises ElfError
instead of returning garbage."""
import mmap
import struct

ET_EXEC = 2
ET_DYN = 3
SHT_SYMTAB = 2
SHT_NOTE = 7
SHT_DYNSYM = 11
PT_LOAD = 1
PF_X = 1
STT_FUNC = 2
STT_GNU_IFUNC = 10
FUNC_TYPES = (1 << STT_FUNC) | (1 << STT_GNU_IFUNC)
ALL_TYPES = 0xffff
NT_GNU_BUILD_ID = 3


class ElfError(Exception):
    pass


class Elf:
    """An ELF image from a path (mapped) or from bytes (e.g. the vDSO)."""

    def __init__(self, path=None, data=None):
        self._map = None
        if data is None:
            with open(path, "rb") as f:
                try:
                    self._map = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
                except ValueError:  # empty file
                    raise ElfError("empty file")
            data = self._map
        self.data = data
        if len(data) < 16 or data[:4] != b"\x7fELF":
            self.close()
            raise ElfError("not an ELF file")
        cls, enc = data[4], data[5]
        if cls not in (1, 2) or enc not in (1, 2):
            self.close()
            raise ElfError("unknown ELF class or encoding")
        self.is64 = cls == 2
        self.end = "<" if enc == 1 else ">"
        if self.is64:
            hdr = self._unpack("HHIQQQIHHHHHH", 16)
        else:
            hdr = self._unpack("HHIIIIIHHHHHH", 16)
        (self.type, _, _, _, self.phoff, self.shoff, _, _,
         self.phentsize, self.phnum, self.shentsize, self.shnum,
         self.shstrndx) = hdr
        self._sections = None

    def close(self):
        if self._map is not None:
            self._map.close()
            self._map = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _unpack(self, fmt, off):
        fmt = self.end + fmt
        if off < 0 or off + struct.calcsize(fmt) > len(self.data):
            raise ElfError("read past the end of the file")
        return struct.unpack_from(fmt, self.data, off)

    def _bytes(self, off, size):
        if off < 0 or size < 0 or off + size > len(self.data):
            raise ElfError("read past the end of the file")
        return self.data[off:off + size]

    def _cstr(self, off, limit):
        """NUL-terminated string at off, not reading past limit."""
        limit = min(limit, len(self.data))
        if off < 0 or off >= limit:
            return None
        end = self.data.find(b"\0", off, limit)
        return bytes(self.data[off:end if end >= 0 else limit])

    def sections(self):
        """[(name, type, addr, offset, size, link, entsize)] in file order."""
        if self._sections is not None:
            return self._sections
        out = []
        fmt = "IIQQQQIIQQ" if self.is64 else "IIIIIIIIII"
        if self.shoff and self.shentsize >= struct.calcsize(fmt):
            raw = [self._unpack(fmt, self.shoff + i * self.shentsize)
                   for i in range(self.shnum)]
            names = raw[self.shstrndx] if self.shstrndx < len(raw) else None
            for (name, typ, _, addr, off, size, link, _, _, entsize) in raw:
                nm = b""
                if names is not None:
                    nm = self._cstr(names[4] + name, names[4] + names[5]) or b""
                out.append((nm, typ, addr, off, size, link, entsize))
        self._sections = out
        return out

    def section(self, name):
        for s in self.sections():
            if s[0] == name:
                return s
        return None

    def exec_segments(self):
        """[(vaddr, memsz, offset)] of the executable PT_LOAD segments."""
        out = []
        fmt = "IIQQQQQQ" if self.is64 else "IIIIIIII"
        for i in range(self.phnum if self.phoff else 0):
            ph = self._unpack(fmt, self.phoff + i * self.phentsize)
            if self.is64:
                typ, flags, off, vaddr, _, _, memsz, _ = ph
            else:
                typ, off, vaddr, _, _, memsz, flags, _ = ph
            if typ == PT_LOAD and flags & PF_X:
                out.append((vaddr, memsz, off))
        return out

    def symbols(self, types=FUNC_TYPES):
        """Yield (name, value, size) of the named, non-zero symbols of the
        wanted types (a bit mask of STT_*), .symtab and .dynsym in file order."""
        secs = self.sections()
        ent = 24 if self.is64 else 16
        fmt = "IBBHQQ" if self.is64 else "IIIBBH"
        for (_, typ, _, off, size, link, entsize) in secs:
            if typ not in (SHT_SYMTAB, SHT_DYNSYM) or link >= len(secs):
                continue
            if entsize < ent:
                continue
            stroff, strsize = secs[link][3], secs[link][4]
            for i in range(size // entsize):
                if self.is64:
                    name, info, _, _, value, sz = self._unpack(fmt, off + i * entsize)
                else:
                    name, value, sz, info, _, _ = self._unpack(fmt, off + i * entsize)
                if value == 0 or not (types >> (info & 0xf)) & 1:
                    continue
                nm = self._cstr(stroff + name, stroff + strsize)
                if nm:
                    yield nm, value, sz

    def build_id(self):
        """The GNU build-id as lower-case hex (str), or None."""
        for (_, typ, _, off, size, _, _) in self.sections():
            if typ != SHT_NOTE:
                continue
            pos, end = off, off + size
            while pos + 12 <= end:
                namesz, descsz, ntype = self._unpack("III", pos)
                name_at = pos + 12
                desc_at = name_at + ((namesz + 3) & ~3)
                if ntype == NT_GNU_BUILD_ID and \
                        self._bytes(name_at, namesz).rstrip(b"\0") == b"GNU":
                    return self._bytes(desc_at, descsz).hex()
                pos = desc_at + ((descsz + 3) & ~3)
        return None

    def debuglink(self):
        """(file name, crc32) from .gnu_debuglink, or None."""
        s = self.section(b".gnu_debuglink")
        if not s:
            return None
        name = self._cstr(s[3], s[3] + s[4])
        if not name:
            return None
        crc_at = (s[3] + len(name) + 1 + 3) & ~3
        if crc_at + 4 > s[3] + s[4]:
            return None
        return name, self._unpack("I", crc_at)[0]

    def text_info(self):
        """(sh_addr, sh_offset) of .text, or None."""
        s = self.section(b".text")
        return (s[2], s[3]) if s else None

    def vaddr_to_offset(self, vaddr):
        """File offset of vaddr inside an executable load segment, or None."""
        for (start, memsz, off) in self.exec_segments():
            if start <= vaddr < start + memsz:
                return vaddr - start + off
        return None


def elf_type(path):
    """e_type of the ELF file at path, or None when it is not one."""
    try:
        with Elf(path) as e:
            return e.type
    except (OSError, ElfError):
        return None
