#!/usr/bin/python3
"""bcc2core diff's comparison rules found by the corpus diff in the guest
(compat-tests/guest/diff_corpus.py), on records written here and compared
through BCC2CORE_DIFF_RECOMPARE (no BPF, no BCC):

* records of diff's own processes (pid fields naming diff, BCC's side,
  bcc2core's side; "id" as pid_tgid) are left out and counted: BCC's side
  opens files after it detached (opensnoop saw it on bcc2core's side only);
* BCC's padding members (__pad_N) are not fields (shmsnoop);
* durations each side measures with its own clock (delta, delta_us, span_us,
  latency, *_ms) are compared by kind (runqslower, tcpconnlat, tcplife);
* a number inside the run's CLOCK_MONOTONIC window is a time, by kind
  (filelife's birth map: dentry -> bpf_ktime_get_ns());
and what must still differ: a different pid, a different count, a value of
one side only, a number outside the window.
Then BCC2CORE_DIFF_KEEP: a real run keeps records the recompare reads."""
import json
import os
import subprocess
import tempfile

from diff_common import BCC2CORE, SRC, fail

PROG = os.path.join(SRC, "compat-tests", "e2e", "progs", "diff_getppid.bcc.c")
DIFF, BCC, B2C = 100, 101, 102       # the pids of the kept run
LO, HI = 5_000_000_000, 9_000_000_000


def write(d, bcc, b2c):
    os.makedirs(d, exist_ok=True)
    for name, recs in (("bcc.out", bcc), ("bcc2core.out", b2c)):
        with open(os.path.join(d, name), "w") as f:
            f.write("".join(json.dumps(r) + "\n" for r in recs))
    with open(os.path.join(d, "meta"), "w") as f:
        f.write(f"0 {DIFF} {BCC} {B2C} 6.1.0-57-amd64 6.1.0-57-amd64 1 0 {LO} {HI}\n")


def compare(d):
    res = subprocess.run([BCC2CORE, "diff", "--json", PROG], capture_output=True, text=True,
                         timeout=60, env=dict(os.environ, BCC2CORE_DIFF_RECOMPARE=d))
    recs = [json.loads(l) for l in res.stdout.splitlines() if l.strip()]
    return res.returncode, recs


def ev(data):
    return {"type": "event", "name": "events", "data": data}


def main():
    with tempfile.TemporaryDirectory() as tmp:
        d = os.path.join(tmp, "equal")
        same = {"pid": 7, "comm": "sh"}
        write(d, [ev(same), ev({"id": BCC << 32 | BCC, "name": "table.py"}),
                  ev({"pid": 7, "delta_us": 12, "span_us": 3, "lat": 5, "latency": 9,
                      "qdelta": 1, "__pad_3": ""}),
                  {"type": "map", "name": "birth", "kind": "hash",
                   "entries": [{"key": 3, "value": 6_000_000_100},
                               {"key": {"pid": DIFF}, "value": 1}]}],
              [ev(same), ev({"pid": B2C, "sig": 15}),
               ev({"pid": 7, "delta_us": 13, "span_us": 4, "lat": 6, "latency": 10,
                   "qdelta": 2}),
               {"type": "map", "name": "birth", "kind": "hash",
                "entries": [{"key": 3, "value": 6_000_000_900}]}])
        status, recs = compare(d)
        s = recs[-1] if recs else {}
        if status != 0 or not s.get("equal") or \
                s.get("own_processes") != {"bcc": 2, "bcc2core": 1} or \
                not {"delta_us", "span_us", "lat", "latency", "qdelta", "monotonic times"} <= \
                set(s.get("by_kind", [])):
            fail(f"equal records: exit {status}: {recs}")
        d = os.path.join(tmp, "different")
        write(d, [ev({"pid": 7, "comm": "sh"}), ev({"tpid": BCC, "sig": 10}),
                  {"type": "map", "name": "counts", "kind": "hash",
                   "entries": [{"key": 1, "value": 3}, {"key": 2, "value": 10_000_000_000}]}],
              [ev({"pid": 8, "comm": "sh"}),
               {"type": "map", "name": "counts", "kind": "hash",
                "entries": [{"key": 1, "value": 4}, {"key": 2, "value": 10_000_000_001}]}])
        status, recs = compare(d)
        diffs = [r for r in recs if r["type"] == "difference"]
        if status != 1 or recs[-1]["equal"] or len(diffs) != 5:
            fail(f"different records: exit {status}: {recs}")
        # a real run keeps what the recompare reads
        k = os.path.join(tmp, "kept")
        res = subprocess.run([BCC2CORE, "diff", "--json", PROG, "--", "true"],
                             capture_output=True, text=True, timeout=300,
                             env=dict(os.environ, BCC2CORE_DIFF_KEEP=k))
        if res.returncode == 2:
            print(f"SKIP part: the diff could not run here: {res.stdout[-500:]}")
        else:
            status, recs = compare(k)
            if status != res.returncode or recs[-1] != json.loads(res.stdout.splitlines()[-1]):
                fail(f"kept records compare otherwise: {status} {recs} vs {res.stdout}")
    print("PASS: own processes left out, __pad_ members, durations and monotonic times "
          "by kind; real differences still found; kept records compare the same")


main()
