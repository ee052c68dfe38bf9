"""What the diff e2e tests share: the skips, the BPF-program check, the
JSON schema of diff's records."""
import glob
import json
import os
import subprocess
import sys
import time
import uuid

from e2e_common import bpf_pins as pins

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.environ["BCC2CORE_SOURCE_DIR"]


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def headers_61():
    """Debian's 6.1 headers (BCC's side), or skip (setup installs them)."""
    if os.geteuid() != 0:
        print("SKIP: needs root")
        sys.exit(77)
    if subprocess.run(["/usr/bin/python3", "-c", "import bcc"], capture_output=True).returncode:
        print("SKIP: python3-bpfcc is not installed (setup installs it)")
        sys.exit(77)
    dirs = sorted(d for d in glob.glob("/lib/modules/6.1*/build") if "-rt" not in d)
    if not dirs:
        print("SKIP: Debian's 6.1 kernel headers are not installed (setup installs them)")
        sys.exit(77)
    return dirs[0]


def marked(mark):
    """Processes with @mark in their environment: diff's sides inherit it."""
    pids = []
    for p in os.listdir("/proc"):
        try:
            if p.isdigit() and mark.encode() in open(f"/proc/{p}/environ", "rb").read():
                pids.append(int(p))
        except OSError:
            pass
    return pids


def run_diff(args, timeout):
    """bcc2core diff --json ARGS with a marker its sides inherit: (result,
    the pids of its processes still running a moment after it returned)."""
    mark = uuid.uuid4().hex
    res = subprocess.run([BCC2CORE, "diff", "--json"] + args, capture_output=True, text=True,
                         timeout=timeout, env=dict(os.environ, BCC2CORE_DIFF_TEST=mark))
    left = set(marked(mark))
    for _ in range(30):
        if not left:
            break
        time.sleep(0.1)
        left &= set(marked(mark))
    return res, left


def records(res):
    """diff's stdout, every line a JSON record."""
    recs = []
    for line in res.stdout.splitlines():
        try:
            recs.append(json.loads(line))
        except ValueError:
            fail(f"not JSON: {line!r}\nstderr: {res.stderr}")
    return recs


def check_summary(recs, res, keys):
    """One summary record, the last, with @keys of their types and this kernel."""
    if not recs or recs[-1].get("type") != "summary":
        fail(f"the last record is not the summary: {recs}\nstderr: {res.stderr}")
    if [r for r in recs if r.get("type") == "summary"] != [recs[-1]]:
        fail("one summary, last")
    s = recs[-1]
    for k, t in keys.items():
        if not isinstance(s.get(k), t) or (t is int and isinstance(s.get(k), bool)):
            fail(f"summary {k}: {s.get(k)!r} is not {getattr(t, '__name__', t)}")
    if s["kernel"] != os.uname().release:
        fail(f"summary kernel {s['kernel']}, uname {os.uname().release}")
    return s


def diff(args, timeout=180):
    """bcc2core diff --json ARGS: (status, records), each record's schema checked,
    no BPF program of it left behind. A program stays loaded only while a
    process holds it or a pin does: what is left is a process of this diff
    (its sides inherit a marker) or a new pin. (Loaded program ids cannot
    tell: under ctest -j2 other tests' programs come and go.)"""
    pins_before = pins()
    res, left = run_diff(args, timeout)
    left = {"process %d" % p for p in left} | {"pin " + p for p in pins() - pins_before}
    recs = records(res)
    check_schema(recs, res)
    return res.returncode, recs, res.stderr, left


DIFF_KEYS = {"type", "map", "key", "field", "record", "only", "bcc", "bcc2core", "truth",
             "expected", "cause"}
ORDER_KEYS = {"type", "map", "cpu", "order", "bcc", "bcc2core"}
PRINTK_KEYS = {"type", "printk", "only"}
SUMMARY_KEYS = {"type": str, "equal": bool, "maps": int, "events": int, "differences": int,
                "kernel": str, "bcc_headers": str, "headers_match": bool, "by_kind": list}


def check_schema(recs, res):
    s = check_summary(recs, res, SUMMARY_KEYS)
    if s["differences"] != sum(r["type"] == "difference" for r in recs):
        fail("summary differences != difference records")
    for r in recs[:-1]:
        if r["type"] == "difference" and "printk" in r:
            if set(r) != PRINTK_KEYS or not isinstance(r["printk"], str) or \
                    r["only"] not in ("bcc", "bcc2core", "unattributed"):
                fail(f"printk difference record: {r}")
        elif r["type"] == "difference" and "order" in r:
            if set(r) != ORDER_KEYS or not isinstance(r["cpu"], int) or \
                    not isinstance(r["order"], int):
                fail(f"event order difference record: {r}")
        elif r["type"] == "difference":
            if set(r) - DIFF_KEYS or not isinstance(r.get("map"), str):
                fail(f"difference record: {r}")
            if "only" in r:
                if r["only"] not in ("bcc", "bcc2core"):
                    fail(f"only: {r}")
            elif "bcc" not in r or "bcc2core" not in r:
                fail(f"a difference without both values: {r}")
            if "truth" in r and r["truth"] not in ("bcc", "bcc2core", "both", "neither"):
                fail(f"truth: {r}")
        elif r["type"] == "error":
            if set(r) != {"type", "side", "stage", "message"} or \
                    r["side"] not in ("bcc", "bcc2core"):
                fail(f"error record: {r}")
        else:
            fail(f"unknown record type: {r}")
