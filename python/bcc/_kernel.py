"""Kernel facts without kprobes or debugfs: kernel symbols, syscall entry
names, tracepoints, raw tracepoint support, struct members (BTF)."""
import bisect
import os
import platform
import re


KALLSYMS = "/proc/kallsyms"
# kallsyms addresses below this are not kernel text (x86_64's user space
# ends far below; BCC drops them the same way)
_KERNEL_SPACE = 0x00ffffffffffffff
SYSCALL_PREFIXES = [
    b"sys_",
    b"__x64_sys_",
    b"__x32_compat_sys_",
    b"__ia32_compat_sys_",
    b"__arm64_sys_",
    b"__s390x_sys_",
    b"__s390_sys_",
]


def _b(s):
    return s if isinstance(s, bytes) else os.fsencode(s)


def _mount_of(fstype):
    """Mount points of a file system type, in /proc/mounts order."""
    out = []
    try:
        with open("/proc/mounts") as f:
            for line in f:
                p = line.split()
                if len(p) > 2 and p[2] == fstype:
                    out.append(p[1])
    except OSError:
        pass
    return out


def tracefs():
    """Where tracefs is: its own mount, or the one under debugfs."""
    cands = _mount_of("tracefs") + ["/sys/kernel/tracing"] + \
        [d + "/tracing" for d in _mount_of("debugfs")] + \
        ["/sys/kernel/debug/tracing"]
    for d in cands:
        if os.path.isdir(os.path.join(d, "events")):
            return d
    return "/sys/kernel/tracing"


def debugfs():
    m = _mount_of("debugfs")
    return m[0] if m else "/sys/kernel/debug"


# -- /proc/kallsyms ---------------------------------------------------------

_ksyms = None     # (addresses, [(addr, name, module)], {name: addr})
_scanned = {}     # (KALLSYMS, name): address, found without loading _ksyms
_syscalls_scanned = set()   # KALLSYMS whose names under syscall prefixes are all in _scanned


def _code_sym(line):
    """(addr, name, module) of a kallsyms line naming a code symbol, or
    None: data symbols (b, d, r) are left out as BCC does."""
    p = line.split()
    if len(p) < 3 or p[1] in (b"b", b"B", b"d", b"D", b"r", b"R"):
        return None
    try:
        addr = int(p[0], 16)
    except ValueError:
        return None
    if addr == 0 or addr >= (1 << 64) - 1 or addr < _KERNEL_SPACE:
        return None
    mod = b"kernel"
    if len(p) > 3 and p[3].startswith(b"[") and p[3].endswith(b"]"):
        mod = p[3][1:-1]
    return (addr, p[2], mod)


def _load_ksyms():
    """Code symbols of /proc/kallsyms sorted by address (equal addresses in
    file order)."""
    global _ksyms
    if _ksyms is not None:
        return _ksyms
    syms = []
    try:
        with open(KALLSYMS, "rb") as f:
            for line in f:
                sym = _code_sym(line)
                if sym:
                    syms.append(sym)
    except OSError:
        pass
    syms.sort(key=lambda s: s[0])
    names = {}
    for (addr, name, _) in syms:
        names[name] = addr
    _ksyms = ([s[0] for s in syms], syms, names)
    return _ksyms


def ksym_resolve(addr):
    """(name, offset, module) of the kernel symbol at or below addr, or
    (None, addr, None) below the first one."""
    addrs, syms, _ = _load_ksyms()
    i = bisect.bisect_right(addrs, addr) - 1
    if i < 0:
        return None, addr, None
    a, name, mod = syms[i]
    return name, addr - a, mod


def format_sym(name, offset, module, show_module=False, show_offset=False):
    """b"name", b"name+0x1a" and b"name [module]" as BCC prints symbols;
    b"[unknown]" without a name."""
    out = name if name is not None else b"[unknown]"
    if show_offset and name is not None:
        out += b"+0x%x" % offset
    if show_module and module is not None:
        out += b" [%s]" % os.path.basename(module)
    return out


def ksym(addr, show_module=False, show_offset=False):
    """BPF.ksym(): a kernel address as b"func", b"func+0x1a" (show_offset),
    b"func [kernel]" or b"func [module]" (show_module)."""
    name, off, mod = ksym_resolve(addr)
    return format_sym(name, off, mod, show_module, show_offset)


