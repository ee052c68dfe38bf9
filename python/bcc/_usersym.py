"""User-space symbols: addresses of a live process to function names
(/proc/PID/maps + ELF symbol tables), library and executable lookup, and
symbol names to the file offsets uprobes want."""
import bisect
import ctypes
import os
import re
import struct
import zlib

from . import _elf
from . import _kernel

_DEBUG_ROOT = "/usr/lib/debug"
# mappings that are never symbolized (BCC's "not file backed" list)
_ANON = (b"//anon", b"/dev/zero", b"/anon_hugepage", b"[stack", b"/SYSV",
         b"[heap]")


def _b(s):
    return s if isinstance(s, bytes) else os.fsencode(s)


# -- debug files ------------------------------------------------------------

def _crc_ok(path, crc):
    try:
        with open(path, "rb") as f:
            val = 0
            for chunk in iter(lambda: f.read(1 << 20), b""):
                val = zlib.crc32(chunk, val)
        return val == crc
    except OSError:
        return False


def _debug_file(elf, path):
    """The separate debug file of elf (opened from path), or None: by
    build-id under /usr/lib/debug/.build-id, then by .gnu_debuglink."""
    root = os.environ.get("BCC_DEBUGINFO_ROOT", _DEBUG_ROOT)
    bid = elf.build_id()
    if bid and len(bid) > 2:
        cand = "%s/.build-id/%s/%s.debug" % (root, bid[:2], bid[2:])
        if os.path.isfile(cand):
            return cand
    link = elf.debuglink()
    if link:
        name, crc = os.fsdecode(link[0]), link[1]
        d = os.path.dirname(os.fsdecode(path))
        for cand in (os.path.join(d, name), os.path.join(d, ".debug", name),
                     _DEBUG_ROOT + os.path.join(d, name)):
            if os.path.isfile(cand) and not os.path.samefile(cand, path) and \
                    _crc_ok(cand, crc):
                return cand
    return None


def elf_symbols(path, types=_elf.FUNC_TYPES, data=None):
    """[(name, value, size)] of an ELF file (or image), its debug file's
    first as BCC lists them; None when the file is not a readable ELF."""
    out = []
    try:
        with _elf.Elf(path, data) as elf:
            dbg = _debug_file(elf, path) if data is None else None
            if dbg:
                try:
                    with _elf.Elf(dbg) as d:
                        out.extend(d.symbols(types))
                except (OSError, _elf.ElfError):
                    pass
            out.extend(elf.symbols(types))
    except (OSError, _elf.ElfError):
        return None
    return out


# -- C++ names --------------------------------------------------------------

_cxa = None


def demangle_name(name):
    """name demangled by libstdc++'s __cxa_demangle when it is a C++ name."""
    global _cxa
    if not (name.startswith(b"_Z") or name.startswith(b"___Z")):
        return name
    if _cxa is None:
        try:
            std = ctypes.CDLL("libstdc++.so.6")
            fn = std.__cxa_demangle
            fn.restype = ctypes.c_void_p
            fn.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p,
                           ctypes.POINTER(ctypes.c_int)]
            free = ctypes.CDLL(None).free
            free.argtypes = [ctypes.c_void_p]
            _cxa = (fn, free)
        except (OSError, AttributeError):
            _cxa = False
    if not _cxa:
        return name
    status = ctypes.c_int(0)
    p = _cxa[0](name, None, None, ctypes.byref(status))
    if not p:
        return name
    try:
        return ctypes.string_at(p) if status.value == 0 else name
    finally:
        _cxa[1](p)


# -- one process ------------------------------------------------------------

