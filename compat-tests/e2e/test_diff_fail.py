#!/usr/bin/python3
"""bcc2core diff when it cannot compare: BCC given headers it cannot compile
with (an empty directory) -> exit 2, an error record naming the bcc side and
the compile stage, a summary with equal false; a program BCC compiles but
bcc2core does not attach is never equal; usage errors (--guest, not there
yet; a missing program or tool) exit 2 before anything is built or loaded."""
import os
import subprocess
import tempfile

from diff_common import BCC2CORE, SRC, diff, fail, headers_61

PROG = os.path.join(SRC, "compat-tests", "e2e", "progs", "diff_getppid.bcc.c")


def main():
    headers_61()
    with tempfile.TemporaryDirectory() as tmp:
        status, recs, err, left = diff(["--bcc-headers", tmp, PROG, "--", "true"])
        errors = [r for r in recs if r["type"] == "error"]
        if status != 2 or not errors or errors[0]["side"] != "bcc" or \
                errors[0]["stage"] != "compile" or recs[-1]["equal"] or \
                recs[-1].get("compared") is not False:
            fail(f"no headers: exit {status}: {recs}\nstderr: {err}")
        if left:
            fail(f"left behind (BPF programs held): {left}")
        # an --attach target that does not exist: both sides refuse it
        status, recs, err, left = diff(["--attach", "tracepoint:nosuch:event=nothing_here",
                                        PROG, "--", "true"])
        if status != 2 or recs[-1]["equal"] or left:
            fail(f"bad attach: exit {status}: {recs}\nstderr: {err}")
    for args in (["--tool", "/nonexistent-bpfcc"], ["--guest", PROG],
                 ["/nonexistent.bcc.c"], ["--truth"], []):
        res = subprocess.run([BCC2CORE, "diff"] + args, capture_output=True, text=True,
                             timeout=30)
        if res.returncode != 2 or "error" not in res.stderr or res.stdout:
            fail(f"diff {args}: exit {res.returncode}: {res.stdout} {res.stderr}")
    print("PASS: BCC without headers, a missing target and usage errors: exit 2, side named")


main()
