#!/usr/bin/python3
"""Ingestion of an unmodified BCC Python tool, for `bcc2core port`.

    bcc2core_port.py OUTDIR TOOL [ARG]...

Runs TOOL with its arguments as BCC would, except that BPF() compiles and
loads nothing: the final program text (after the tool's substitutions), its
cflags, and every attach_*() / USDT enable_probe() call are recorded. When the
tool starts reading results (tables, buffers, trace_pipe), OUTDIR/prog.bcc.c
and OUTDIR/prog.args (one bcc2core flag per line) are written and the tool
ends. Syscall probes are recorded as ksyscall/kretsyscall specs and
BPF.support_kfunc() answers False, so the program takes its kprobe forms,
which bcc2core runs on whatever the target kernel allows.
"""
import os
import sys

# BCC's own package records the tool, never bcc2core's drop-in one (a
# PYTHONPATH left pointing at it)
sys.path = [p for p in sys.path
            if not os.path.exists(os.path.join(p or ".", "bcc", "_native.py"))]
import bcc  # noqa: E402
from bcc import BPF  # noqa: E402

OUT = None
REC = {"text": None, "cflags": [], "args": [], "notes": []}
PREFIXES = [p.decode() for p in BPF._syscall_prefixes]


def s(v):
    return v.decode() if isinstance(v, bytes) else v


def finish(why):
    if REC["text"] is None:
        sys.stderr.write("bcc2core port: the tool ended (%s) before calling BPF()\n" % why)
        os._exit(1)
    with open(os.path.join(OUT, "prog.bcc.c"), "w") as f:
        f.write(REC["text"].strip("\n") + "\n")
    # exactly what BPF() got, the object cache's key
    with open(os.path.join(OUT, "prog.text"), "wb") as f:
        f.write(REC["text"].encode())
    with open(os.path.join(OUT, "prog.cflags"), "wb") as f:
        f.write(b"".join(c.encode() + b"\0" for c in REC["cflags"]))
    with open(os.path.join(OUT, "prog.args"), "w") as f:
        for a in REC["args"]:
            f.write(a + "\n")
    for n in REC["notes"]:
        sys.stderr.write("bcc2core port: note: %s\n" % n)
    sys.stdout.flush()
    os._exit(0)


def add(arg):
    if arg not in REC["args"]:
        REC["args"].append(arg)


def syscall_of(event):
    for p in PREFIXES:
        if event.startswith(p) and len(event) > len(p):
            return event[len(p):]
    return None


def kprobe_targets(event, event_re):
    if event_re:
        m = [s(x) for x in BPF.get_kprobe_functions(_b(event_re))]
        if not m:
            REC["notes"].append("no function matches %s here: recorded nothing" % s(event_re))
        return m[:1] if m else []
    return [s(event)]


def _b(v):
    return v.encode() if isinstance(v, str) else v


def init(self, src_file=b"", hdr_file=b"", text=None, debug=0, cflags=[], usdt_contexts=[],
         allow_rlimit=True, device=None, attach_usdt_ignore_pid=False):
    if text is None and src_file:
        with open(s(src_file)) as f:
            text = f.read()
    REC["text"] = s(text)
    REC["cflags"] = [s(c) for c in cflags]
    for c in cflags:
        c = s(c)
        if c.startswith("-D") or c.startswith("-I"):
            add("%s %s" % (c[:2], c[2:]) if len(c) > 2 else c)
        else:
            REC["notes"].append("cflag %s not carried over" % c)
    for u in usdt_contexts:
        for probe, fn in getattr(u, "_bcc2core_probes", []):
            where = getattr(u, "path", None)
            if not where and getattr(u, "pid", None):
                where = os.readlink("/proc/%d/exe" % u.pid)
            if where:
                prov, _, name = probe.rpartition(":")
                add("--attach usdt:%s:%s:%s=%s" % (where, prov or "*", name, fn))
            else:
                REC["notes"].append("USDT probe %s: no binary path to record" % probe)
    self._bcc2core_attached = 0
    self.tables, self.funcs = {}, {}
    self.kprobe_fds = self.uprobe_fds = self.tracepoint_fds = self.raw_tracepoint_fds = {}
    self.perf_buffers, self._ringbuf_manager = {}, None


