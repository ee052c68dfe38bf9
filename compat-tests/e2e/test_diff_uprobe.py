#!/usr/bin/python3
"""bcc2core diff of a uprobe program beside BCC: gethostlatency's (BCC
0.26's text, the corpus copy, with its attach specs: a uprobe and a
uretprobe on libc's getaddrinfo) around `getent ahosts localhost`.

BCC 0.26's Python calls libbcc's bpf_attach_uprobe() with six arguments,
the C function takes seven: its ref_ctr_offset was whatever the stack held,
and the kernel refuses a second uprobe on the same function with another
ref_ctr_offset (EINVAL, "ref_ctr_offset mismatch" in dmesg), so bcc2core's
side could not attach (docs/diff-corpus.md). diff's BCC side passes 0 now.
Exit 0, equal, the workload's lookup an event on both sides; and the same
for --tool /usr/sbin/gethostlatency-bpfcc (the unmodified tool, run with
the same fix). Nothing left loaded."""
import os
import shutil

from diff_common import SRC, diff, fail, headers_61
from diff_tool_common import diff_tool, tool_ready

PROG = os.path.join(SRC, "compat-tests", "corpus", "tools", "gethostlatency.bcc.c")
ARGS = os.path.join(SRC, "compat-tests", "corpus", "tools", "gethostlatency.bcc.args")
WORK = "getent ahosts localhost >/dev/null; true"


def main():
    headers_61()
    if not shutil.which("getent"):
        print("SKIP: no getent")
        raise SystemExit(77)
    with open(ARGS) as f:
        specs = f.read().split()
    status, recs, err, left = diff(specs + [PROG, "--", "/bin/sh", "-c", WORK])
    s = recs[-1]
    if status != 0 or not s["equal"] or s["events"] < 1 or left:
        fail(f"program: exit {status}: {recs}\nstderr: {err}\nleft: {left}")
    tool = tool_ready("gethostlatency-bpfcc")
    status, recs, err, left = diff_tool(["--tool", tool, "--", "/bin/sh", "-c", WORK])
    s = recs[-1]
    if status != 0 or not s["equal"] or s["lines"]["bcc"] < 2 or left:
        fail(f"--tool: exit {status}: {recs}\nstderr: {err}\nleft: {left}")
    print(f"PASS: uprobes on getaddrinfo beside BCC's: equal ({s['lines']['bcc']} tool lines)")


main()
