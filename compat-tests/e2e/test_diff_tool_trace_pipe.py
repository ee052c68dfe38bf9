#!/usr/bin/python3
"""bcc2core diff --tool on a tool that reads trace_pipe (progs/printk_tool.py,
as BCC's hello_fields.py): both tools run at once, and each must read its
own program's printk lines, all of them, once. diff gives each tool a
trace_pipe of its own, fed from a tracefs instance where each line is told
apart by the program that printed it. Two ways to read it:
* "fields": trace_fields() under a header: equal, N lines each plus the
  header (a tool reading the other's lines too would print 2N; two tools on
  one pipe would split them), the feed's counts N and N, none to both;
* "print": trace_print(), raw lines and no header at all: diff must still
  see the tool ready (it opened its trace_pipe), and mask the time and flags
  columns, which are of the moment each program printed.
* a process printing all along, from before the first tool attached to
  after both stopped: only what was printed while both were attached is
  fed (the rest counted "outside"), so both read as many lines.
The workload is perl (a python3 line would be taken for a tool's own)."""
import os
import subprocess
import tempfile

from diff_common import SRC, fail
from diff_tool_common import Gated, diff_tool, tool_ready

TOOL = os.path.join(SRC, "compat-tests", "e2e", "progs", "printk_tool.py")
N = 40


def run(mode):
    with tempfile.TemporaryDirectory() as tmp:
        g = Gated(tmp, ["perl", "-e", f"getppid() for 1..{N}"])
        try:
            status, recs, err, left = diff_tool(["--tool", TOOL, mode, str(g.pid), "--"] +
                                                g.cmd())
        finally:
            g.close()
    if left:
        fail(f"{mode}: sides left running: {left}")
    s = recs[-1]
    tp = s.get("trace_pipe", {})
    if status != 0 or not s["equal"] or s["differences"]:
        fail(f"{mode}: exit {status}: {recs}\nstderr: {err}")
    if {k: v for k, v in tp.items() if k != "outside"} != \
            {"fed": True, "bcc": N, "bcc2core": N, "both": 0, "lost": {"bcc": 0, "bcc2core": 0}}:
        fail(f"{mode}: each tool's own {N} lines were not fed to it: {tp}")
    return s


def main():
    tool_ready("syscount-bpfcc")	# the skips: BCC, its headers, the drop-in
    s = run("fields")
    if s["lines"] != {"bcc": N + 1, "bcc2core": N + 1}:
        fail(f"fields: {N} lines and the header on each side, not {s['lines']}")
    s = run("print")
    # each printk line comes with the empty line its own "\\n" makes
    if s["lines"]["bcc"] != s["lines"]["bcc2core"] or s["lines"]["bcc"] < N or \
            "trace_pipe times" not in s["masked"]:
        fail(f"print: {s}")
    # a process printing all along, from before BCC's tool attaches (it
    # compiles for a second or more) to after both stop: only the lines
    # printed while both were attached are fed, so both read as many
    for n in range(3):
        steady = subprocess.Popen(["perl", "-e", "while (1) { getppid(); "
                                   "select(undef, undef, undef, 0.01) }"])
        try:
            status, recs, err, left = diff_tool(["--tool", TOOL, "fields", str(steady.pid),
                                                 "--", "sleep", "2"])
        finally:
            steady.kill()
            steady.wait()
        s, tp = recs[-1], recs[-1].get("trace_pipe", {})
        if left or status == 2 or not tp.get("fed") or not tp.get("outside"):
            fail(f"steady: exit {status}: {recs}\nstderr: {err}\nleft: {left}")
        if status == 0 and tp["bcc"] == tp["bcc2core"] >= 100:
            break
        # two lines of one getppid() a gate change fell between
        print(f"attempt {n + 1}: {s}")
    else:
        fail("steady: not equal in 3 attempts")
    print(f"PASS: each tool read its own {N} printk lines (trace_fields, trace_print); "
          f"of a steady printer, only the lines both were attached for ({tp['bcc']}, "
          f"{tp['outside']} outside)")


main()
