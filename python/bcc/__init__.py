"""bcc2core's drop-in `bcc` package: BCC's Python API over CO-RE objects
converted ahead of time.

BPF(text=..., cflags=[...]) finds the object `bcc2core port` or `bcc2core
cache add` built from exactly that text and those cflags, and the runtime
library loads it; nothing is compiled here, and neither LLVM nor kernel
headers are needed. On a cache miss with bcc2core's converter installed, the
program is converted and compiled in a child `bcc2core build` at BPF(), as
BCC compiles it there, and stored in the cache. An attach call that needs a
program form that build could not know of (a syscall's tracepoint form, a
tracepoint's record) builds it again with every attach call so far, and the
new object takes over the running one's maps, so nothing counted is lost.
"""
import atexit
import ctypes as ct
import os
import sys

from . import _native as N
from . import _record
from .table import Table
from .utils import ArgString, StrcmpRewrite  # noqa: F401  (tools import these from bcc)
from . import utils  # noqa: F401
from .usdt import USDT, USDTException  # noqa: F401  (ustat imports both from bcc)

DEBUG_LLVM_IR, DEBUG_BPF, DEBUG_PREPROCESSOR, DEBUG_SOURCE = 0x1, 0x2, 0x4, 0x8
DEBUG_BPF_REGISTER_STATE, DEBUG_BTF = 0x10, 0x20


# The kernel's perf_event_open(2) and bpf(2) enums, by their UAPI values.
class PerfType:
    HARDWARE, SOFTWARE, TRACEPOINT, HW_CACHE, RAW, BREAKPOINT = range(6)


class PerfHWConfig:
    (CPU_CYCLES, INSTRUCTIONS, CACHE_REFERENCES, CACHE_MISSES, BRANCH_INSTRUCTIONS,
     BRANCH_MISSES, BUS_CYCLES, STALLED_CYCLES_FRONTEND, STALLED_CYCLES_BACKEND,
     REF_CPU_CYCLES) = range(10)


class PerfSWConfig:
    (CPU_CLOCK, TASK_CLOCK, PAGE_FAULTS, CONTEXT_SWITCHES, CPU_MIGRATIONS, PAGE_FAULTS_MIN,
     PAGE_FAULTS_MAJ, ALIGNMENT_FAULTS, EMULATION_FAULTS, DUMMY, BPF_OUTPUT) = range(11)


class BPFProgType:
    (SOCKET_FILTER, KPROBE, SCHED_CLS, SCHED_ACT, TRACEPOINT, XDP, PERF_EVENT, CGROUP_SKB,
     CGROUP_SOCK, LWT_IN, LWT_OUT, LWT_XMIT, SOCK_OPS, SK_SKB, CGROUP_DEVICE, SK_MSG,
     RAW_TRACEPOINT, CGROUP_SOCK_ADDR) = range(1, 19)
    TRACING, LSM = 26, 29


class BPFAttachType:
    TRACE_FENTRY, TRACE_FEXIT, LSM_MAC = 24, 25, 27


def _b(v):
    if v is None:
        return None
    return v.encode() if isinstance(v, str) else bytes(v)


def _s(v):
    return v.decode() if isinstance(v, bytes) else v


def _caller():
    """file:line of the tool's code that called into this package."""
    import traceback    # only on this error path: ~10 ms of imports at every start
    here = os.path.dirname(os.path.abspath(__file__))
    for fr in reversed(traceback.extract_stack()[:-1]):
        if not os.path.abspath(fr.filename).startswith(here):
            return "%s:%d" % (fr.filename, fr.lineno)
    return "?"


def _spec_section(spec):
    """The SEC() name an attach spec "kind:target=fn" names, or None (no
    spec; a section: spec names no target)."""
    if not spec:
        return None
    kind, _, rest = spec.rpartition("=")[0].partition(":")
    if kind == "section":
        return None
    if kind == "tracepoint":
        rest = rest.replace(":", "/", 1)
    return "%s/%s" % (kind, rest)


class UnsupportedError(NotImplementedError):
    pass


# Function names BCC attaches by themselves at load, and what they attach to.
_AUTO = (b"kprobe__", b"kretprobe__", b"tracepoint__", b"raw_tracepoint__", b"kfunc__",
         b"kretfunc__", b"lsm__")


class _Function:
    def __init__(self, name):
        self.name = name
        self.fd = -1