def _ksym_pass(names, first_only=False, under=()):
    """{name: address, -1 if none} of names by one pass over kallsyms that
    parses only the lines naming one of them: what tools ask before they
    load (a syscall prefix, a feature test) costs no table of 120k symbols
    (~0.5 s and ~30 MiB here). The highest address of a name wins, as in
    _load_ksyms()'s table; with first_only the pass ends at the first line
    naming one of them (enough to know that one exists). With under (a
    tuple of prefixes that all contain b"sys_"), every name starting with
    one of them is found too."""
    found = dict.fromkeys(names, -1)
    # names with a common ending (one syscall under each prefix) share one
    # needle; bytes.find over the 5 MB is most of the pass's own time
    suffix = os.path.commonprefix([n[::-1] for n in names])[::-1]
    if under:
        needles = [b"sys_"]
    elif len(names) > 1 and len(suffix) >= 4:
        needles = [suffix]
    else:
        needles = [b" " + n for n in names]
    # one buffer for the whole pass, refilled in place: kallsyms comes a
    # page per read(), and a fresh 256 KiB object per chunk cost more
    # (allocation, page faults, copies) than reading the file
    buf = bytearray(1 << 18)
    view = memoryview(buf)
    have, eof = 0, False        # buf[:have] holds whole lines, then a partial one
    try:
        with open(KALLSYMS, "rb", buffering=0) as f:
            while not eof:
                while have < len(buf):
                    n = f.readinto(view[have:])
                    if not n:
                        eof = True
                        break
                    have += n
                end = buf.rfind(b"\n", 0, have) + 1
                if eof or end == 0:
                    end = have
                for needle in needles:
                    at = buf.find(needle, 0, end)
                    while at >= 0:
                        start = buf.rfind(b"\n", 0, at) + 1
                        stop = buf.find(b"\n", at, end)
                        stop = end if stop < 0 else stop
                        sym = _code_sym(bytes(buf[start:stop]))
                        if sym and (sym[1] in found or sym[1].startswith(under)) and \
                                sym[0] > found.get(sym[1], -1):
                            found[sym[1]] = sym[0]
                            if first_only:
                                return found
                        at = buf.find(needle, stop, end)
                buf[:have - end] = buf[end:have]
                have -= end
    except OSError:
        pass
    finally:
        view.release()
    return found


def _scan_ksymnames(names):
    """Looks names up by _ksym_pass() and keeps the answers."""
    names = [n for n in names if (KALLSYMS, n) not in _scanned]
    if names:
        for n, addr in _ksym_pass(names).items():
            _scanned[(KALLSYMS, n)] = addr


def ksymname(name):
    """BPF.ksymname(): the address of a kernel code symbol, -1 if unknown."""
    name = _b(name)
    if _ksyms is not None:
        return _ksyms[2].get(name, -1)
    if KALLSYMS in _syscalls_scanned and name.startswith(tuple(SYSCALL_PREFIXES)):
        return _scanned.get((KALLSYMS, name), -1)
    _scan_ksymnames([name])
    return _scanned[(KALLSYMS, name)]


# -- kprobe-able functions ----------------------------------------------------

_COLD = re.compile(rb"^.*\.cold(\.\d+)?$")


def _attachable_name(fn):
    """False for names BCC never offers: NOKPROBE markers, perf internals,
    static-call trampolines, gcc's .cold parts."""
    return not (fn.startswith((b"_kbl_addr_", b"__perf", b"perf_", b"__SCT__"))
                or _COLD.match(fn))


def _kallsyms_text():
    """Text symbols of kallsyms outside the init and irqentry sections."""
    out = []
    in_init = in_irq = 0
    try:
        f = open(KALLSYMS, "rb")
    except OSError:
        return out
    with f:
        for line in f:
            p = line.split()
            if len(p) < 3:
                continue
            t, fn = p[1], p[2]
            if in_init == 0 and fn == b"__init_begin":
                in_init = 1
                continue
            if in_init == 1:
                in_init = 2 if fn == b"__init_end" else 1
                continue
            if in_irq == 0 and fn in (b"__irqentry_text_start",
                                      b"__irqentry_text_end"):
                in_irq = 1 if fn == b"__irqentry_text_start" else 2
                continue
            if in_irq == 1:
                in_irq = 2 if fn == b"__irqentry_text_end" else 1
                continue
            if t in (b"t", b"T", b"w", b"W"):
                out.append(fn)
    return out


def _filter_functions():
    """Names in tracefs' available_filter_functions, or None if unreadable."""
    try:
        with open(os.path.join(tracefs(), "available_filter_functions"),
                  "rb") as f:
            return [line.split()[0] for line in f if line.strip()]
    except OSError:
        return None


def _kprobe_blacklist():
    try:
        with open(os.path.join(debugfs(), "kprobes", "blacklist"), "rb") as f:
            return {p[1] for p in (line.split() for line in f) if len(p) > 1}
    except OSError:
        return set()


