"""USDT probes: USDT(pid=, path=) and enable_probe(probe, fn_name). The
converted object carries the probe programs (libbpf's usdt/ sections, whose
arguments libbpf reads); this class names which ones the tool enabled and
finds each probe's provider in the binary's .note.stapsdt notes, which a
probe given as a bare name leaves out."""
import mmap
import os
import struct


def _sections(data, with_addr=False):
    """(name, offset, size) of each ELF64 little-endian section (and its
    address last, @with_addr)."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    if not shoff or shentsize < 64 or shoff + shnum * shentsize > len(data):
        return []
    heads = [struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize) for i in range(shnum)]
    if shstrndx >= shnum:
        return []
    stroff = heads[shstrndx][4]
    out = []
    for name_off, _type, _flags, addr, off, size in heads:
        end = data.find(b"\0", stroff + name_off)
        out.append((data[stroff + name_off:end], off, size) + ((addr,) if with_addr else ()))
    return out


def stapsdt_notes(path):
    """[(provider, name, pc, semaphore)] of each USDT probe location in ELF
    file @path: its address, moved as far as .stapsdt.base was since the
    note was written (prelink), and its semaphore's address (0: none)."""
    try:
        with open(path, "rb") as f:
            # mapped, not read: a process maps libraries of tens of MiB
            # (libjvm), and only the section headers and notes are needed
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return []
    try:
        return _notes_of(data)
    finally:
        data.close()


def _notes_of(data):
    secs = _sections(data, with_addr=True)
    base_now = next((a for n, _o, _s, a in secs if n == b".stapsdt.base"), None)
    notes = []
    for name, off, size, _addr in secs:
        if name != b".note.stapsdt":
            continue
        pos, end = off, min(off + size, len(data))
        while pos + 12 <= end:
            namesz, descsz, ntype = struct.unpack_from("<III", data, pos)
            pos += 12
            nname = data[pos:pos + namesz].rstrip(b"\0")
            pos += (namesz + 3) & ~3
            desc = data[pos:pos + descsz]
            pos += (descsz + 3) & ~3
            if nname != b"stapsdt" or ntype != 3 or len(desc) < 24:
                continue
            pc, base, sema = struct.unpack_from("<QQQ", desc, 0)
            parts = desc[24:].split(b"\0")
            if len(parts) >= 2:
                moved = base_now - base if base_now is not None and base else 0
                notes.append((parts[0], parts[1], pc + moved, sema))
    return notes


def _mapped_files(pid):
    """The executable of process @pid, then each other file it maps, in
    the order of its maps: a runtime's probes are often in a library
    (libruby, libjvm), which BCC searches too for a context with a pid."""
    out, seen = [], set()
    for path in [os.readlink("/proc/%d/exe" % pid)] + _maps_paths(pid):
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            out.append(path)
    return out


def _maps_paths(pid):
    paths = []
    with open("/proc/%d/maps" % pid) as f:
        for line in f:
            parts = line.rstrip("\n").split(None, 5)
            # regular files only: a mapped device is not opened
            if len(parts) == 6 and parts[5].startswith("/") and \
                    not parts[5].endswith(" (deleted)") and os.path.isfile(parts[5]):
                paths.append(parts[5])
    return paths


def _load_base(pid, path):
    """Where process @pid mapped the start of ELF file @path (0: as linked,
    for an executable that is not position-independent)."""
    from . import _elf
    if _elf.elf_type(path) != _elf.ET_EXEC:
        real = os.path.realpath(path)
        with open("/proc/%d/maps" % pid) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 6 and os.path.realpath(parts[5]) == real and \
                        int(parts[2], 16) == 0:
                    return int(parts[0].split("-")[0], 16)
    return 0


def _add_to_semaphore(pid, addr, delta):
    """A USDT semaphore in process @pid's memory, counted up or down: the
    probe sites it guards run while it is non-zero."""
    with open("/proc/%d/mem" % pid, "r+b", buffering=0) as mem:
        mem.seek(addr)
        v, = struct.unpack("<H", mem.read(2))
        mem.seek(addr)
        mem.write(struct.pack("<H", max(v + delta, 0) & 0xFFFF))


