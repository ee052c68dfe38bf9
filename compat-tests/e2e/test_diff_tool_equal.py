#!/usr/bin/python3
"""bcc2core diff --tool, the agreeing case, on two tools BCC gets right on
this host (they read tracepoint arguments and helpers only): syscount
(a summary printed at SIGINT), filtered with -p on a workload gated until
both sides are ready, and tcpstates (one line per event) filtered with -L on
a port only the workload uses, so other processes (ctest -j2) cannot reach
one side only. Exit 0, equal, the workload's lines in both, pointers and
the duration column masked, nothing left loaded; also the text report.
tcpstates gets Debian's 6.1 headers: BCC 0.26 does not compile it with
6.12's."""
import socket
import subprocess
import sys
import tempfile

from diff_common import BCC2CORE, fail, headers_61
from diff_tool_common import Gated, diff_tool, tool_ready

TCP = """import socket, sys
port = int(sys.argv[1])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(1)
c = socket.create_connection(("127.0.0.1", port))
a, _ = s.accept()
a.sendall(b"x" * 1000)
c.recv(1000)
c.close(); a.close(); s.close()
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

N = 321


def check(name, args_of, argv, want):
    tool = tool_ready(name)
    with tempfile.TemporaryDirectory() as tmp:
        g = Gated(tmp, argv)
        try:
            status, recs, err, left = diff_tool(["--tool", tool] + args_of(g.pid) + ["--"] +
                                                g.cmd())
        finally:
            g.close()
    s = recs[-1]
    if status != 0 or not s["equal"] or s["differences"]:
        fail(f"{name}: exit {status}: {recs}\nstderr: {err}")
    if s["lines"]["bcc"] < want or s["lines"]["bcc"] != s["lines"]["bcc2core"]:
        fail(f"{name}: too few lines compared (the workload's missing?): {s}")
    if left:
        fail(f"{name}: sides left running (their BPF programs loaded): {left}")
    return s


def main():
    s = check("syscount-bpfcc", lambda pid: ["-p", str(pid)],
              ["/usr/bin/python3", "-c", f"import os\nfor _ in range({N}): os.getppid()"], 3)
    if "clock times" not in s["masked"]:
        fail(f"syscount's [HH:MM:SS] line not masked: {s}")
    port = free_port()
    status, recs, err, left = diff_tool(["--bcc-headers", headers_61(), "--tool",
                                         tool_ready("tcpstates-bpfcc"), "-L", str(port), "--",
                                         sys.executable, "-c", TCP, str(port)])
    s = recs[-1]
    if status != 0 or not s["equal"] or s["differences"] or s["lines"]["bcc"] < 4 or left:
        fail(f"tcpstates: exit {status}: {recs}\nstderr: {err}\nleft: {left}")
    if "pointers" not in s["masked"] or "MS" not in s["masked"]:
        fail(f"tcpstates' SKADDR and MS columns not masked: {s}")
    # the text report says equal, and what it masked
    tool = tool_ready("syscount-bpfcc")
    with tempfile.TemporaryDirectory() as tmp:
        g = Gated(tmp, ["/usr/bin/python3", "-c", "import os; os.getppid()"])
        try:
            res = subprocess.run([BCC2CORE, "diff", "--tool", tool, "-p", str(g.pid), "--"] +
                                 g.cmd(), capture_output=True, text=True, timeout=240)
        finally:
            g.close()
    if res.returncode or not res.stdout.startswith("equal: ") or "kernel " not in res.stdout:
        fail(f"text: exit {res.returncode}: {res.stdout}\nstderr: {res.stderr}")
    print("PASS: syscount -p and tcpstates -L equal under BCC and the drop-in package")


main()
