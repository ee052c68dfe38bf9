#!/usr/bin/python3
"""Kernel memory reads against ground truth: task->comm[1] and [2] (BCC
reads a wrong address for an index != 0), the parent's comm through
&task->real_parent->comm, sizeof(task->comm), exit_signal, a bitfield, and
a task pointer kept in a map and read again at exit."""
import json
import os
import subprocess
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
# the golden test's input: converted there, run against ground truth here
SRC = os.path.join(os.path.dirname(__file__), "..", "golden", "kernel_memory.bcc.c")


require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "prog.bpf.o")
    subprocess.run([BCC2CORE, "build", SRC, "-o", obj], check=True)
    rec = os.path.join(tmp, "truth")
    res = subprocess.run([BCC2CORE, "run", "--json", obj, "--", "sh", "-c",
                          f"sh -c 'echo $$ > {rec}; exec /bin/true'"],
                         capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        fail(f"run exited {res.returncode}: {res.stderr}")
    pid = int(open(rec).read())
    maps = {r["name"]: r for r in map(json.loads, res.stdout.splitlines()) if r["type"] == "map"}
    infos = {e["key"]: e["value"] for e in maps["infos"]["entries"]}
    i = infos.get(pid)
    if not i:
        fail(f"no record for pid {pid}: {sorted(infos)}")
    want = {"pid": pid, "comm": "true", "c1": ord("r"), "c2": ord("u"), "comm_size": 16,
            "parent_comm": "sh", "exit_signal": 17, "len": 1}
    for k, v in want.items():
        if i[k] != v:
            fail(f"{k} = {i[k]!r}, truth {v!r} (record {i})")
    # bprm_execve() sets current->in_execve around exec_binprm(), which
    # fires sched_process_exec: the bit is 1 there
    if i["in_execve"] != 1:
        fail(f"in_execve bitfield = {i['in_execve']}, truth 1 (in the middle of execve)")
    print(f"PASS: pid {pid}: comm[1], comm[2], parent comm, sizeof, exit_signal, "
          "bitfield and a map-kept task pointer read right")
