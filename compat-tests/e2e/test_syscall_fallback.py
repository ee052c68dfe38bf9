#!/usr/bin/python3
"""A BCC syscall kprobe (syscall__unlinkat) counts a known `rm`. Where the
kernel has no kprobes (this machine) bcc2core runs it on the
syscalls:sys_enter_unlinkat tracepoint; `run -v` says which form ran."""
import json
import os
import subprocess
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.path.join(os.path.dirname(__file__), "progs", "unlinkat_count.bcc.c")


require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "prog.bpf.o")
    subprocess.run([BCC2CORE, "build", SRC, "-o", obj], check=True)
    files = [os.path.join(tmp, f"victim{i}") for i in range(3)]
    pidfile = os.path.join(tmp, "pid")
    script = f'touch {" ".join(files)}; echo $$ > {pidfile}; exec rm {" ".join(files)}'
    res = subprocess.run([BCC2CORE, "-v", "run", "--json", obj, "--", "sh", "-c", script],
                         capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        fail(f"run exited {res.returncode}: {res.stderr}")
    rm_pid = int(open(pidfile).read())
    maps = {r["name"]: r for r in map(json.loads, res.stdout.splitlines()) if r["type"] == "map"}
    counts = {e["key"]: e["value"] for e in maps["counts"]["entries"]}
    names = {e["key"]: e["value"]["name"] for e in maps["last_name"]["entries"]}
    if counts.get(rm_pid) != 3:
        fail(f"rm (pid {rm_pid}) unlinkat count {counts.get(rm_pid)}, expected 3; {counts}")
    if names.get(rm_pid) != files[-1]:
        fail(f"last path {names.get(rm_pid)!r}, expected {files[-1]!r}")
    kprobes = os.path.exists("/sys/bus/event_source/devices/kprobe/type")
    want = "syscall__unlinkat: syscall__unlinkat (ksyscall/unlinkat)" if kprobes else \
        "syscall__unlinkat: syscall__unlinkat__tp (tracepoint/syscalls/sys_enter_unlinkat)"
    if want not in res.stderr:
        fail(f"run -v did not say '{want}':\n{res.stderr}")
    print(f"PASS: rm pid {rm_pid} unlinked 3 files, seen through {want.split(': ')[1]}")