class _Module:
    """One mapped object of a process: the ranges it is mapped at and its
    function symbols, sorted by start (loaded on first use)."""

    def __init__(self, name, path, pid):
        self.name, self.path, self.pid = name, path, pid
        self.ranges = []
        self.bias = 0           # section address - file offset of .text
        self.kind = None
        self._syms = None
        t = _elf.elf_type(path) if path.startswith(b"/") else None
        if t == _elf.ET_EXEC:
            self.kind = "exec"
        elif t == _elf.ET_DYN:
            self.kind = "so"
            try:
                with _elf.Elf(path) as e:
                    ti = e.text_info()
                if ti:
                    self.bias = ti[0] - ti[1]
            except (OSError, _elf.ElfError):
                pass
        elif t is None and name == b"[vdso]":
            self.kind = "vdso"
        elif t is None and name.endswith(b".map") and os.access(path, os.R_OK):
            self.kind = "perf"

    def offset_of(self, addr):
        """addr as an address of the module's own symbols, or None."""
        for (start, end, foff) in self.ranges:
            if start <= addr < end:
                if self.kind in ("so", "vdso"):
                    return addr - (start - foff) + self.bias
                return addr
        return None

    def _load(self):
        syms = []
        if self.kind in ("exec", "so"):
            syms = elf_symbols(self.path) or []
        elif self.kind == "vdso":
            img = _own_vdso()
            syms = (elf_symbols(None, data=img) if img else None) or []
        elif self.kind == "perf":
            syms = _perf_map_symbols(self.path)
        syms.sort(key=lambda s: s[1])   # stable: equal starts keep file order
        self._syms = syms
        self._starts = [s[1] for s in syms]

    def find(self, off):
        """(name, offset into it) of the function covering off, or None.
        Walks back over nested symbols, stopping at the first one that
        cannot contain the one just below off."""
        if self._syms is None:
            self._load()
        i = bisect.bisect_right(self._starts, off) - 1
        if i < 0:
            return None
        limit = self._syms[i][1]
        while i >= 0 and off >= self._syms[i][1]:
            name, start, size = self._syms[i]
            if off < start + size:
                return name, off - start
            if limit > start + size:
                break
            i -= 1
        return None


_PERF_LINE = re.compile(rb"^(\w+) \s*(\w+) \s*(.*?)\n?$")


def _perf_map_symbols(path):
    """(name, start, size) of a /tmp/perf-PID.map written by a JIT: lines
    of "START SIZE name", hexadecimal."""
    out = []
    try:
        with open(path, "rb") as f:
            for line in f:
                m = _PERF_LINE.match(line)
                try:
                    start, size = int(m.group(1), 16), int(m.group(2), 16)
                except (AttributeError, ValueError):
                    continue
                if start:
                    out.append((m.group(3), start, size))
    except OSError:
        pass
    return out


_vdso_image = None


def _own_vdso():
    """This process's vDSO image: the kernel maps the same one everywhere."""
    global _vdso_image
    if _vdso_image is None:
        _vdso_image = b""
        for (start, end, _, _, name) in _maps(os.getpid()):
            if name == b"[vdso]":
                _vdso_image = ctypes.string_at(start, end - start)
                break
    return _vdso_image or None


def _maps(pid):
    """(start, end, perms, offset, name) of each line of /proc/PID/maps."""
    out = []
    try:
        with open("/proc/%d/maps" % pid, "rb") as f:
            for line in f:
                parts = line.rstrip(b"\n").split(None, 5)
                if len(parts) < 5:
                    continue
                try:
                    start, end = (int(x, 16) for x in parts[0].split(b"-"))
                    off = int(parts[2], 16)
                except ValueError:
                    continue
                name = parts[5].strip() if len(parts) > 5 else b""
                out.append((start, end, parts[1], off, name))
    except OSError:
        pass
    return out


def _in_root(pid, name):
    """name as seen from inside the process's mount namespace and root."""
    p = b"/proc/%d/root%s" % (pid, name)
    return p if os.path.exists(p) else name


def _nstgid(pid):
    tgid = pid
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(("Tgid:", "NStgid:")):
                    tgid = int(line.split()[-1])
    except (OSError, ValueError):
        pass
    return tgid