def get_kprobe_functions(event_re):
    """BPF.get_kprobe_functions(): the set of kernel function names (bytes)
    matching event_re (re.match) that a kprobe could name. From
    available_filter_functions when readable, else kallsyms text symbols;
    minus the kprobe blacklist when debugfs has one."""
    rx = re.compile(_b(event_re))
    names = _filter_functions()
    if names is None:
        names = _kallsyms_text()
    black = _kprobe_blacklist()
    return {fn for fn in names
            if _attachable_name(fn) and rx.match(fn) and fn not in black}


# -- syscalls -------------------------------------------------------------------

def get_syscall_prefix():
    """The prefix of this kernel's syscall entry functions (b"__x64_sys_"
    on x86_64 since 4.17): the first one under which "bpf" exists."""
    if _ksyms is None and KALLSYMS not in _syscalls_scanned:
        # one pass that keeps every name under a syscall prefix (2.7k lines
        # here): the entry points tools then look up (opensnoop's openat2)
        # cost no pass of their own
        under = tuple(SYSCALL_PREFIXES)
        for n, addr in _ksym_pass([p + b"bpf" for p in under], under=under).items():
            _scanned[(KALLSYMS, n)] = addr
        _syscalls_scanned.add(KALLSYMS)
    for prefix in SYSCALL_PREFIXES:
        if ksymname(prefix + b"bpf") != -1:
            return prefix
    return SYSCALL_PREFIXES[0]


def get_syscall_fnname(name):
    """b"execve" -> b"__x64_sys_execve" (the running kernel's prefix)."""
    return get_syscall_prefix() + _b(name)


def fix_syscall_fnname(name):
    """A syscall function name with any known prefix -> this kernel's."""
    name = _b(name)
    for prefix in SYSCALL_PREFIXES:
        if name.startswith(prefix):
            return get_syscall_fnname(name[len(prefix):])
    return name


# -- tracepoints ------------------------------------------------------------------

def tracepoint_exists(category, event):
    """True when tracefs has events/<category>/<event>."""
    return os.path.isdir(os.path.join(tracefs(), "events",
                                      os.fsdecode(category), os.fsdecode(event)))


def get_tracepoints(tp_re):
    """["category:event", ...] (str) of the tracepoints matching tp_re."""
    rx = re.compile(os.fsdecode(tp_re))
    events = os.path.join(tracefs(), "events")
    out = []
    try:
        cats = os.listdir(events)
    except OSError:
        return out
    for cat in cats:
        d = os.path.join(events, cat)
        if not os.path.isdir(d):
            continue
        for ev in os.listdir(d):
            tp = "%s:%s" % (cat, ev)
            if os.path.isdir(os.path.join(d, ev)) and rx.match(tp):
                out.append(tp)
    return out


def support_raw_tracepoint():
    names = (b"bpf_find_raw_tracepoint", b"bpf_get_raw_tracepoint")
    if _ksyms is None and any((KALLSYMS, n) not in _scanned for n in names):
        # only whether one exists: the pass ends at the first (a fifth of
        # kallsyms here)
        return any(a != -1 for a in _ksym_pass(names, first_only=True).values())
    return ksymname(names[0]) != -1 or ksymname(names[1]) != -1


def support_raw_tracepoint_in_module():
    """bpf_trace_modules (any kind of symbol) marks raw tracepoints in
    modules."""
    try:
        with open(KALLSYMS, "rb") as f:
            for line in f:
                p = line.split()
                if len(p) > 2 and p[2] == b"bpf_trace_modules":
                    return True
    except OSError:
        pass
    return False


def has_kernel_btf(path="/sys/kernel/btf/vmlinux"):
    """The kernel has its own BTF: a readable file that starts with BTF's
    magic (what libbpf then parses where a program needs it)."""
    try:
        with open(path, "rb") as f:
            return f.read(2) == b"\x9f\xeb"
    except OSError:
        return False


def support_kfunc():
    """What the kernel claims (BTF trampolines on x86_64); whether fentry
    really attaches is decided at attach time."""
    return platform.machine() == "x86_64" and has_kernel_btf() and \
        ksymname(b"bpf_trampoline_link_prog") != -1


def support_lsm():
    return has_kernel_btf() and ksymname(b"bpf_lsm_bpf") != -1


def kernel_struct_has_field(struct_name, field_name):
    """1, 0, or -1 (no kernel BTF or no such struct), as BCC returns; the
    library remembers the answer per kernel (one parse of its BTF, ever)."""
    from . import _native as N
    d = os.environ.get("BCC2CORE_CACHE_DIR")
    return N.lib.bcc2core_kernel__struct_has_field(_b(struct_name), _b(field_name),
                                                   d.encode() if d else None)
