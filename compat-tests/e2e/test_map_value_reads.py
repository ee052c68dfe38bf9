#!/usr/bin/python3
"""A probe read from a map value the program looked up (opensnoop's saved
comm) is loads and stores, no helper call, and copies the same bytes: the
golden case map_value_reads saves an exec's comm and time in a hash and, at
the process's exit, copies them out of the value four ways (an array, an
array through a cast, a field's address, a part of a field) into an event.
Its two reads the pass leaves alone (more than the field, the call's value
used) stay helper calls, and every program verifies, the one that does not
test its pointer for NULL too. The event of a process exec'ed under a
name of its own carries that name and its exec time."""
import json
import os
import shutil
import subprocess
import tempfile
import time

from e2e_common import build_verified, fail, require_root, sections

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.environ.get("BCC2CORE_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
PROG = os.path.join(SRC, "compat-tests", "golden", "map_value_reads.bcc.c")
NAME = "b2c-mapvalue"		# the workload's comm: 12 bytes, under TASK_COMM_LEN


def probe_read_calls(code):
    """bpf_probe_read_kernel (113) and bpf_probe_read (4) calls in @code"""
    return sum(line.rstrip().endswith(("call 113", "call 4")) for line in code.splitlines())


require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "mvr.bpf.o")
    _, code = build_verified(BCC2CORE, PROG, obj, progs=9)
    for sec in ("tracepoint/sched/sched_process_exit", "tp_btf/sched_process_exit"):
        calls = probe_read_calls(sections(code).get(sec, ""))
        if calls != 2:
            fail(f"{sec}: {calls} probe-read calls, want 2 (of 6; the two the pass leaves):\n"
                 f"{sections(code).get(sec)}")

    work = os.path.join(tmp, NAME)
    shutil.copy("/bin/sleep", work)
    before = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
    r = subprocess.run([BCC2CORE, "run", "--json", "--duration", "2", obj, "--",
                        "/bin/sh", "-c", f"exec {work} 0.3"],
                       capture_output=True, text=True, timeout=60)
    after = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
    if r.returncode:
        fail(f"run: exit {r.returncode}: {r.stderr[-800:]}")
    events = [json.loads(l)["data"] for l in r.stdout.splitlines()
              if l.startswith('{"type":"event"')]
    ours = [d for d in events if d["comm"] == NAME]
    if len(ours) != 1:
        fail(f"{len(ours)} events with comm {NAME}, want 1; {len(events)} events:\n"
             f"{r.stdout[-2000:]}")
    d = ours[0]
    # host: the helper's 80 bytes from comm on (the name, then the zeroed
    # host); small: the helper's 8 bytes after the inline copy's 4
    want = {"comm": NAME, "host": NAME, "small": NAME[:8], "ptr": 0}
    got = {k: d.get(k) for k in want}
    if got != want or not before < d["ts"] < after:
        fail(f"event {d}: want {want} and ts in ({before}, {after})")
print(f"PASS: 4 copies out of the map value inline, 2 helper calls kept; event {d}")