class ProcSyms:
    """The executable mappings of one process, in maps order, then its
    perf map (tried last, for JIT code)."""

    def __init__(self, pid):
        self.pid = pid
        self.exe = self._exe_id()
        self.modules = []
        by_name = {}
        for (start, end, perms, off, name) in _maps(pid):
            if b"x" not in perms or not name or name.startswith(_ANON):
                continue
            mod = by_name.get(name)
            if mod is None:
                path = _in_root(pid, name) if name.startswith(b"/") else name
                mod = by_name[name] = _Module(name, path, pid)
                self.modules.append(mod)
            mod.ranges.append((start, end, off))
        for cand in (b"/proc/%d/root/tmp/perf-%d.map" % (pid, _nstgid(pid)),
                     b"/tmp/perf-%d.map" % pid):
            mod = _Module(cand, cand, pid)
            if mod.kind == "perf":
                mod.ranges.append((0, 1 << 64, 0))
                self.modules.append(mod)
                break

    def _exe_id(self):
        try:
            st = os.stat("/proc/%d/exe" % self.pid)
            return (st.st_dev, st.st_ino)
        except OSError:
            return None

    def stale(self):
        """True when the process has exec'd another program since."""
        now = self._exe_id()
        return now is not None and now != self.exe

    def resolve(self, addr):
        """(name or None, offset, module name or None) as BCC's symbol
        cache gives them: a known module without a symbol gives its own
        offset, an address outside every module itself."""
        module, offset = None, 0
        first_miss = None
        for mod in self.modules:
            if first_miss and mod.kind != "perf":
                continue
            off = mod.offset_of(addr)
            if off is None:
                continue
            module, offset = mod.name, off
            hit = mod.find(off)
            if hit:
                return hit[0], hit[1], mod.name
            if mod.kind != "perf":
                first_miss = mod.name
        # a later perf map may have been tried, but the module that holds
        # the address is the one to report
        module = first_miss or module
        if module and offset:
            return None, offset, module
        return None, addr, None


_caches = {}


def _cache(pid):
    c = _caches.get(pid)
    if c is None or c.stale():
        c = _caches[pid] = ProcSyms(pid)
    return c


# -- build-id stacks (BPF_STACK_TRACE_BUILDID) ------------------------------

_by_build_id = {}


def add_module(path):
    """Register an ELF file so build-id stack entries can name its functions;
    False when it has no build-id or cannot be read."""
    try:
        with _elf.Elf(_b(path)) as e:
            bid = e.build_id()
    except (OSError, _elf.ElfError):
        return False
    if not bid:
        return False
    _by_build_id[bid] = [_b(path), None]
    return True


def _resolve_build_id(entry):
    """(name, offset, module) of a bpf_stack_build_id entry."""
    if getattr(entry, "status", 0) != 1:        # BPF_STACK_BUILD_ID_VALID
        return None, entry.offset, None
    mod = _by_build_id.get(bytes(bytearray(entry.build_id)).hex())
    if mod is None:
        return None, entry.offset, None
    if mod[1] is None:
        syms = sorted(elf_symbols(mod[0]) or [], key=lambda s: s[1])
        mod[1] = (syms, [s[1] for s in syms])
    syms, starts = mod[1]
    i = bisect.bisect_right(starts, entry.offset) - 1
    if i < 0:
        return None, entry.offset, None
    return syms[i][0], entry.offset - syms[i][1], mod[0]


def sym(addr, pid, show_module=False, show_offset=False, demangle=True):
    """BPF.sym(): addr in process pid (pid < 0: the kernel) as b"name",
    b"name+0xoff" (show_offset), b"name [module]" (show_module), or
    b"[unknown]"."""
    if "bpf_stack_build_id" in str(type(addr)):
        name, off, mod = _resolve_build_id(addr)
    elif pid < 0:
        name, off, mod = _kernel.ksym_resolve(addr)
        demangle = False
    else:
        name, off, mod = _cache(pid).resolve(addr)
    if name is not None and demangle:
        name = demangle_name(name)
    return _kernel.format_sym(name, off, mod, show_module, show_offset)


# -- finding files ------------------------------------------------------------

_ld_cache = None


