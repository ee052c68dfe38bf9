"""A tiny BTF reader: walks the type section once and answers which members
a struct has. Damaged input raises BtfError; nothing is trusted.
struct_has_field() asks libbpf first where it is installed: walking the
kernel's 5 MB of BTF here takes Python ~0.4 s and ~30 MiB, libbpf ~10 ms."""
import ctypes
import mmap
import os
import struct

KIND_STRUCT = 4
KIND_UNION = 5
_MAGIC = 0xEB9F

# bytes that follow the 12-byte common header, per kind: (fixed, per member)
_TRAILER = {
    1: (4, 0),      # INT
    2: (0, 0),      # PTR
    3: (12, 0),     # ARRAY
    4: (0, 12),     # STRUCT
    5: (0, 12),     # UNION
    6: (0, 8),      # ENUM
    7: (0, 0),      # FWD
    8: (0, 0),      # TYPEDEF
    9: (0, 0),      # VOLATILE
    10: (0, 0),     # CONST
    11: (0, 0),     # RESTRICT
    12: (0, 0),     # FUNC
    13: (0, 8),     # FUNC_PROTO
    14: (4, 0),     # VAR
    15: (0, 12),    # DATASEC
    16: (0, 0),     # FLOAT
    17: (4, 0),     # DECL_TAG
    18: (0, 0),     # TYPE_TAG
    19: (0, 12),    # ENUM64
}


class BtfError(Exception):
    pass


class Btf:
    """Types of one BTF blob: self.types[id] = (kind, name_off, vlen, at),
    where at is the offset of the kind's trailing data in the type section."""

    def __init__(self, data):
        if len(data) < 24:
            raise BtfError("too short for a BTF header")
        for end in "<>":
            if struct.unpack_from(end + "H", data, 0)[0] == _MAGIC:
                break
        else:
            raise BtfError("bad magic")
        self.end = end
        hdr_len, type_off, type_len, str_off, str_len = \
            struct.unpack_from(end + "5I", data, 4)
        base = hdr_len
        if hdr_len < 24 or base + type_off + type_len > len(data) or \
                base + str_off + str_len > len(data):
            raise BtfError("sections out of range")
        self.tsec = data[base + type_off:base + type_off + type_len]
        self.ssec = data[base + str_off:base + str_off + str_len]
        self.types = [None]                       # id 0 is void
        self._index = {}
        fmt = end + "III"
        pos = 0
        while pos < len(self.tsec):
            if pos + 12 > len(self.tsec):
                raise BtfError("truncated type")
            name_off, info, _ = struct.unpack_from(fmt, self.tsec, pos)
            kind, vlen = (info >> 24) & 0x1f, info & 0xffff
            if kind not in _TRAILER:
                raise BtfError("unknown kind %d" % kind)
            fixed, each = _TRAILER[kind]
            self.types.append((kind, name_off, vlen, pos + 12))
            pos += 12 + fixed + each * vlen
        if pos != len(self.tsec):
            raise BtfError("truncated type")

    def name(self, off):
        if off >= len(self.ssec):
            raise BtfError("name offset out of range")
        end = self.ssec.find(b"\0", off)
        return self.ssec[off:end if end >= 0 else len(self.ssec)]

    def find(self, name, kind):
        """The first type id of this kind and name, or -1."""
        index = self._index.get(kind)
        if index is None:
            index = self._index[kind] = {}
            for tid in range(len(self.types) - 1, 0, -1):
                if self.types[tid][0] == kind:
                    index[self.name(self.types[tid][1])] = tid
        return index.get(name, -1)

    def members(self, tid):
        """[(name, type id)] of a STRUCT or UNION."""
        kind, _, vlen, at = self.types[tid]
        if kind not in (KIND_STRUCT, KIND_UNION):
            return []
        out = []
        for i in range(vlen):
            name_off, mtype, _ = struct.unpack_from(self.end + "III",
                                                    self.tsec, at + 12 * i)
            out.append((self.name(name_off), mtype))
        return out

    def has_member(self, tid, field):
        """True when the struct/union has the member, directly or inside an
        anonymous struct/union member."""
        seen = set()
        todo = [tid]
        while todo:
            t = todo.pop()
            if t in seen or not 0 < t < len(self.types):
                continue
            seen.add(t)
            for (name, mtype) in self.members(t):
                if name == field:
                    return True
                if not name:
                    todo.append(mtype)
        return False


_vmlinux = {}


