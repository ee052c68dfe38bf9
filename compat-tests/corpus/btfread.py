"""btfread: read BTF types, and the CO-RE relocations of a BPF object's .BTF.ext.

Just enough of the formats (include/uapi/linux/btf.h, libbpf's btf.h) for
field_moves.py: types with their members, the relocation records
(instruction offset, root type, access string, kind) and the program
sections' instructions they point at. Kernel BTF (a few MiB) parses in a few
seconds.
"""
import struct

KIND_NAMES = {1: "int", 2: "ptr", 3: "array", 4: "struct", 5: "union", 6: "enum",
              7: "fwd", 8: "typedef", 9: "volatile", 10: "const", 11: "restrict",
              12: "func", 13: "func_proto", 14: "var", 15: "datasec", 16: "float",
              17: "decl_tag", 18: "type_tag", 19: "enum64"}
MODIFIERS = {8, 9, 10, 11, 18}  # typedef, volatile, const, restrict, type_tag

# bpf_core_relo_kind (libbpf)
RELO_KINDS = ["field_byte_offset", "field_byte_size", "field_exists", "field_signed",
              "field_lshift_u64", "field_rshift_u64", "type_id_local", "type_id_target",
              "type_exists", "type_size", "enumval_exists", "enumval_value", "type_matches"]


class Type:
    __slots__ = ("id", "kind", "name", "size", "ref", "members", "kflag", "extra", "pos")

    def __init__(self, tid, kind, name, size, ref, kflag):
        self.id, self.kind, self.name, self.size, self.ref = tid, kind, name, size, ref
        self.kflag, self.members, self.extra = kflag, None, None


class Btf:
    """the types of one BTF blob (no split BTF: vmlinux or an object's .BTF)"""

    def __init__(self, data):
        magic, _ver, _flags, hdr_len = struct.unpack_from("<HBBI", data, 0)
        if magic != 0xEB9F:
            raise ValueError("not BTF (magic %#x)" % magic)
        type_off, type_len, str_off, str_len = struct.unpack_from("<IIII", data, 8)
        self.strings = data[hdr_len + str_off:hdr_len + str_off + str_len]
        self.types = [None]
        self.by_name = {}
        self._parse(data, hdr_len + type_off, hdr_len + type_off + type_len)

    def string(self, off):
        end = self.strings.index(b"\0", off)
        return self.strings[off:end].decode()

    def _parse(self, data, pos, end):
        u32 = struct.Struct("<I")
        while pos < end:
            name_off, info, size = struct.unpack_from("<III", data, pos)
            pos += 12
            kind, vlen, kflag = (info >> 24) & 0x1F, info & 0xFFFF, info >> 31
            t = Type(len(self.types), kind, self.string(name_off), size, size, kflag)
            t.pos = pos - 12          # where its header is in the blob
            if kind == 1:  # int: encoding, offset, bits
                t.extra = u32.unpack_from(data, pos)[0]
                pos += 4
            elif kind == 3:  # array: elem type, index type, nelems
                t.extra = struct.unpack_from("<III", data, pos)
                pos += 12
            elif kind in (4, 5):  # struct/union: (name, type, offset)
                t.members = []
                for _ in range(vlen):
                    mn, mt, mo = struct.unpack_from("<III", data, pos)
                    pos += 12
                    bits = (mo >> 24) if kflag else 0
                    off = (mo & 0xFFFFFF) if kflag else mo
                    t.members.append((self.string(mn), mt, off, bits))
            elif kind == 6:
                t.extra = [struct.unpack_from("<Ii", data, pos + 8 * i) for i in range(vlen)]
                pos += 8 * vlen
            elif kind == 19:
                pos += 12 * vlen
            elif kind == 13:
                pos += 8 * vlen
            elif kind in (14, 17):
                pos += 4
            elif kind == 15:
                pos += 12 * vlen
            self.types.append(t)
            if t.name and kind in (4, 5, 6, 8, 19, 7):
                self.by_name.setdefault((t.name, kind), t.id)

    def skip_mods(self, tid):
        t = self.types[tid]
        while t.kind in MODIFIERS:
            t = self.types[t.ref]
        return t

    def size_of(self, tid):
        t = self.skip_mods(tid)
        if t.kind in (1, 4, 5, 6, 16, 19):
            return t.size
        if t.kind == 2:
            return 8
        if t.kind == 3:
            return self.size_of(t.extra[0]) * t.extra[2]
        return 0

    def is_signed(self, tid):
        t = self.skip_mods(tid)
        if t.kind == 1:
            return bool((t.extra >> 24) & 1)
        if t.kind in (6, 19):
            return bool(t.kflag)
        return False

    def describe(self, tid):
        t = self.skip_mods(tid)
        if t.kind == 1:
            return t.name
        if t.kind == 2:
            return "pointer"
        if t.kind == 3:
            return "%s[%d]" % (self.describe(t.extra[0]), t.extra[2])
        return "%s %s" % (KIND_NAMES.get(t.kind, "?"), t.name or "(anon)")


def elf_sections(data):
    """{name: bytes} of a little-endian ELF64 file"""
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    heads = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names = heads[shstrndx]
    strtab = data[names[4]:names[4] + names[5]]
    out = {}
    for h in heads:
        name = strtab[h[0]:strtab.index(b"\0", h[0])].decode()
        out[name] = data[h[4]:h[4] + h[5]] if h[1] != 8 else b""  # SHT_NOBITS
    return out


class Relo:
    __slots__ = ("section", "insn_off", "type_id", "access", "kind", "insn")

    def __init__(self, section, insn_off, type_id, access, kind, insn):
        self.section, self.insn_off, self.type_id = section, insn_off, type_id
        self.access, self.kind, self.insn = access, kind, insn


def core_relos(obj_path):
    """(object BTF, [Relo]) of a BPF object file"""
    sections = elf_sections(open(obj_path, "rb").read())
    btf = Btf(sections[".BTF"])
    ext = sections.get(".BTF.ext", b"")
    if len(ext) < 32:
        return btf, []
    hdr_len, = struct.unpack_from("<I", ext, 4)
    if hdr_len < 32:
        return btf, []
    off, length = struct.unpack_from("<II", ext, 24)
    if length == 0:
        return btf, []
    pos, end = hdr_len + off, hdr_len + off + length
    rec_size, = struct.unpack_from("<I", ext, pos)
    pos += 4
    relos = []
    while pos < end:
        sec_off, num = struct.unpack_from("<II", ext, pos)
        pos += 8
        sec = btf.string(sec_off)
        text = sections.get(sec, b"")
        for _ in range(num):
            insn_off, type_id, access_off, kind = struct.unpack_from("<IIII", ext, pos)
            pos += rec_size
            insn = text[insn_off:insn_off + 8]
            relos.append(Relo(sec, insn_off, type_id, btf.string(access_off), kind, insn))
    return btf, relos
