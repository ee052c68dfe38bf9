#!/usr/bin/python3
"""The runtime's last resort for raw tracepoints: a tp_btf form the
verifier refuses (a pointer argument multiplied, progs/tp_btf_refused.bpf.c,
written by hand as the rewriter would not emit it) fails the object's
load; bcc2core opens the object again, with the knob and map size set
before, and loads the raw_tp form. Ground truth: the execs of a known pid,
counted in steps of the --set knob; the map has the --map-size size."""
import json
import os
import subprocess
import sys
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
DATADIR = os.environ["BCC2CORE_DATADIR"]
SRC = os.path.join(os.path.dirname(__file__), "progs", "tp_btf_refused.bpf.c")
ARCH = {"x86_64": "x86", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)
MAP_SIZE = 1237     # nobody else's map has this size


require_root()
if not os.path.exists("/sys/kernel/btf/vmlinux"):
    print("SKIP: tp_btf needs a kernel with BTF")
    sys.exit(77)
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "prog.bpf.o")
    subprocess.run(["clang", "-target", "bpf", f"-D__TARGET_ARCH_{ARCH}", "-g", "-O2",
                    "-I", DATADIR, "-c", SRC, "-o", obj], check=True)
    rec, sizes = os.path.join(tmp, "pid"), os.path.join(tmp, "maps")
    # run's child execs sh, which looks at the loaded maps and execs /bin/true
    script = f"echo $$ > {rec}; bpftool -j map show > {sizes}; exec /bin/true"
    res = subprocess.run([BCC2CORE, "-v", "run", "--json", "--set", "step=7", "--map-size",
                          f"execs={MAP_SIZE}", obj, "--", "sh", "-c", script],
                         capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        fail(f"run exited {res.returncode}: {res.stderr}")
    for line in ("warning: the verifier refused a tp_btf form",
                 "exec_count: exec_count (raw_tracepoint/sched_process_exec): "
                 "the verifier refused the tp_btf forms, raw_tp loaded instead",
                 "exec_count: attached (raw_tracepoint/sched_process_exec)"):
        if line not in res.stderr:
            fail(f"run -v did not say '{line}':\n{res.stderr}")
    pid = int(open(rec).read())
    maps = {r["name"]: r for r in map(json.loads, res.stdout.splitlines()) if r["type"] == "map"}
    execs = {e["key"]: e["value"]["count"] for e in maps["execs"]["entries"]}
    if execs.get(pid) != 2 * 7:
        fail(f"pid {pid} counted {execs.get(pid)}, expected 2 execs in steps of 7")
    if not any(m.get("name") == "execs" and m.get("max_entries") == MAP_SIZE
               for m in json.load(open(sizes))):
        fail(f"no map execs of {MAP_SIZE} entries while it ran: --map-size lost on reopen")
    print("PASS: tp_btf refused, raw_tp loaded instead; 2 execs counted with the knob, "
          "map sized as asked")
