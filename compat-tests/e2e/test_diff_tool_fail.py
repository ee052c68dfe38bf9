#!/usr/bin/python3
"""bcc2core diff --tool when it cannot compare: killsnoop needs a kprobe
(this kernel has none), so BCC cannot attach while the drop-in package runs
it (a ksyscall on a tracepoint): exit 2, an error record naming the bcc side,
the attach stage, BCC's reason and its stderr's last lines, a summary with
equal false and compared false, nothing left loaded. Usage errors (a
missing tool, program-mode options with --tool, --tolerance without it)
exit 2 before anything runs."""
import subprocess

from diff_common import BCC2CORE, fail
from diff_tool_common import diff_tool, tool_ready


def main():
    tool = tool_ready("killsnoop-bpfcc")
    status, recs, err, left = diff_tool(["--tool", tool, "--", "/bin/kill", "-0", "1"])
    errors = [r for r in recs if r["type"] == "error"]
    s = recs[-1]
    if status != 2 or [e["side"] for e in errors] != ["bcc"] or errors[0]["stage"] != "attach" \
            or "kprobe" not in errors[0]["message"] or not errors[0].get("stderr") or \
            s["equal"] or s.get("compared") is not False:
        fail(f"killsnoop: exit {status}: {recs}\nstderr: {err}")
    if left:
        fail(f"sides left running (their BPF programs loaded): {left}")
    res = subprocess.run([BCC2CORE, "diff", "--tool", tool, "--", "/bin/true"],
                         capture_output=True, text=True, timeout=240)
    if res.returncode != 2 or "could not compare: BCC's side failed to attach" not in res.stdout:
        fail(f"text: exit {res.returncode}: {res.stdout}\nstderr: {res.stderr}")
    for args in (["--tool", "/nonexistent-bpfcc"], ["-D", "X=1", "--tool", tool],
                 ["--tolerance", "5", "/nonexistent.bcc.c"], ["--tolerance", "x", "--tool", tool],
                 ["stray", "--tool", tool], ["--tool"]):
        res = subprocess.run([BCC2CORE, "diff"] + args, capture_output=True, text=True,
                             timeout=30)
        if res.returncode != 2 or "error" not in res.stderr or res.stdout:
            fail(f"diff {args}: exit {res.returncode}: {res.stdout} {res.stderr}")
    print("PASS: BCC cannot attach killsnoop here: exit 2, side and reason named; usage errors")


main()
