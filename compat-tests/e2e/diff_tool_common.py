"""What the diff --tool e2e tests share: the skips, a workload gated on a
FIFO (its pid known before the tools start, so they can filter on it), the
JSON schema of diff --tool's records."""
import os
import subprocess
import threading

from diff_common import BCC2CORE, check_summary, fail, headers_61, records, run_diff


def tool_ready(name):
    """The Debian tool, BCC with its headers, the drop-in package; or skip."""
    headers_61()
    path = "/usr/sbin/" + name
    if not os.path.exists(path):
        print("SKIP: bpfcc-tools is not installed (setup installs it)")
        raise SystemExit(77)
    if subprocess.run([BCC2CORE, "python-path"], capture_output=True).returncode:
        fail("bcc2core python-path: the drop-in package is not built")
    return path


class Gated:
    """`sh -c 'read < FIFO; exec ARGV'`: waits for the CMD diff runs, then
    becomes ARGV with the same pid; reaped in a thread, so CMD can wait for
    its end with kill -0."""

    def __init__(self, tmp, argv):
        self.fifo = os.path.join(tmp, "gate")
        os.mkfifo(self.fifo)
        self.p = subprocess.Popen(["/bin/sh", "-c", 'read x < "$0"; exec "$@"', self.fifo] +
                                  argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.pid = self.p.pid
        threading.Thread(target=self.p.wait, daemon=True).start()

    def cmd(self):
        """diff's CMD: opens the gate, returns when the workload has ended."""
        return ["/bin/sh", "-c", 'echo go > "$0"; while kill -0 "$1" 2>/dev/null; '
                "do sleep 0.05; done", self.fifo, str(self.pid)]

    def close(self):
        if self.p.poll() is None:
            self.p.kill()


SUMMARY_KEYS = {"type": str, "equal": bool, "tool": str, "lines": dict, "differences": int,
                "tolerated": int, "tolerance": (int, float), "dropped": dict, "masked": list,
                "kernel": str, "bcc_headers": str, "headers_match": bool}


def check_schema(recs, res):
    s = check_summary(recs, res, SUMMARY_KEYS)
    for k in ("lines", "dropped"):
        if set(s[k]) != {"bcc", "bcc2core"} or not all(isinstance(v, int) for v in s[k].values()):
            fail(f"summary {k}: {s[k]}")
    if s["differences"] != sum(r["type"] == "difference" for r in recs) or \
            s["tolerated"] != sum(r["type"] == "tolerated" for r in recs):
        fail("summary counts != records")
    if "compared" in s and (s["compared"] is not False or s["equal"]):
        fail(f"compared: {s}")
    tp = s.get("trace_pipe")
    if not isinstance(tp, dict) or not isinstance(tp.get("fed"), bool) or \
            (tp["fed"] and (set(tp) != {"fed", "bcc", "bcc2core", "both", "lost", "outside"} or
                            set(tp["lost"]) != {"bcc", "bcc2core"})) or \
            (not tp["fed"] and set(tp) != {"fed", "why"}):
        fail(f"summary trace_pipe: {tp}")
    for r in recs[:-1]:
        if r["type"] == "difference":
            if set(r) != {"type", "line", "only"} or r["only"] not in ("bcc", "bcc2core") or \
                    not isinstance(r["line"], str):
                fail(f"difference record: {r}")
        elif r["type"] == "tolerated":
            if set(r) != {"type", "bcc", "bcc2core"}:
                fail(f"tolerated record: {r}")
        elif r["type"] == "error":
            if set(r) - {"stderr"} != {"type", "side", "stage", "message"} or \
                    r["side"] not in ("bcc", "bcc2core") or \
                    not isinstance(r.get("stderr", []), list):
                fail(f"error record: {r}")
        else:
            fail(f"unknown record type: {r}")


def diff_tool(args, timeout=240):
    """bcc2core diff --json ARGS: (status, records, stderr, processes left).
    A tool's programs live as long as its process: a side still running
    after diff returned is what could leave programs loaded (other tests'
    programs come and go under ctest -j2, so loaded ids cannot tell)."""
    res, left = run_diff(args, timeout)
    recs = records(res)
    check_schema(recs, res)
    return res.returncode, recs, res.stderr, sorted(left)