def vmlinux(path="/sys/kernel/btf/vmlinux"):
    """The kernel's BTF, read once; None when absent or unreadable."""
    if path not in _vmlinux:
        try:
            with open(path, "rb") as f:
                _vmlinux[path] = Btf(f.read())
        except (OSError, BtfError, struct.error):
            _vmlinux[path] = None
    return _vmlinux[path]


class _BtfType(ctypes.Structure):
    _fields_ = [("name_off", ctypes.c_uint32), ("info", ctypes.c_uint32),
                ("size_or_type", ctypes.c_uint32)]


class _BtfMember(ctypes.Structure):
    _fields_ = [("name_off", ctypes.c_uint32), ("type", ctypes.c_uint32),
                ("offset", ctypes.c_uint32)]


_libbpf = []


def _libbpf_fns():
    """libbpf.so.1's BTF functions with their prototypes, or None."""
    if not _libbpf:
        try:
            lib = ctypes.CDLL("libbpf.so.1")
        except OSError:
            _libbpf.append(None)
            return None
        p = ctypes.c_void_p
        for name, res, args in (
                ("btf__parse_raw", p, [ctypes.c_char_p]),
                ("btf__new", p, [p, ctypes.c_uint32]),
                ("btf__free", None, [p]),
                ("btf__type_cnt", ctypes.c_uint32, [p]),
                ("btf__find_by_name_kind", ctypes.c_int32, [p, ctypes.c_char_p, ctypes.c_uint32]),
                ("btf__type_by_id", ctypes.POINTER(_BtfType), [p, ctypes.c_uint32]),
                ("btf__name_by_offset", ctypes.c_char_p, [p, ctypes.c_uint32])):
            fn = getattr(lib, name)
            fn.restype, fn.argtypes = res, args
        libc = ctypes.CDLL(None, use_errno=True)
        libc.mmap.restype = p
        libc.mmap.argtypes = [p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                              ctypes.c_long]
        libc.munmap.argtypes = [p, ctypes.c_size_t]
        lib.libc = libc
        _libbpf.append(lib)
    return _libbpf[0]


def _parse(lib, path):
    """libbpf's struct btf of the raw BTF at path, or None. From a read-only
    mapping where the kernel allows one (its own BTF since 6.16): libbpf
    then copies the 5 MB once instead of reading and copying it (~5 MiB and
    a few tens of ms less); else btf__parse_raw()."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        size = os.fstat(fd).st_size
        addr = lib.libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_PRIVATE, fd, 0) \
            if size else None
    finally:
        os.close(fd)
    if addr in (None, ctypes.c_void_p(-1).value):
        return lib.btf__parse_raw(path.encode())
    try:
        return lib.btf__new(addr, size)
    finally:
        lib.libc.munmap(addr, size)


def _struct_has_field_libbpf(struct_name, field_name, path):
    """struct_has_field() through libbpf, with Btf's rules (the struct of
    the lowest id with that name; anonymous members searched inside); None
    when libbpf is not there or does not read the file."""
    lib = _libbpf_fns()
    btf = _parse(lib, path) if lib else None
    if not btf:
        return None
    try:
        tid = lib.btf__find_by_name_kind(btf, struct_name, KIND_STRUCT)
        if tid <= 0:
            return -1
        ntypes = lib.btf__type_cnt(btf)
        seen, todo = set(), [tid]
        while todo:
            t = todo.pop()
            if t in seen or not 0 < t < ntypes:
                continue
            seen.add(t)
            bt = lib.btf__type_by_id(btf, t)
            kind, vlen = (bt.contents.info >> 24) & 0x1f, bt.contents.info & 0xffff
            if kind not in (KIND_STRUCT, KIND_UNION):
                continue
            members = ctypes.cast(ctypes.addressof(bt.contents) + ctypes.sizeof(_BtfType),
                                  ctypes.POINTER(_BtfMember * vlen)).contents
            for m in members:
                name = lib.btf__name_by_offset(btf, m.name_off) or b""
                if name == field_name:
                    return 1
                if not name:
                    todo.append(m.type)
        return 0
    finally:
        lib.btf__free(btf)


def struct_has_field(struct_name, field_name, path="/sys/kernel/btf/vmlinux"):
    """1 when struct struct_name has field_name, 0 when not, -1 when there
    is no kernel BTF or no such struct (as BCC's kernel_struct_has_field)."""
    got = _struct_has_field_libbpf(struct_name, field_name, path)
    if got is not None:
        return got
    btf = vmlinux(path)
    if btf is None:
        return -1
    try:
        tid = btf.find(struct_name, KIND_STRUCT)
        if tid < 0:
            return -1
        return 1 if btf.has_member(tid, field_name) else 0
    except (BtfError, struct.error):
        return -1
