#!/usr/bin/python3
"""Interval mode: `run --interval S --count N --clear` prints the maps N
times, each holding only what happened in its interval, then stops."""
import json
import os
import subprocess
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.path.join(os.environ["BCC2CORE_SOURCE_DIR"], "examples", "execsnoop_ppid.bcc.c")


require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "prog.bpf.o")
    subprocess.run([BCC2CORE, "build", SRC, "-o", obj], check=True)
    log = os.path.join(tmp, "log")
    # one exec in the first interval and none after, then two in the third;
    # the command outlives the 3 intervals: run stops at --count
    script = (f"sleep 0.2; sh -c 'echo 1 $$ >> {log}'; sleep 1.9; "
              f"sh -c 'echo 3 $$ >> {log}'; sh -c 'echo 3 $$ >> {log}'; sleep 10")
    res = subprocess.run([BCC2CORE, "run", "--json", "--interval", "1", "--count", "3", "--clear",
                          obj, "--", "sh", "-c", script],
                         capture_output=True, text=True, timeout=30)
    truth = [tuple(map(int, l.split())) for l in open(log)]
    prints = [r for r in map(json.loads, res.stdout.splitlines()) if r["name"] == "execs"]
    if len(prints) != 3:
        fail(f"{len(prints)} interval prints, expected 3:\n{res.stdout}\n{res.stderr}")
    for i, p in enumerate(prints, 1):
        got = sorted(e["key"]["pid"] for e in p["entries"] if e["key"]["comm"] == "sh"
                     and e["key"]["pid"] in [pid for _, pid in truth])
        want = sorted(pid for n, pid in truth if n == i)
        if got != want:
            fail(f"interval {i}: pids {got}, expected {want}")
    print("PASS: 3 intervals, each with its own execs only, stopped at --count")
