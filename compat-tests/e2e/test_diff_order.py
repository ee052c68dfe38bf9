#!/usr/bin/python3
"""bcc2core diff compares a perf buffer's events in order, CPU by CPU, on a
real run: a workload calls getppid() 100 times on each CPU in turn (each
call one record at entry, one at return), both sides say each record's CPU,
and the report is equal with the buffer compared in order
("ordered_per_cpu"). Whether a reordered CPU is found is
test_diff_normalise's (records written by hand); this is that both sides
really give the CPU and agree on a real run. Another process's getppid() at
the edge of the window is seen by one side only (the README's limit): one
attempt in three must be equal."""
import os

from diff_common import SRC, diff, fail, headers_61

PROG = os.path.join(SRC, "compat-tests", "e2e", "progs", "diff_order.bcc.c")
WORK = ["/usr/bin/python3", "-c",
        "import os\n"
        "cpus = sorted(os.sched_getaffinity(0))\n"
        "for i in range(100 * len(cpus)):\n"
        "    if i % 10 == 0: os.sched_setaffinity(0, {cpus[i // 10 % len(cpus)]})\n"
        "    os.getppid()\n"]


def main():
    headers_61()
    for n in range(3):
        status, recs, err, left = diff([PROG, "--"] + WORK)
        if left:
            fail(f"left behind: {left}")
        s = recs[-1]
        if s["type"] != "summary" or status == 2:
            fail(f"exit {status}: {recs}\nstderr: {err}")
        if status == 0 and s["equal"] and s.get("ordered_per_cpu") == 1 and \
                s["events"] >= 200 * len(os.sched_getaffinity(0)):
            break
        if any("order" in r for r in recs if r["type"] == "difference"):
            fail(f"the same records in another order on a CPU: {recs}")
        print(f"attempt {n + 1}: {s}")
    else:
        fail("not equal in 3 attempts")
    print(f"PASS: {s['events']} events equal, compared in order CPU by CPU")


main()