def _load_ld_cache(path="/etc/ld.so.cache"):
    """[(soname, path, flags)] of the dynamic linker's cache, new format
    (possibly after the old one)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return []
    base = 0
    if data.startswith(b"ld.so-1.7.0"):
        n = struct.unpack_from("<I", data, 12)[0] if len(data) >= 16 else 0
        base = (16 + n * 12 + 7) & ~7
    new = data[base:]
    if not new.startswith(b"glibc-ld.so.cache") or len(new) < 48:
        return []
    n = struct.unpack_from("<I", new, 20)[0]
    out = []
    for i in range(n):
        at = 48 + i * 24
        if at + 24 > len(new):
            break
        flags, key, val = struct.unpack_from("<iII", new, at)

        def cstr(o):
            e = new.find(b"\0", o)
            return new[o:e if e >= 0 else len(new)]
        if key < len(new) and val < len(new):
            out.append((cstr(key), cstr(val), flags))
    return out


def _so_flags_ok(flags):
    """libc6 entries of this process's word size (64-bit ABI bits set)."""
    if flags & 0xff != 0x03:
        return False
    is64 = (flags & 0xff00) in (0x0100, 0x0200, 0x0300, 0x0400, 0x0500)
    return is64 == (ctypes.sizeof(ctypes.c_void_p) == 8)


def _so_in_process(libname, pid):
    for (_, _, _, _, name) in _maps(pid):
        if b".so" in name and (b"/lib%s." % libname in name or
                               b"/lib%s-" % libname in name):
            return name
    return None


def find_library(libname, pid=0):
    """Path (bytes) of lib<libname>.so from the linker cache (or mapped in
    pid first, when given), libname itself when it has a '/', else None."""
    global _ld_cache
    libname = _b(libname)
    if b"/" in libname:
        return libname
    if pid:
        p = _so_in_process(libname, pid)
        if p:
            return p
    if _ld_cache is None:
        _ld_cache = _load_ld_cache()
    soname = b"lib%s.so" % libname
    for (key, path, flags) in _ld_cache:
        if key.startswith(soname) and _so_flags_ok(flags):
            return path
    return None


def find_exe(bin_path):
    """The first executable named bin_path on $PATH (bin_path itself when it
    has a directory part and is executable), or None. Bytes in, bytes out."""
    as_str = isinstance(bin_path, str)
    p = _b(bin_path)

    def is_exe(f):
        return os.path.isfile(f) and os.access(f, os.X_OK)
    if os.path.dirname(p):
        return bin_path if is_exe(p) else None
    for d in os.environ.get("PATH", "").split(os.pathsep):
        cand = os.path.join(_b(d.strip('"')), p)
        if is_exe(cand):
            return os.fsdecode(cand) if as_str else cand
    return None


def resolve_symbol(module, symname, addr=0, pid=-1, sym_off=0):
    """(module path, file offset) for a uprobe on symname (or on vaddr addr)
    in module, a path or a library name; raises Exception when either is
    not found, with BCC's message."""
    module, symname = _b(module), _b(symname)
    c_pid = 0 if pid == -1 else pid
    path = module if b"/" in module else find_library(module, c_pid)
    if path and c_pid not in (0, -1) and not path.startswith(b"/proc"):
        path = b"/proc/%d/root%s" % (c_pid, path)
    vaddr = addr or 0
    if path and symname and not vaddr:
        for (name, value, _) in elf_symbols(path, _elf.ALL_TYPES) or []:
            if name == symname:
                vaddr = value
                break
    off = None
    if path and vaddr:
        t = _elf.elf_type(path)
        if t in (_elf.ET_EXEC, _elf.ET_DYN):
            try:
                with _elf.Elf(path) as e:
                    off = e.vaddr_to_offset(vaddr)
            except (OSError, _elf.ElfError):
                off = None
        else:
            off = vaddr
    if not off:
        raise Exception("could not determine address of symbol %s in %s"
                        % (symname.decode(errors="replace"),
                           module.decode(errors="replace")))
    return path, off + sym_off


def get_user_functions_and_addresses(name, sym_re):
    """[(function name, address)] of the functions of ELF file name whose
    names match sym_re (re.match), debug file symbols first."""
    name, sym_re = _b(name), _b(sym_re)
    syms = elf_symbols(name)
    if syms is None:
        raise Exception("Error %d enumerating symbols in %s" % (-1, name))
    rx = re.compile(sym_re)
    return [(n, v) for (n, v, _) in syms if rx.match(n)]
