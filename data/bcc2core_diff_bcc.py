#!/usr/bin/python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""BCC's side of `bcc2core diff`: loads a BCC program under real BCC
(python3-bpfcc), attaches it as `bcc2core run` would attach the converted
object, says it is ready on --ready-fd (a byte "R"), empties its tables and
drops the events so far on SIGUSR1 (a byte "C"), detaches everything on
SIGTERM/SIGINT (a byte "S": diff then stops bcc2core's side), then prints
what it saw as JSON Lines in `bcc2core run --json`'s shapes (map, event, lost),
values decoded through BCC's own Key/Leaf and event types. A failure is one
{"type":"error","stage":"compile"|"attach"|"run","message":...} line, exit 3.

Usage: bcc2core_diff_bcc.py --ready-fd N [--cflag F]... [--attach SPEC]... PROG
"""
import argparse
import ctypes as ct
import json
import os
import signal
import subprocess
import sys
import select

# map type numbers (linux/bpf.h) dumped at the end, with run's kind names
KINDS = {1: "hash", 2: "array", 5: "percpu_hash", 6: "percpu_array", 9: "lru_hash",
         10: "lru_percpu_hash", 11: "lpm_trie", 22: "queue", 23: "stack",
         8: "cgroup_array", 14: "devmap", 16: "cpumap"}
PERF_EVENT_ARRAY, RINGBUF = 4, 27

stop = False
clear = False


def out(rec):
    sys.stdout.write(json.dumps(rec, separators=(",", ":")) + "\n")


def fail(stage, msg):
    out({"type": "error", "stage": stage, "message": str(msg).strip()})
    sys.stdout.flush()
    sys.exit(3)


def as_json(v):
    """A ctypes value as run --json renders the same BTF type."""
    if isinstance(v, (ct.Structure, ct.Union)):
        d = {}
        anon = set(getattr(v, "_anonymous_", ()))
        for f in v._fields_:
            name = f[0]
            x = as_json(getattr(v, name))
            if name in anon and isinstance(x, dict):
                d.update(x)	# run shows an anonymous member's fields in place
            else:
                d[name] = x
        return d
    if isinstance(v, ct.Array):
        if v._type_ in (ct.c_char, ct.c_byte, ct.c_ubyte):
            # run prints char arrays as strings up to the first NUL
            raw = bytes(ct.string_at(ct.addressof(v), ct.sizeof(v)))
            return raw.split(b"\0", 1)[0].decode("latin-1")
        return [as_json(x) for x in v]
    if isinstance(v, bytes):	# a c_char array field, already cut at NUL
        return v.decode("latin-1")
    if isinstance(v, ct._SimpleCData):
        return as_json(v.value)
    if v is None:	# c_void_p 0
        return 0
    return v


def library_path(name):
    """A soname (libc.so.6, what bcc2core's specs name) as the path BCC
    needs: BCC looks a bare name up as lib<name>.so ("c"), not as a soname."""
    if "/" in name:
        return name
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True,
                             env={"PATH": "/sbin:/usr/sbin:/bin:/usr/bin"}).stdout
    except OSError:
        return name
    for line in out.splitlines():
        left, _, right = line.strip().partition(" => ")
        if right and left.split(" ")[0] == name and ("x86-64" in left or "64" in left):
            return right.strip()
    return name


def fix_uprobe_prototype():
    """BCC 0.26's Python declares and calls libbcc's bpf_attach_uprobe() with
    six arguments; the C function takes a seventh, ref_ctr_offset (the file
    offset of a USDT semaphore the kernel counts), which is then whatever
    the stack holds (6 on this host's runs). The kernel refuses a second
    uprobe on the same function with another ref_ctr_offset (EINVAL; dmesg
    "ref_ctr_offset mismatch"), so bcc2core's side could not attach its
    uprobe beside BCC's. Here the seventh argument is 0, what BCC's Python
    means (a plain uprobe, no semaphore)."""
    from bcc.libbcc import lib
    if len(lib.bpf_attach_uprobe.argtypes or ()) != 6:
        return
    full = lib["bpf_attach_uprobe"]	# a function object of its own
    full.restype = ct.c_int
    full.argtypes = list(lib.bpf_attach_uprobe.argtypes) + [ct.c_uint32]

    def attach_uprobe(*args):
        return full(*args, 0) if len(args) == 6 else full(*args)
    lib.bpf_attach_uprobe = attach_uprobe


def attach(b, spec):
    """--attach KIND:TARGET=PROG as the BCC call a tool would make."""
    kind, rest = spec.split(":", 1)
    target, prog = rest.rsplit("=", 1)
    if kind == "kprobe":
        b.attach_kprobe(event=target, fn_name=prog)
    elif kind == "kretprobe":
        b.attach_kretprobe(event=target, fn_name=prog)
    elif kind == "ksyscall":
        b.attach_kprobe(event=b.get_syscall_fnname(target), fn_name=prog)
    elif kind == "kretsyscall":
        b.attach_kretprobe(event=b.get_syscall_fnname(target), fn_name=prog)
    elif kind == "tracepoint":
        b.attach_tracepoint(tp=target, fn_name=prog)
    elif kind == "raw_tracepoint":
        b.attach_raw_tracepoint(tp=target, fn_name=prog)
    elif kind in ("uprobe", "uretprobe"):
        path, sym = target.rsplit(":", 1)
        path = library_path(path)
        f = b.attach_uprobe if kind == "uprobe" else b.attach_uretprobe
        f(name=path, sym=sym, fn_name=prog)
    else:
        raise Exception(f"--attach {kind}: not supported by diff's BCC side yet")


def table_names(b):
    from bcc.libbcc import lib
    lib.bpf_num_tables.restype = ct.c_ulonglong
    lib.bpf_num_tables.argtypes = [ct.c_void_p]
    lib.bpf_table_name.restype = ct.c_char_p
    lib.bpf_table_name.argtypes = [ct.c_void_p, ct.c_ulonglong]
    return [lib.bpf_table_name(b.module, i).decode() for i in range(lib.bpf_num_tables(b.module))]


def open_buffers(b, names, events):
    """Opens every perf and ring buffer; decoded records go to @events."""
    polls = set()
    for name in names:
        t = b.get_table(name)
        if t.ttype not in (PERF_EVENT_ARRAY, RINGBUF):
            continue

        def decode(data, size, cpu=None, t=t, name=name):
            try:
                rec = as_json(t.event(data))
            except (SystemExit, Exception):	# no type BCC could work out
                rec = ct.string_at(data, size).hex()
            ev = {"type": "event", "name": name, "data": rec}
            if cpu is not None:	# a perf buffer's: diff compares each CPU's in order
                ev["cpu"] = cpu
            events.append(ev)

        if t.ttype == PERF_EVENT_ARRAY:
            def lost(cnt, name=name):
                events.append({"type": "lost", "name": name, "count": cnt})
            t.open_perf_buffer(lambda cpu, data, size, d=decode: d(data, size, cpu),
                               lost_cb=lost, page_cnt=64)
            polls.add("perf")
        else:
            t.open_ring_buffer(lambda ctx, data, size, d=decode: d(data, size))
            polls.add("ring")
    return polls


def detach_all(b):
    """Every probe off; the tables stay readable."""
    for ev in list(b.kprobe_fds):
        b.detach_kprobe_event(ev)
    for ev in list(b.uprobe_fds):
        b.detach_uprobe_event(ev)
    for tp in list(b.tracepoint_fds):
        b.detach_tracepoint(tp)
    for tp in list(b.raw_tracepoint_fds):
        b.detach_raw_tracepoint(tp)
    for fn in list(b.kfunc_entry_fds):
        b.detach_kfunc(fn)
    for fn in list(b.kfunc_exit_fds):
        b.detach_kretfunc(fn)


def drain(b, polls):
    for _ in range(3):
        if "perf" in polls:
            b.perf_buffer_poll(timeout=0)
        if "ring" in polls:
            b.ring_buffer_consume()


def clear_tables(b, names):
    """Hashes emptied, arrays zeroed, as run's SIGUSR1 does."""
    for name in names:
        t = b.get_table(name)
        if t.ttype in KINDS and t.ttype not in (22, 23):
            t.clear()


def dump_maps(b, names):
    for name in names:
        t = b.get_table(name)
        kind = KINDS.get(t.ttype)
        if not kind:
            continue
        entries = []
        if kind in ("queue", "stack"):
            for v in t.values():
                entries.append({"value": as_json(v)})
        else:
            for k, v in t.items():
                entries.append({"key": as_json(k), "value": as_json(v)})
        out({"type": "map", "name": name, "kind": kind, "entries": entries})


def main():
    global stop, clear
    ap = argparse.ArgumentParser()
    ap.add_argument("--ready-fd", type=int, required=True)
    ap.add_argument("--cflag", action="append", default=[])
    ap.add_argument("--attach", action="append", default=[])
    ap.add_argument("prog")
    a = ap.parse_args()

    def on_signal(sig, frame):
        global stop, clear
        if sig == signal.SIGUSR1:
            clear = True
        else:
            stop = True
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1):
        signal.signal(s, on_signal)
    try:
        from bcc import BPF
    except ImportError as e:
        fail("compile", f"cannot import BCC (python3-bpfcc): {e}")
    fix_uprobe_prototype()
    with open(a.prog) as f:
        text = f.read()
    try:
        b = BPF(text=text, cflags=a.cflag)
    except Exception as e:
        # compile errors and auto-attach failures both raise from BPF()
        fail("compile" if "compile" in str(e).lower() else "attach", e)
    try:
        for spec in a.attach:
            attach(b, spec)
        if b.num_open_kprobes() + b.num_open_tracepoints() + b.num_open_uprobes() + \
                len(b.raw_tracepoint_fds) + len(getattr(b, "kfunc_entry_fds", {})) + \
                len(getattr(b, "kfunc_exit_fds", {})) == 0:
            raise Exception("nothing attached: the program has no auto-attach name "
                            "and no --attach")
        names = table_names(b)
        events = []
        polls = open_buffers(b, names, events)
    except Exception as e:
        fail("attach", e)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    os.write(a.ready_fd, b"R")
    while not stop:
        if clear:
            clear = False
            drain(b, polls)
            del events[:]
            clear_tables(b, names)
            os.write(a.ready_fd, b"C")
        if "perf" in polls:
            b.perf_buffer_poll(timeout=100)
        if "ring" in polls:
            b.ring_buffer_poll(timeout=100)
        if not polls:
            # a signal's byte on the wakeup pipe ends the wait at once
            if select.select([wake_r], [], [], 0.1)[0]:
                os.read(wake_r, 64)
    # stop counting first (run --ready-fd does the same), then read: both
    # sides' results end at the stop signal, not at their slower reads
    detach_all(b)
    os.write(a.ready_fd, b"S")
    drain(b, polls)	# what the programs wrote before the stop
    for rec in events:
        out(rec)
    dump_maps(b, names)
    sys.stdout.flush()
    b.cleanup()


if __name__ == "__main__":
    main()
