#!/usr/bin/python3
"""Run a BCC program with real BCC the way a BCC tool would, run a command,
and print what happened as JSON Lines in `bcc2core run --json`'s shape.

usage: bcc_driver.py PROG.bcc.c -- CMD [ARG...]

* `BPF(text=...)` compiles the program against the running kernel's headers
  and auto-attaches kprobe__/kretprobe__/tracepoint__/kfunc__/kretfunc__/
  lsm__ functions; every `syscall__NAME` function is attached as BCC tools
  do: `attach_kprobe(event=get_syscall_fnname("NAME"), fn_name=...)`.
* BPF_PERF_OUTPUT / BPF_RINGBUF_OUTPUT events are decoded with
  `table.event()`, bpf_trace_printk lines read from trace_pipe, and every
  other table dumped at the end:
    {"type":"event","name":..,"data":{..}}  {"type":"printk","text":..}
    {"type":"map","name":..,"kind":..,"entries":[{"key":..,"value":..}]}
* stderr: `bcc: attached KIND TARGET` lines (what ran where), timings.
* Exit status: CMD's; 3 when BCC cannot compile, load or attach the program
  (a `{"type":"error","stage":..,"text":..}` record says why).
"""
import ctypes as ct
import errno
import json
import os
import re
import subprocess
import sys
import time

MAP_KINDS = {1: "hash", 2: "array", 5: "percpu_hash", 6: "percpu_array", 9: "lru_hash",
             10: "lru_percpu_hash"}
TABLE_MACROS = r"BPF_(?:HASH|ARRAY|HISTOGRAM|PERCPU_ARRAY|PERCPU_HASH|LRU_HASH|TABLE)"


def emit(rec):
    sys.stdout.write(json.dumps(rec, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def die(stage, err):
    text = f"{type(err).__name__}: {err}".replace("\n", " ")
    emit({"type": "error", "stage": stage, "text": text})
    print(f"bcc_driver: {stage}: {text}", file=sys.stderr)
    sys.exit(3)


def conv(v):
    """a ctypes value as JSON, as bcc2core renders BTF values"""
    if isinstance(v, (ct.Structure, ct.Union)):
        return {f[0]: conv(getattr(v, f[0])) for f in v._fields_}
    if isinstance(v, ct.Array):
        if v._type_ is ct.c_char:
            return v.value.decode(errors="replace")
        return [conv(x) for x in v]
    if isinstance(v, bytes):
        return v.split(b"\0", 1)[0].decode(errors="replace")
    if hasattr(v, "value"):
        return v.value
    return v


def tracefs():
    for d in ("/sys/kernel/tracing", "/sys/kernel/debug/tracing"):
        if os.path.exists(d + "/trace_pipe"):
            return d
    return None


class TracePipe:
    """bpf_trace_printk lines, read without blocking"""

    def __init__(self):
        d = tracefs()
        self.fd = os.open(d + "/trace_pipe", os.O_RDONLY | os.O_NONBLOCK) if d else None
        self.buf = b""
        self.read()     # drain what earlier programs left
        self.buf = b""

    def read(self):
        if self.fd is None:
            return
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError as e:
                if e.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
                    return
                raise
            if not chunk:
                return
            self.buf += chunk

    def lines(self):
        self.read()
        out = []
        for line in self.buf.decode(errors="replace").splitlines():
            m = re.search(r"bpf_trace_printk: (.*)$", line)
            if m:
                out.append(m.group(1))
        return out


def main():
    argv = sys.argv[1:]
    if "--" not in argv or argv.index("--") != 1 or len(argv) < 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(2)
    src, cmd = argv[0], argv[2:]
    text = open(src).read()

    from bcc import BPF   # noqa: E402 (usage errors first)

    t0 = time.monotonic()
    try:
        b = BPF(text=text)
    except Exception as e:  # noqa: BLE001 (BCC raises plain Exception)
        die("load", e)
    t_load = time.monotonic() - t0

    syscall_events = set()
    try:
        for fn in re.findall(r"^\s*int\s+(syscall__\w+)\s*\(", text, re.M):
            event = b.get_syscall_fnname(fn[len("syscall__"):]).decode()
            b.attach_kprobe(event=event, fn_name=fn)
            syscall_events.add(event)
            print(f"bcc: attached kprobe {event} ({fn}, attach_kprobe)", file=sys.stderr)
    except Exception as e:  # noqa: BLE001
        die("attach", e)

    for kind, attr in (("kprobe", "kprobe_fds"), ("tracepoint", "tracepoint_fds"),
                       ("raw_tracepoint", "raw_tracepoint_fds"),
                       ("fentry", "kfunc_entry_fds"), ("fexit", "kfunc_exit_fds"),
                       ("lsm", "lsm_fds")):
        for name in sorted(getattr(b, attr, {}) or {}):
            if isinstance(name, bytes):
                name = name.decode()
            if kind == "kprobe" and re.sub(r"^[pr]_", "", name) in syscall_events:
                continue   # attached above
            print(f"bcc: attached {kind} {name}", file=sys.stderr)
    print(f"bcc: compiled and attached in {t_load:.1f}s", file=sys.stderr)

    events = []

    def collector(name):
        def cb(*args):
            data = args[1]   # perf: (cpu, data, size); ring: (ctx, data, size)
            events.append({"type": "event", "name": name, "data": conv(b[name].event(data))})
        return cb

    perf = re.findall(r"BPF_PERF_OUTPUT\s*\(\s*(\w+)\s*\)", text)
    rings = re.findall(r"BPF_RINGBUF_OUTPUT\s*\(\s*(\w+)\s*,", text)
    for name in perf:
        b[name].open_perf_buffer(collector(name))
    for name in rings:
        b[name].open_ring_buffer(collector(name))
    tp = TracePipe()

    t0 = time.monotonic()
    rc = subprocess.run(cmd, stdin=subprocess.DEVNULL).returncode
    print(f"bcc: command exited {rc} after {time.monotonic() - t0:.1f}s", file=sys.stderr)

    for _ in range(3):
        if perf:
            b.perf_buffer_poll(timeout=100)
        if rings:
            b.ring_buffer_poll(timeout=100)
    for e in sorted(events, key=lambda e: e["name"] != perf[0] if perf else 0):
        emit(e)
    time.sleep(0.1)
    for line in tp.lines():
        emit({"type": "printk", "text": line})

    for name in re.findall(TABLE_MACROS + r"\s*\(\s*(\w+)", text):
        t = b.get_table(name)
        kind = MAP_KINDS.get(getattr(t, "ttype", None), str(getattr(t, "ttype", "?")))
        ents = [{"key": conv(k), "value": conv(v)} for k, v in t.items()]
        if kind.endswith("array"):
            ents.sort(key=lambda e: e["key"])
        emit({"type": "map", "name": name, "kind": kind, "entries": ents})
    sys.exit(rc)


if __name__ == "__main__":
    main()
