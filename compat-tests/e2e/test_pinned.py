#!/usr/bin/python3
"""BPF_TABLE_PINNED: the first run creates the map and pins it at the given
path; the next run reuses it (its entries carry over), as in BCC."""
import json
import os
import subprocess
import sys
import tempfile

from e2e_common import fail

BCC2CORE = os.environ["BCC2CORE"]
PIN = "/sys/fs/bpf/bcc2core_test_pinned_%d" % os.getpid()
SRC = ('BPF_TABLE_PINNED("hash", u32, u64, pinned_execs, 1024, "%s");\n'
       "TRACEPOINT_PROBE(sched, sched_process_exec)\n{\n\tu32 pid = args->pid;\n\n"
       "\tpinned_execs.increment(pid);\n\treturn 0;\n}\n" % PIN)


def run(obj, rec):
    res = subprocess.run([BCC2CORE, "run", "--json", obj, "--", "sh", "-c",
                          f"sh -c 'echo $$ >> {rec}; exec /bin/true'"],
                         capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        fail(res.stderr)
    m = [r for r in map(json.loads, res.stdout.splitlines()) if r["type"] == "map"][0]
    return {e["key"] for e in m["entries"]}


if os.geteuid() != 0 or not os.path.isdir("/sys/fs/bpf"):
    print("SKIP: needs root and bpffs")
    sys.exit(77)
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    src, obj, rec = (os.path.join(tmp, f) for f in ("p.c", "p.bpf.o", "pids"))
    open(src, "w").write(SRC)
    subprocess.run([BCC2CORE, "build", src, "-o", obj], check=True)
    try:
        first = run(obj, rec)
        if not os.path.exists(PIN):
            fail(f"{PIN} was not pinned")
        second = run(obj, rec)
    finally:
        if os.path.exists(PIN):
            os.unlink(PIN)
    pids = [int(l) for l in open(rec)]
    if pids[0] not in first or not {pids[0], pids[1]} <= second:
        fail(f"first run {sorted(first)}, second {sorted(second)}, execs {pids}")
    print("PASS: pinned map created by the first run, reused by the second")
