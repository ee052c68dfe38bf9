#!/usr/bin/python3
"""bcc2core diff compares printk lines, each side's told apart by the
program that printed it (the JIT address in the kernel stack diff's own
tracefs instance records with each line).

compat-tests/e2e/progs/diff_printk.bcc.c prints on each getppid() of one
process (-DTGID, a workload gated until both sides count, so no other
process reaches one side only):
- its tgid (helpers only): exit 0, equal, "printk" in the summary compared
  "by program", the same number of lines on each side, at least the
  workload's calls;
- with -DPARENT also task->real_parent->tgid, which BCC, compiled against
  Debian's 6.1 headers, reads at 6.1's offsets: exit 1, every line differs,
  and the lines given to bcc2core are the true ones (the workload's parent
  is this test), which proves the lines were not given to the wrong side;
  the text report says how printk lines were compared.
Nothing left: no process, no pin, no tracefs instance of diff's."""
import glob
import os
import subprocess
import tempfile
import time

from diff_common import BCC2CORE, SRC, diff, fail, headers_61
from diff_tool_common import Gated

PROG = os.path.join(SRC, "compat-tests", "e2e", "progs", "diff_printk.bcc.c")
N = 25


def instances():
    return set(glob.glob("/sys/kernel/tracing/instances/bcc2core-diff-*"))


def orphans(before):
    """Instances new since @before whose diff (the pid in the name) has
    ended: left behind. A diff still running owns its own (under ctest -j2,
    another test's diff --tool feeds its tools from one); one that just
    ended has a moment for its watchdog to remove it."""
    for _ in range(30):
        left = {i for i in instances() - before
                if not os.path.exists("/proc/" + i.rsplit("-", 1)[1])}
        if not left:
            break
        time.sleep(0.1)
    return left


def run(extra, text=False):
    with tempfile.TemporaryDirectory() as tmp:
        g = Gated(tmp, ["/usr/bin/python3", "-c", f"import os\nfor _ in range({N}): os.getppid()"])
        try:
            args = extra + ["-D", f"TGID={g.pid}", PROG, "--"] + g.cmd()
            if text:
                res = subprocess.run([BCC2CORE, "diff"] + args, capture_output=True, text=True,
                                     timeout=180)
                return g.pid, res
            return (g.pid,) + diff(args)
        finally:
            g.close()


def main():
    hdr = headers_61()
    before = instances()
    pid, status, recs, err, left = run([])
    s = recs[-1]
    pk = s.get("printk", {})
    if status != 0 or not s["equal"] or s["differences"] or left:
        fail(f"equal: exit {status}: {recs}\nstderr: {err}\nleft: {left}")
    if pk.get("compared") != "by program" or pk.get("bcc") != pk.get("bcc2core") or \
            pk.get("bcc", 0) < N or pk.get("unattributed") or pk.get("lost"):
        fail(f"equal: printk summary {pk}")

    pid, status, recs, err, left = run(["--bcc-headers", hdr, "-D", "PARENT"])
    s = recs[-1]
    pk = s.get("printk", {})
    if status != 1 or s["equal"] or left:
        fail(f"different: exit {status}: {recs}\nstderr: {err}\nleft: {left}")
    if pk.get("compared") != "by program" or pk.get("bcc") != pk.get("bcc2core") or \
            pk.get("bcc", 0) < N:
        fail(f"different: printk summary {pk}")
    right = f"getppid by {pid}, parent {os.getpid()}"
    mine = [r["printk"] for r in recs if r["type"] == "difference" and r.get("only") == "bcc2core"]
    bccs = [r["printk"] for r in recs if r["type"] == "difference" and r.get("only") == "bcc"]
    if len(mine) != pk["bcc2core"] or set(mine) != {right}:
        fail(f"bcc2core's lines are not the true ones ({right!r}): {mine}")
    if len(bccs) != pk["bcc"] or right in bccs or \
            not all(t.startswith(f"getppid by {pid}, parent ") for t in bccs):
        fail(f"BCC's lines: {bccs}")
    if s["differences"] != len(mine) + len(bccs):
        fail(f"differences other than printk lines: {recs}")

    pid, res = run(["--bcc-headers", hdr, "-D", "PARENT"], text=True)
    if res.returncode != 1 or "printk line " not in res.stdout or \
            "only bcc2core printed it" not in res.stdout or \
            "by the JIT address in the kernel stack" not in res.stdout:
        fail(f"text report: exit {res.returncode}: {res.stdout}\n{res.stderr}")
    left = orphans(before)
    if left:
        fail(f"tracefs instances left: {left}")
    print(f"PASS: printk equal ({pk['bcc']} lines each), BCC's wrong parent told apart from "
          "bcc2core's right one")


main()
