#!/usr/bin/python3
"""One program on several syscalls, as statsnoop attaches stat_entry (and
trace_return) to stat and newstat. x86_64 has no syscall tracepoint for
stat (its table entry is newstat): where the kernel has no kprobes
bcc2core runs the programs' syscall tracepoint forms on newstat's
tracepoints, and a process's stat() calls are seen there. An object whose
every syscall lacks a tracepoint still fails, saying nothing could attach."""
import json
import os
import subprocess
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.path.join(os.path.dirname(__file__), "progs", "stat_also.bcc.c")
TRACEFS = "/sys/kernel/tracing/events/syscalls"
CALLS = 3


def build(tmp, name, specs):
    obj = os.path.join(tmp, name)
    cmd = [BCC2CORE, "build", SRC, "-o", obj]
    for spec in specs:
        cmd += ["--attach", spec]
    subprocess.run(cmd, check=True)
    return obj


require_root()
if os.uname().machine != "x86_64":
    print("SKIP: stat is syscall 4 and newstat's table entry on x86_64 only")
    raise SystemExit(77)
kprobes = os.path.exists("/sys/bus/event_source/devices/kprobe/type")
stat_tp = os.path.exists(f"{TRACEFS}/sys_enter_stat")
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = build(tmp, "both.bpf.o", ["ksyscall:stat=on_stat", "ksyscall:newstat=on_stat",
                                    "kretsyscall:stat=on_ret", "kretsyscall:newstat=on_ret"])
    target = os.path.join(tmp, "target")
    open(target, "w").close()
    pidfile = os.path.join(tmp, "pid")
    # glibc's stat() is newfstatat or statx: the raw syscall 4
    script = (f"import ctypes, os\n"
              f"open({pidfile!r}, 'w').write(str(os.getpid()))\n"
              f"buf = ctypes.create_string_buffer(256)\n"
              f"libc = ctypes.CDLL(None, use_errno=True)\n"
              f"for _ in range({CALLS}):\n"
              f"    assert libc.syscall(4, {target.encode()!r}, buf) == 0\n")
    res = subprocess.run([BCC2CORE, "-v", "run", "--json", obj, "--", "python3", "-c", script],
                         capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        fail(f"run exited {res.returncode}: {res.stderr}")
    pid = int(open(pidfile).read())
    recs = [json.loads(l) for l in res.stdout.splitlines()]
    seen = [r["data"]["fname"] for r in recs
            if r["type"] == "event" and r["name"] == "events" and r["data"]["pid"] == pid]
    if seen != [target] * CALLS:
        fail(f"on_stat events of pid {pid}: {seen}, expected {CALLS} of {target}\n{res.stderr}")
    maps = {r["name"]: r for r in recs if r["type"] == "map"}
    rets = {e["key"]: e["value"] for e in maps["returns"]["entries"]}
    if rets.get(pid) != CALLS:
        fail(f"on_ret returns of pid {pid}: {rets.get(pid)}, expected {CALLS}\n{res.stderr}")
    if not kprobes:
        for want in ["on_stat: on_stat__tp (tracepoint/syscalls/sys_enter_stat)",
                     "on_stat__tp: attached to ksyscall/newstat",
                     "on_ret__tp: attached to kretsyscall/newstat"] + \
                ([] if stat_tp else ["on_stat__tp: skipping syscalls/sys_enter_stat: syscall "
                                     "stat has no tracepoint on this kernel"]):
            if want not in res.stderr:
                fail(f"run -v did not say '{want}':\n{res.stderr}")

    # stat alone: no tracepoint form where stat has no tracepoint, and
    # without kprobes nothing attaches
    if not kprobes and not stat_tp:
        obj = build(tmp, "stat.bpf.o", ["ksyscall:stat=on_stat", "kretsyscall:stat=on_ret"])
        res = subprocess.run([BCC2CORE, "run", "--json", obj, "--", "true"],
                             capture_output=True, text=True, timeout=60)
        if res.returncode == 0 or "No program could attach" not in res.stderr:
            fail(f"stat alone: exit {res.returncode}, expected a failure saying nothing "
                 f"could attach:\n{res.stderr}")
    print(f"PASS: pid {pid}'s {CALLS} stat() calls seen by on_stat and on_ret"
          + ("" if kprobes else " on newstat's tracepoints"))
