#!/usr/bin/python3
"""bcc2core diff of syscount's program (BCC 0.26's text, the corpus copy):
a hash keyed by syscall number that counts every syscall on the machine.

Unfiltered, it counts the sides' own bpf() calls too, so the map is never
empty while one emptied it: bcc2core's side used to delete the first key
until none was left, forever, and diff reported "a side did not answer the
start signal" after 30 s (docs/diff-corpus.md). Now both sides answer and the
maps are compared (exit 0 or 1: counts of the whole machine differ by what
ran between the two sides' clears; not 2). With -D FILTER_PID=PID of a
workload gated until both sides count, the comparison is exact: equal, the
workload's getppid() count in the map. Nothing left loaded."""
import os
import tempfile
import time

from diff_common import SRC, diff, fail, headers_61
from diff_tool_common import Gated

PROG = os.path.join(SRC, "compat-tests", "corpus", "tools", "syscount.bcc.c")
N = 123
GETPPID = 110	# x86-64


def main():
    headers_61()
    t0 = time.monotonic()
    status, recs, err, left = diff([PROG, "--", "/bin/sh", "-c", "true"])
    took = time.monotonic() - t0
    if left:
        fail(f"left behind (BPF programs held): {left}")
    if status not in (0, 1) or recs[-1].get("compared") is False or recs[-1]["maps"] != 1:
        fail(f"unfiltered: exit {status} after {took:.1f} s: {recs}\nstderr: {err}")
    with tempfile.TemporaryDirectory() as tmp:
        g = Gated(tmp, ["/usr/bin/python3", "-c",
                        f"import os\nfor _ in range({N}): os.getppid()"])
        try:
            status, recs, err, left = diff(["-D", f"FILTER_PID={g.pid}", PROG, "--"] +
                                           g.cmd())
        finally:
            g.close()
    s = recs[-1]
    if status != 0 or not s["equal"] or s["differences"] or s["maps"] != 1 or left:
        fail(f"FILTER_PID: exit {status}: {recs}\nstderr: {err}\nleft: {left}")
    print(f"PASS: unfiltered compared (exit {status}, {took:.1f} s), FILTER_PID equal")


main()
