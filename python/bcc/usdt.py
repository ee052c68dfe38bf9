"""USDT probes: USDT(pid=, path=) and enable_probe(probe, fn_name). The
converted object carries the probe programs (libbpf's usdt/ sections, whose
arguments libbpf reads); this class names which ones the tool enabled and
finds each probe's provider in the binary's .note.stapsdt notes, which a
probe given as a bare name leaves out."""
import os
import struct


def _sections(data):
    """(name, offset, size) of each ELF64 little-endian section."""
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
    for name_off, _type, _flags, _addr, off, size in heads:
        end = data.find(b"\0", stroff + name_off)
        out.append((data[stroff + name_off:end], off, size))
    return out


def stapsdt_probes(path):
    """[(provider, name)] of the USDT probes in ELF file @path."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return []
    probes = []
    for name, off, size in _sections(data):
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
            parts = desc[24:].split(b"\0")
            if len(parts) >= 2:
                probes.append((parts[0], parts[1]))
    return probes


class USDTException(Exception):
    pass


class USDT:
    def __init__(self, pid=None, path=None):
        if pid is None and path is None:
            raise USDTException("USDT(): give pid= or path=")
        self.pid = pid
        if path is None:
            path = os.readlink("/proc/%d/exe" % pid)
        elif isinstance(path, bytes):
            path = path.decode()
        if not os.path.isabs(path):
            from . import _usersym
            found = _usersym.find_library(path.encode()) or _usersym.find_exe(path.encode())
            path = found.decode() if isinstance(found, bytes) else (found or path)
        self.path = path
        self._probes = []   # (provider, name, fn_name)

    def _provider(self, name):
        provs = sorted({p for p, n in stapsdt_probes(self.path) if n == name})
        if not provs:
            raise USDTException("USDT probe %s not found in %s" % (name.decode(), self.path))
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

    def enumerate_probes(self):
        return [type("probe", (), {"provider": p, "name": n, "bin_path": self.path.encode()})
                for p, n in stapsdt_probes(self.path)]

    def _specs(self):
        return ["usdt:%s:%s:%s=%s" % (self.path, p.decode(), n.decode(), f.decode())
                for p, n, f in self._probes]

    def _fn_names(self):
        return [f for _p, _n, f in self._probes]