def attach_kprobe(self, event=b"", event_off=0, fn_name=b"", event_re=b"", ret=False):
    for ev in kprobe_targets(event, event_re):
        sc = syscall_of(ev)
        if sc:
            add("--attach %s:%s=%s" % ("kretsyscall" if ret else "ksyscall", sc, s(fn_name)))
        else:
            add("--attach %s:%s=%s" % ("kretprobe" if ret else "kprobe", ev, s(fn_name)))
        self._bcc2core_attached += 1


def attach_kretprobe(self, event=b"", fn_name=b"", event_re=b"", maxactive=0):
    attach_kprobe(self, event=event, fn_name=fn_name, event_re=event_re, ret=True)


def attach_tracepoint(self, tp=b"", tp_re=b"", fn_name=b""):
    if tp_re:
        REC["notes"].append("tracepoint regex %s not recorded" % s(tp_re))
        return
    add("--attach tracepoint:%s=%s" % (s(tp), s(fn_name)))
    self._bcc2core_attached += 1


def attach_raw_tracepoint(self, tp=b"", fn_name=b""):
    add("--attach raw_tracepoint:%s=%s" % (s(tp), s(fn_name)))
    self._bcc2core_attached += 1


def attach_uprobe(self, name=b"", sym=b"", sym_re=b"", addr=None, fn_name=b"", pid=-1,
                  sym_off=0, ret=False):
    path = s(BPF.find_library(_b(name)) or BPF.find_exe(_b(name)) or name)
    if sym_re or not sym:
        REC["notes"].append("uprobe on %s by regex or address not recorded" % path)
        return
    add("--attach %s:%s:%s=%s" % ("uretprobe" if ret else "uprobe", path, s(sym), s(fn_name)))
    self._bcc2core_attached += 1


def attach_uretprobe(self, name=b"", sym=b"", sym_re=b"", addr=None, fn_name=b"", pid=-1):
    attach_uprobe(self, name=name, sym=sym, sym_re=sym_re, addr=addr, fn_name=fn_name,
                  pid=pid, ret=True)


def unsupported(what):
    def f(self, *a, **k):
        REC["notes"].append("%s not recorded: attach it by hand" % what)
    return f


def num_open(self):
    return self._bcc2core_attached


class Function:
    def __init__(self, name):
        self.name = _b(name)
        self.fd = -1


def load_func(self, func_name, prog_type, device=None, attach_type=-1):
    return Function(func_name)


def enable_probe(self, probe, fn_name):
    self.__dict__.setdefault("_bcc2core_probes", []).append((probe, fn_name))


def start_reading(what):
    def f(self, *a, **k):
        finish(what)
    return f


def main():
    global OUT
    if len(sys.argv) < 3:
        sys.exit("usage: bcc2core_port.py OUTDIR TOOL [ARG]...")
    OUT, tool = sys.argv[1], sys.argv[2]
    BPF.__init__ = init
    BPF.__del__ = lambda self: None
    BPF.cleanup = lambda self: None
    BPF.attach_kprobe = attach_kprobe
    BPF.attach_kretprobe = attach_kretprobe
    BPF.attach_tracepoint = attach_tracepoint
    BPF.attach_raw_tracepoint = attach_raw_tracepoint
    BPF.attach_uprobe = attach_uprobe
    BPF.attach_uretprobe = attach_uretprobe
    BPF.attach_perf_event = unsupported("attach_perf_event")
    BPF.attach_kfunc = unsupported("attach_kfunc")
    BPF.attach_lsm = unsupported("attach_lsm")
    BPF.attach_xdp = staticmethod(unsupported("attach_xdp"))
    BPF.load_func = load_func
    BPF.num_open_kprobes = BPF.num_open_uprobes = BPF.num_open_tracepoints = num_open
    BPF.support_kfunc = staticmethod(lambda: False)
    BPF.support_lsm = staticmethod(lambda: False)
    for m in ("__getitem__", "get_table", "perf_buffer_poll", "ring_buffer_poll",
              "ring_buffer_consume", "perf_buffer_consume", "trace_print", "trace_readline",
              "trace_fields", "kprobe_poll", "__iter__", "__len__", "__contains__"):
        setattr(BPF, m, start_reading(m))
    bcc.USDT.enable_probe = enable_probe
    sys.argv = [tool] + sys.argv[3:]
    import runpy
    try:
        runpy.run_path(tool, run_name="__main__")
    except SystemExit:
        pass
    finish("it returned")


if __name__ == "__main__":
    main()