class _BPFType(type):
    """Class attributes BCC has and this package does not: a clear error."""

    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise UnsupportedError("bcc2core: BPF.%s is not supported by bcc2core's bcc package "
                               "(called at %s)" % (name, _caller()))


class BPF(metaclass=_BPFType):
    SOCKET_FILTER, KPROBE, SCHED_CLS, SCHED_ACT = 1, 2, 3, 4
    TRACEPOINT, XDP, PERF_EVENT, CGROUP_SKB, CGROUP_SOCK = 5, 6, 7, 8, 9
    RAW_TRACEPOINT, TRACING, LSM = 17, 26, 29
    XDP_ABORTED, XDP_DROP, XDP_PASS, XDP_TX, XDP_REDIRECT = range(5)

    _syscall_prefixes = [b"sys_", b"__x64_sys_", b"__x32_compat_sys_", b"__ia32_compat_sys_",
                         b"__arm64_sys_", b"__s390x_sys_", b"__s390_sys_"]

    CLOCK_MONOTONIC = 1

    class timespec(ct.Structure):
        _fields_ = [("tv_sec", ct.c_long), ("tv_nsec", ct.c_long)]

    def __init__(self, src_file=b"", hdr_file=b"", text=None, debug=0, cflags=[],
                 usdt_contexts=[], allow_rlimit=True, device=None,
                 attach_usdt_ignore_pid=False):
        self._rt = None
        self._callbacks = []     # ctypes callbacks the library holds
        self._pending = None     # an exception raised inside a callback
        self._open = {"kprobe": set(), "uprobe": set(), "tracepoint": set(),
                      "raw_tracepoint": set(), "perf_event": set()}
        self._perf_pending = []
        self._attached = {}     # program -> the sections it was attached to
        self._specs = []         # attach specs, for a build on a cache miss
        self._recorded = []      # attach calls made: replayed on a rebuilt object
        self._built_specs = None  # the specs the object was built with, when known
        self._readers = False    # a buffer or trace_pipe is open on the object
        self.tables = {}
        self.funcs = {}
        self.debug = debug
        self.tracefile = None
        text = _b(text)
        src_file = _b(src_file)
        if text and src_file:
            raise ValueError("BPF(): give text= or src_file=, not both")
        if src_file:
            src_file = self._find_file(src_file)
            with open(src_file, "rb") as f:
                text = f.read()
        self._text = text or b""
        self._cflags = [bytes(ArgString(c)) for c in cflags]
        self._usdt = list(usdt_contexts)
        self._ignore_usdt_pid = attach_usdt_ignore_pid
        for u in self._usdt:
            self._specs += u._specs()
        atexit.register(self.cleanup)
        if not self._text.strip():
            self._empty = True  # BPF(text='') as a probe of the API: nothing to load
            return
        if _record.DIR:
            self._build_exe = None
            atexit.register(_record.finish)
            _record.start(self)
            return
        path = N.cache_lookup(self._text, self._cflags)
        if not path:
            self._miss_check()
            path = self._build()
        self._load(path)

    # ---- the object: from the cache, or built on a miss -------------------
    def _miss_check(self):
        exe = N.bcc2core_binary()
        if not exe or not os.access(exe, os.X_OK):
            cmd = " ".join(sys.argv) or "TOOL"
            raise Exception(
                "bcc2core: no converted object for this BPF program in the cache (%s), and "
                "no bcc2core converter here to build one.\n  hint: on a machine with "
                "bcc2core, run 'bcc2core port %s' and copy the cache over, or 'bcc2core "
                "cache add FILE.bcc.c' for a program from a file" % (_cache_dir(), cmd))
        self._build_exe = exe

    def _loads_later(self):
        """Recorded, under `bcc2core port`: loaded never."""
        return bool(_record.DIR) and not getattr(self, "_empty", False)

    def _ensure_loaded(self):
        if self._rt or getattr(self, "_empty", False):
            return
        if _record.DIR:
            _record.finish(self)
        raise Exception("bcc2core: the BPF program is not loaded")

    def _build(self, why=""):
        import subprocess
        import tempfile
        import time
        t0 = time.monotonic()
        self._built_specs = list(self._specs)
        with tempfile.TemporaryDirectory(prefix="bcc2core-bcc-") as d:
            src = os.path.join(d, "prog.bcc.c")
            obj = os.path.join(d, "prog.bpf.o")
            with open(src, "wb") as f:
                f.write(self._text)
            argv = [self._build_exe, "build"]
            for c in self._cflags:
                if c.startswith(b"-D") or c.startswith(b"-I"):
                    argv += [_s(c[:2]), _s(c[2:])] if len(c) > 2 else [_s(c)]
            for spec in self._specs:
                argv += ["--attach", spec]
            argv += [src, "-o", obj]
            r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if r.returncode:
                sys.stderr.write(r.stderr.decode(errors="replace"))
                raise Exception("bcc2core: cannot convert this BPF program (bcc2core build "
                                "exited %d)" % r.returncode)
            err = N.cache_store(self._text, self._cflags, obj)
            path = N.cache_lookup(self._text, self._cflags) if not err else None
            if not path:
                raise Exception("bcc2core: cannot store the converted object in the cache "
                                "%s: %s" % (_cache_dir(), N.strerror(err or -2)))
        sys.stderr.write("bcc2core: converted and compiled this BPF program%s (%.1f s); "
                         "cached as %s\n" % (why or " once", time.monotonic() - t0, path))
        return path

    def _rebuilt_for(self, fn, spec, call, err):
        """Attaching @fn for @spec failed with @err: the object may have no
        program form for it (an attach call the build before did not know
        of). With bcc2core's converter here, builds it again with every attach
        spec so far and this one, and moves over to it. False when that cannot
        help: -ENOENT with @fn in the object is a target this kernel does not
        have (a tool trying __vfs_read before vfs_read). An object from the
        cache (specs unknown) is built again only when it lacks the program or
        its form (-ENOENT, -EXDEV): `port` made it for the whole tool, and
        another failure is this kernel's."""
        if self._built_specs is None and err not in (-2, -18):
            return False
        if self._built_specs is not None and spec in self._built_specs:
            return False
        if not spec or self._readers or self._rt is None:
            return False
        if err == -2 and self._has_program(_b(fn)):
            return False
        exe = N.bcc2core_binary()
        if not exe or not os.access(exe, os.X_OK):
            return False
        self._build_exe = exe
        if spec not in self._specs:
            self._specs.append(spec)
        self._load(self._build(" again, for %s" % call), maps_from=self._rt)
        return True

    def _load(self, path, maps_from=None):
        opts = N.RuntimeOpts()
        opts.sz = ct.sizeof(opts)
        env = os.environ.get
        opts.kernel_btf_path = _b(env("BCC2CORE_KERNEL_BTF"))
        opts.btf_cache_dir = _b(env("BCC2CORE_CACHE_DIR"))
        opts.no_btf_cache = bool(env("BCC2CORE_NO_BTF_CACHE"))
        opts.no_trampolines = bool(env("BCC2CORE_NO_TRAMPOLINES"))
        rt = N.lib.bcc2core_runtime__open(path.encode(), ct.byref(opts))
        if not rt:
            raise Exception("bcc2core: cannot open %s: %s" % (path,
                                                              os.strerror(ct.get_errno())))
        if maps_from:
            # what the tables hold stays: the new programs use the same maps
            N.lib.bcc2core_runtime__reuse_maps(rt, maps_from)
        err = N.lib.bcc2core_runtime__load(rt)
        if err:
            N.lib.bcc2core_runtime__destroy(rt)
            raise Exception("Failed to load BPF program %s: %s" % (path, N.strerror(err)))
        N.lib.bcc2core_runtime__cache_btf(rt)
        if maps_from:
            # detached before the new programs attach: an event is counted
            # once or, in between, not at all; never twice
            N.lib.bcc2core_runtime__destroy(maps_from)
            self._attached = {}
            for name, t in self.tables.items():
                t._map = N.lib.bcc2core_runtime__map(rt, name)
                t.map_fd = N.libbpf.bpf_map__fd(t._map)
        self._rt = rt
        self._path = path
        recorded, self._recorded = self._recorded, []
        for fn, kind, target, spec, pid in recorded:
            if kind != "perf_event":
                self._attach(fn, kind, target, spec, pid)
        perf, self._perf_pending = self._perf_pending, []
        for args in perf:
            self.attach_perf_event(*args)
        self._trace_autoload()
        for u in self._usdt:
            for fn in u._fn_names():
                self._attach(fn, "uprobe", b"usdt", None,
                             -1 if self._ignore_usdt_pid or not u.pid else u.pid)

    def _programs(self):
        names = []

        def each(name, sec, loaded, why, data):
            names.append((name, sec))
        cb = N.PROGRAM_FN(each)
        N.lib.bcc2core_runtime__for_each_program(self._rt, cb, None)
        return names

    def _trace_autoload(self):
        for name, _sec in self._programs():
            base_len = ct.c_size_t()
            if N.lib.bcc2core_form__of(name, ct.byref(base_len)) != 0:
                continue
            for prefix in _AUTO:
                if name.startswith(prefix):
                    kind = "tracepoint" if b"tracepoint" in prefix else "kprobe"
                    self._attach(name, kind, name[len(prefix):])

    def _attach(self, fn, kind, target, spec=None, pid=-1):
        """Attaches program @fn (what the tool's attach call named) where
        @spec ("kind:target=fn", as `bcc2core build --attach` takes it) says;
        before a miss's build, records @spec instead."""
        fn = _b(fn)
        if spec and spec not in self._specs:
            self._specs.append(spec)
        if self._rt is None:
            self._recorded.append((fn, kind, target, spec, pid))
            self._open[kind if kind in self._open else "kprobe"].add((target, fn))
            return
        if kind == "perf_event":
            return
        sec = _spec_section(spec)
        if fn not in self._attached or sec not in self._attached[fn]:
            o = N.AttachOpts(ct.sizeof(N.AttachOpts), _b(sec), pid if pid > 0 else 0)
            err = N.lib.bcc2core_runtime__attach_program_opts(self._rt, fn, ct.byref(o))
            if err and self._rebuilt_for(fn, spec, "%s %s" % (kind, _s(target)), err):
                return self._attach(fn, kind, target, spec, pid)
            if err == -2 and not self._has_program(fn):
                raise Exception(
                    "bcc2core: the object cached for this program has no program %s to attach "
                    "(called at %s): it was built without this attach call.\n  hint: rebuild "
                    "it with 'bcc2core port' and the tool's arguments" % (_s(fn), _caller()))
            if err == -18:  # -EXDEV: built for other targets, and bound to them
                raise Exception(
                    "bcc2core: the object cached for this program attaches %s elsewhere, and a "
                    "program of its kind cannot move to %s (called at %s): it was built for "
                    "the targets of another run of this tool.\n  hint: rebuild it with "
                    "'bcc2core port' and this run's arguments" % (_s(fn), _s(sec), _caller()))
            if err:
                raise Exception("Failed to attach BPF program %s to %s %s: %s"
                                % (_s(fn), kind, _s(target), N.strerror(err)))
            self._attached.setdefault(fn, set()).add(sec)
            self._recorded.append((fn, kind, target, spec, pid))
        self._open[kind if kind in self._open else "kprobe"].add((target, fn))

    def _has_program(self, fn):
        return any(name == fn for name, _sec in self._programs())

    def _detach(self, fn, kind):
        fn = _b(fn)
        if self._rt and (fn in self._attached or kind == "perf_event"):
            N.lib.bcc2core_runtime__detach_program(self._rt, fn)
            self._attached.pop(fn, None)
        self._recorded = [r for r in self._recorded if r[0] != fn]
        self._perf_pending = [p for p in self._perf_pending if p[2] != fn]
        self._open[kind] = {(t, f) for t, f in self._open[kind] if f != fn}

    # ---- tables ------------------------------------------------------------
    def get_table(self, name, keytype=None, leaftype=None, reducer=None):
        name = _b(name)
        if self._rt is None and self._loads_later():
            # the recording goes on to the attach calls: writes are dropped
            from ._pending import PendingTable
            pending = self.__dict__.setdefault("_pending_tables", {})
            if name not in pending:
                pending[name] = PendingTable(self, name, (keytype, leaftype, reducer))
            return pending[name]
        self._ensure_loaded()
        if name not in self.tables:
            m = N.lib.bcc2core_runtime__map(self._rt, name) if self._rt else None
            if not m:
                raise KeyError(name)
            t = Table(self, name, m)
            if keytype is not None:
                t.Key = keytype
            if leaftype is not None:
                t.Leaf = leaftype
            if reducer is not None:
                t.reducer = reducer
            self.tables[name] = t
        return self.tables[name]

    def __getitem__(self, key):
        return self.get_table(key)

    def __setitem__(self, key, leaf):
        self.tables[_b(key)] = leaf

    def __len__(self):
        return len(self.tables)

    def __delitem__(self, key):
        del self.tables[_b(key)]

    def __iter__(self):
        return self.tables.__iter__()

    def __contains__(self, key):
        self._ensure_loaded()   # a pending table would say yes to any name
        try:
            self.get_table(key)
            return True
        except KeyError:
            return False

    # ---- attaching ---------------------------------------------------------
    def _kprobe_events(self, event, event_re):
        if event_re:
            from . import _kernel
            return sorted(_kernel.get_kprobe_functions(_b(event_re)))
        return [_b(event)]

    def _kprobe_spec(self, event, fn_name, ret):
        prefix = self._syscall_prefix_of(event)
        if prefix:
            return "%s:%s=%s" % ("kretsyscall" if ret else "ksyscall",
                                 _s(event[len(prefix):]), _s(fn_name))
        return "%s:%s=%s" % ("kretprobe" if ret else "kprobe", _s(event), _s(fn_name))

    def _syscall_prefix_of(self, event):
        for p in self._syscall_prefixes:
            if event.startswith(p) and len(event) > len(p):
                return p
        return None

    def _attach_kprobes(self, event, event_re, fn_name, ret):
        """attach_kprobe/attach_kretprobe. With event_re, every function that
        matches, as BCC does (vfscount's "^vfs_.*"): one that cannot be
        probed is skipped, and only none attaching is an error."""
        kind = "kretprobe" if ret else "kprobe"
        events = self._kprobe_events(event, event_re)
        if not events:
            raise Exception("Failed to attach BPF program %s to %s %s" %
                            (_s(fn_name), kind, _s(event_re or event)))
        if not event_re:
            self._attach(fn_name, "kprobe", events[0], self._kprobe_spec(events[0], fn_name, ret))
            return self
        if len(events) + self.num_open_kprobes() > self.get_probe_limit():
            raise Exception("Number of open probes would exceed global quota")
        failed = []
        for ev in events:
            try:
                self._attach(fn_name, "kprobe", ev, self._kprobe_spec(ev, fn_name, ret))
            except Exception as e:  # noqa: BLE001  BCC skips it too
                failed.append((ev, e))
        if len(failed) == len(events):
            raise Exception("Failed to attach BPF program %s to %s %s: none of the %d "
                            "functions matching it attached (%s: %s)"
                            % (_s(fn_name), kind, _s(event_re), len(events),
                               _s(failed[0][0]), failed[0][1]))
        return self

    def attach_kprobe(self, event=b"", event_off=0, fn_name=b"", event_re=b""):
        return self._attach_kprobes(event, event_re, fn_name, False)

    def attach_kretprobe(self, event=b"", fn_name=b"", event_re=b"", maxactive=0):
        return self._attach_kprobes(event, event_re, fn_name, True)

    def detach_kprobe(self, event, fn_name=None):
        for t, f in list(self._open["kprobe"]):
            if t == _b(event) and (fn_name is None or f == _b(fn_name)):
                self._detach(f, "kprobe")

    detach_kretprobe = detach_kprobe

    def attach_tracepoint(self, tp=b"", tp_re=b"", fn_name=b""):
        tps = [_b(tp)]
        if tp_re:
            from . import _kernel
            tps = [_b(t) for t in sorted(_kernel.get_tracepoints(_b(tp_re)))]
            if not tps:
                raise Exception("Failed to attach BPF program %s to tracepoint %s"
                                % (_s(fn_name), _s(tp_re)))
        for t in tps:
            self._attach(fn_name, "tracepoint", t, "tracepoint:%s=%s" % (_s(t), _s(fn_name)))
        return self

    def detach_tracepoint(self, tp=b""):
        for t, f in list(self._open["tracepoint"]):
            if t == _b(tp):
                self._detach(f, "tracepoint")

    def attach_raw_tracepoint(self, tp=b"", fn_name=b""):
        self._attach(fn_name, "raw_tracepoint", _b(tp),
                     "raw_tracepoint:%s=%s" % (_s(tp), _s(fn_name)))
        return self

    def detach_raw_tracepoint(self, tp=b""):
        for t, f in list(self._open["raw_tracepoint"]):
            if t == _b(tp):
                self._detach(f, "raw_tracepoint")

    def attach_kfunc(self, fn_name=b""):
        self._attach(fn_name, "kprobe", _b(fn_name))
        return self

    attach_kretfunc = attach_kfunc
    attach_lsm = attach_kfunc

    def detach_kfunc(self, fn_name=b""):
        self._detach(fn_name, "kprobe")

    detach_kretfunc = detach_kfunc
    detach_lsm = detach_kfunc

    def attach_uprobe(self, name=b"", sym=b"", sym_re=b"", addr=None, fn_name=b"", pid=-1,
                      sym_off=0, ret=False):
        from . import _usersym
        path = _b(_usersym.find_library(_b(name)) or self.find_exe(_b(name)) or name)
        kind = "uretprobe" if ret else "uprobe"
        if addr is not None or sym_off:
            # BCC's addr is a virtual address of the ELF file (sym's, when
            # None), sym_off bytes on: the uprobe goes on its file offset
            path, off = _usersym.resolve_symbol(path, _b(sym), addr or 0, pid, sym_off)
            where = b"0x%x" % off
            self._attach(fn_name, "uprobe", path + b":" + where,
                         "%s:%s:%s=%s" % (kind, _s(path), _s(where), _s(fn_name)), pid)
            return self
        if sym_re:
            syms = sorted({n for n, _ in _usersym.get_user_functions_and_addresses(
                path, _b(sym_re))})
            if not syms:
                raise Exception("can't find any symbols matching %s in %s"
                                % (_s(sym_re), _s(path)))
        else:
            # BCC fails here when the symbol is missing (tools fall back on it)
            _usersym.resolve_symbol(path, _b(sym))
            syms = [_b(sym)]
        for sm in syms[:self.get_probe_limit()]:
            self._attach(fn_name, "uprobe", path + b":" + sm,
                         "%s:%s:%s=%s" % (kind, _s(path), _s(sm), _s(fn_name)), pid)
        return self

    def attach_uretprobe(self, name=b"", sym=b"", sym_re=b"", addr=None, fn_name=b"",
                         pid=-1, sym_off=0):
        return self.attach_uprobe(name=name, sym=sym, sym_re=sym_re, addr=addr,
                                  fn_name=fn_name, pid=pid, sym_off=sym_off, ret=True)

    def detach_uprobe(self, name=b"", sym=b"", addr=None, pid=-1, sym_off=0):
        where = _b(sym)
        if addr is not None or sym_off:
            from . import _usersym
            path = _b(_usersym.find_library(_b(name)) or self.find_exe(_b(name)) or name)
            where = b"0x%x" % _usersym.resolve_symbol(path, _b(sym), addr or 0, pid, sym_off)[1]
        for t, f in list(self._open["uprobe"]):
            if t.endswith(b":" + where):
                self._detach(f, "uprobe")

    detach_uretprobe = detach_uprobe

    def attach_perf_event(self, ev_type=-1, ev_config=-1, fn_name=b"", sample_period=0,
                          sample_freq=0, pid=-1, cpu=-1, group_fd=-1):
        fn_name = _b(fn_name)
        if self._rt is None:
            # the program's section; the event is opened once it is loaded
            self._attach(fn_name, "perf_event", (ev_type, ev_config),
                         "section:perf_event=%s" % _s(fn_name))
            self._perf_pending.append((ev_type, ev_config, fn_name, sample_period,
                                       sample_freq, pid, cpu, group_fd))
            return self
        o = N.PerfEventOpts(ct.sizeof(N.PerfEventOpts), ev_type, ev_config, sample_period,
                            sample_freq, pid, cpu, group_fd)
        err = N.lib.bcc2core_runtime__attach_perf_event(self._rt, fn_name, ct.byref(o))
        if err and self._rebuilt_for(fn_name, "section:perf_event=%s" % _s(fn_name),
                                     "a perf event", err):
            return self.attach_perf_event(ev_type, ev_config, fn_name, sample_period,
                                          sample_freq, pid, cpu, group_fd)
        if err:
            raise Exception("Failed to attach BPF program %s to perf event %d/%d: %s"
                            % (_s(fn_name), ev_type, ev_config, N.strerror(err)))
        self._open["perf_event"].add(((ev_type, ev_config), fn_name))
        self._perf_pending.append((ev_type, ev_config, fn_name, sample_period, sample_freq,
                                   pid, cpu, group_fd))
        return self

    def detach_perf_event(self, ev_type=-1, ev_config=-1):
        for t, f in list(self._open["perf_event"]):
            if t == (ev_type, ev_config):
                self._detach(f, "perf_event")

    def load_func(self, func_name, prog_type, device=None, attach_type=-1):
        func_name = _b(func_name)
        fn = self.funcs.get(func_name) or _Function(func_name)
        self.funcs[func_name] = fn
        return fn

    def _unsupported(self, what):
        return UnsupportedError("bcc2core: %s is not supported by bcc2core's bcc package "
                                "(called at %s)" % (what, _caller()))

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        raise self._unsupported("BPF.%s" % name)

    def num_open_kprobes(self):
        return len(self._open["kprobe"])

    def num_open_uprobes(self):
        return len(self._open["uprobe"])

    def num_open_tracepoints(self):
        return len(self._open["tracepoint"])

    # ---- output ------------------------------------------------------------
    def _open_buffer(self, name, page_cnt, sample, lost, wakeup_events=0):
        self._ensure_loaded()
        self._readers = True    # read from this object: it is not rebuilt now

        def on_sample(ctx, cpu, data, size):
            if self._pending:
                return
            try:
                sample(cpu, data, size)
            except BaseException as e:  # raised again once the poll returns
                self._pending = e

        def on_lost(ctx, cpu, cnt):
            if self._pending or not lost:
                return
            try:
                lost(cpu, cnt)
            except BaseException as e:
                self._pending = e
        # no lost callback: the runtime says "Possibly lost N samples" on
        # stderr, as BCC does
        s, lo = N.SAMPLE_FN(on_sample), N.LOST_FN(on_lost) if lost else N.LOST_FN()
        self._callbacks += [s, lo]
        opts = N.BufferOpts(ct.sizeof(N.BufferOpts), page_cnt, s, lo, None, wakeup_events)
        err = N.lib.bcc2core_runtime__open_buffer(self._rt, name, ct.byref(opts))
        if err:
            raise Exception("Could not open the buffer of %s: %s" % (_s(name),
                                                                      N.strerror(err)))

    def _poll(self, timeout):
        self._ensure_loaded()
        if not self._rt:
            return 0
        return self._in_callbacks(N.lib.bcc2core_runtime__poll, self._rt,
                                  -1 if timeout is None else timeout)

    def _in_callbacks(self, fn, *args):
        """Runs @fn, which calls the tool's callbacks, and raises what they
        raised. A signal's exception (Ctrl-C) can come as a callback is
        entered, before its own try: ctypes then hands it to
        sys.unraisablehook, where it is caught here instead of lost."""
        old = sys.unraisablehook

        def hook(u):
            if self._pending is None and u.exc_value is not None:
                self._pending = u.exc_value
            else:
                old(u)
        sys.unraisablehook = hook
        try:
            ret = fn(*args)
        finally:
            sys.unraisablehook = old
        self._raise_pending()
        return ret

    def _raise_pending(self):
        if self._pending:
            e, self._pending = self._pending, None
            raise e

    def perf_buffer_poll(self, timeout=-1):
        self._poll(timeout)

    def ring_buffer_poll(self, timeout=-1):
        self._poll(timeout)

    kprobe_poll = perf_buffer_poll

    def perf_buffer_consume(self):
        self._ensure_loaded()
        if self._rt:
            self._in_callbacks(N.lib.bcc2core_runtime__consume, self._rt)

    ring_buffer_consume = perf_buffer_consume

    def _trace_pipe(self):
        from . import _trace
        self._ensure_loaded()
        if not self.tracefile:
            self._readers = True
            self.tracefile = _trace.TracePipe()
        return self.tracefile

    def trace_open(self, nonblocking=False):
        return self._trace_pipe().open(nonblocking)

    def trace_fields(self, nonblocking=False):
        return self._trace_pipe().fields(nonblocking)

    def trace_readline(self, nonblocking=False):
        return self._trace_pipe().readline(nonblocking)

    def trace_print(self, fmt=None):
        self._trace_pipe().print(fmt)

    # ---- what the kernel offers --------------------------------------------
    @staticmethod
    def get_kprobe_functions(event_re):
        from . import _kernel
        return _kernel.get_kprobe_functions(_b(event_re))

    def get_syscall_prefix(self):
        from . import _kernel
        return _kernel.get_syscall_prefix()

    def get_syscall_fnname(self, name):
        from . import _kernel
        return _kernel.get_syscall_fnname(_b(name))

    def fix_syscall_fnname(self, name):
        name = _b(name)
        p = self._syscall_prefix_of(name)
        return self.get_syscall_fnname(name[len(p):]) if p else name

    @staticmethod
    def tracepoint_exists(category, event):
        return bool(N.lib.bcc2core_kernel__has_tracepoint(_b(category) + b"/" + _b(event)))

    @staticmethod
    def get_tracepoints(tp_re):
        from . import _kernel
        return _kernel.get_tracepoints(_b(tp_re))

    @staticmethod
    def support_raw_tracepoint():
        from . import _kernel
        return _kernel.support_raw_tracepoint()

    @staticmethod
    def support_raw_tracepoint_in_module():
        from . import _kernel
        return _kernel.support_raw_tracepoint_in_module()

    @staticmethod
    def support_kfunc():
        # true only where fentry/fexit really attach (here they are refused)
        return bool(N.lib.bcc2core_kernel__can_trampoline())

    @staticmethod
    def support_lsm():
        if not N.lib.bcc2core_kernel__can_trampoline():
            return False
        try:
            with open("/sys/kernel/security/lsm") as f:
                return "bpf" in f.read().split(",")
        except OSError:
            return False

    @staticmethod
    def kernel_struct_has_field(struct_name, field_name):
        from . import _kernel
        return _kernel.kernel_struct_has_field(_b(struct_name), _b(field_name))

    @staticmethod
    def get_probe_limit():
        return int(os.environ.get("BCC_PROBE_LIMIT", 1000))

    @staticmethod
    def add_module(modname):
        return False

    @staticmethod
    def ksym(addr, show_module=False, show_offset=False):
        from . import _kernel
        return _kernel.ksym(addr, show_module, show_offset)

    @staticmethod
    def ksymname(name):
        from . import _kernel
        return _kernel.ksymname(_b(name))

    @staticmethod
    def sym(addr, pid, show_module=False, show_offset=False, demangle=True):
        from . import _usersym
        return _usersym.sym(addr, pid, show_module, show_offset, demangle)

    @staticmethod
    def find_library(libname):
        from . import _usersym
        return _usersym.find_library(_b(libname))

    @staticmethod
    def find_exe(bin_path):
        from . import _usersym
        return _usersym.find_exe(_b(bin_path))

    @staticmethod
    def get_user_functions_and_addresses(name, sym_re):
        """[(name, address)] of the functions of ELF file @name (a path, or
        a library name) matching @sym_re."""
        from . import _usersym
        path = _b(name) if b"/" in _b(name) else _usersym.find_library(_b(name)) or _b(name)
        return _usersym.get_user_functions_and_addresses(path, _b(sym_re))

    @staticmethod
    def get_user_functions(name, sym_re):
        return {n for n, _ in BPF.get_user_functions_and_addresses(name, sym_re)}

    @staticmethod
    def get_user_addresses(name, sym_re):
        return {a for _, a in BPF.get_user_functions_and_addresses(name, sym_re)}

    @staticmethod
    def _find_file(filename):
        if filename and not os.path.isfile(filename):
            argv0 = _b(sys.argv[0])
            t = os.path.join(os.path.dirname(os.path.abspath(argv0)), filename)
            if os.path.isfile(t):
                return t
            raise Exception("Could not find file %s" % _s(filename))
        return filename

    @classmethod
    def monotonic_time(cls):
        return int(__import__("time").clock_gettime_ns(__import__("time").CLOCK_MONOTONIC))

    @staticmethod
    def generate_auto_includes(program_words):
        # a str, as tools add it to their str program text; the converter
        # takes kernel types from vmlinux.h, so no header is needed
        return ""

    def free_bcc_memory(self):
        return 0

    def donothing(self):
        pass

    # ---- the end -----------------------------------------------------------
    def cleanup(self):
        if self.tracefile:
            self.tracefile.close()
            self.tracefile = None
        for k in list(self.__dict__.get("_perf_links", {})):
            self.detach_perf_event(*k)
        if self._rt:
            N.lib.bcc2core_runtime__destroy(self._rt)
            self._rt = 0  # destroyed: never loaded again
        self.tables = {}
        self._attached = {}

    close = cleanup

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.cleanup()


def _cache_dir():
    d = os.environ.get("BCC2CORE_CACHE_DIR")
    if d:
        return os.path.join(d, "objects")
    if os.geteuid() == 0:
        return "/var/cache/bcc2core/objects"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "bcc2core", "objects")