class USDTException(Exception):
    pass


class USDT:
    def __init__(self, pid=None, path=None):
        if pid is None and path is None:
            raise USDTException("USDT(): give pid= or path=")
        self.pid = pid
        whole_process = path is None
        if path is None:
            path = os.readlink("/proc/%d/exe" % pid)
        elif isinstance(path, bytes):
            path = path.decode()
        if not os.path.isabs(path):
            from . import _usersym
            found = _usersym.find_library(path.encode()) or _usersym.find_exe(path.encode())
            path = found.decode() if isinstance(found, bytes) else (found or path)
        self.path = path
        # the files searched for probes: with a pid and no path, all the
        # process maps; with a path, that file alone
        self._paths = [path]
        if whole_process:
            try:
                self._paths = _mapped_files(pid)
            except OSError:
                pass
        self._notes = {}
        self._probes = []   # (provider, name, fn_name)

    def _notes_in(self, path):
        if path not in self._notes:
            self._notes[path] = stapsdt_notes(path)
        return self._notes[path]

    def _where(self, prov, name):
        """The searched files that have probe @prov:@name."""
        return [p for p in self._paths
                if any(n[0] == prov and n[1] == name for n in self._notes_in(p))]

    def _provider(self, name):
        provs = sorted({n[0] for p in self._paths for n in self._notes_in(p) if n[1] == name})
        if not provs:
            where = self.path if len(self._paths) == 1 else \
                "process %d (%s and the %d files it maps)" % (self.pid, self.path,
                                                              len(self._paths) - 1)
            raise USDTException("USDT probe %s not found in %s" % (name.decode(), where))
        return provs[0]

    def enable_probe(self, probe, fn_name):
        probe = probe.encode() if isinstance(probe, str) else probe
        fn_name = fn_name.encode() if isinstance(fn_name, str) else fn_name
        prov, _, name = probe.rpartition(b":")
        self._probes.append((prov or self._provider(name), name, fn_name))

    def enable_probe_or_bail(self, probe, fn_name):
        try:
            self.enable_probe(probe, fn_name)
        except USDTException as e:
            print(str(e))
            raise SystemExit(1)

    def get_text(self):
        return b""

    def get_context(self):
        return 0

    def enumerate_active_probes(self):
        """[(path, fn_name, address, pid)] of each location of each enabled
        probe, for a tool that attaches uprobes there itself (ustat). As
        BCC does for a context with a pid, the probes' semaphores in that
        process are counted up (down again at exit), or their sites would
        never run; the package's own USDT attach leaves them to the kernel."""
        out, semas = [], set()
        enabled = {(p, n): f for p, n, f in self._probes}
        for path in self._paths:
            for prov, name, pc, sema in self._notes_in(path):
                fn = enabled.get((prov, name))
                if fn is None:
                    continue
                out.append((path.encode(), fn, pc, self.pid if self.pid else -1))
                if sema and self.pid:
                    semas.add((path, sema))
        if semas and self.pid and not getattr(self, "_counted", None):
            self._counted = []
            try:
                for path, sema in sorted(semas):
                    addr = _load_base(self.pid, path) + sema
                    _add_to_semaphore(self.pid, addr, 1)
                    self._counted.append(addr)
            except (OSError, ValueError, struct.error):
                pass    # the process is gone, or its memory cannot be written
            import atexit
            atexit.register(self._uncount)
        return out

    def _uncount(self):
        for addr in getattr(self, "_counted", []):
            try:
                _add_to_semaphore(self.pid, addr, -1)
            except (OSError, ValueError, struct.error):
                pass
        self._counted = []

    def enumerate_probes(self):
        return [type("probe", (), {"provider": n[0], "name": n[1], "bin_path": p.encode()})
                for p in self._paths for n in sorted({n[:2] for n in self._notes_in(p)})]

    def _specs(self):
        # a probe in several of the files (the executable and a library of
        # the process): attached in each, as its sites run in each
        return ["usdt:%s:%s:%s=%s" % (path, p.decode(), n.decode(), f.decode())
                for p, n, f in self._probes for path in (self._where(p, n) or [self.path])]

    def _fn_names(self):
        return [f for _p, _n, f in self._probes]
