#!/usr/bin/python3
"""What statsnoop's statx probe costs in all, attach included: a loop of N
statx(2) calls timed inside the guest under icount (bench/kcost_guest.sh
--icount's lane: 1 ns is one guest instruction) with nothing attached, with
BCC's statsnoop, with bcc2core's (its fentry form), three times each; the
median loop time over the bare loop's, per call, beside bpf_stats' ns a run.
bpf_stats counts only what runs between its two clock reads: a kprobe's
breakpoint trap and dispatch fall outside, a trampoline's entry and exit
inside. Run in the guest:

    BCC2CORE_GUEST_ICOUNT=0 compat-tests/guest/run-in-guest.sh --smp 1 \
        --env BCC2CORE=$PWD/build/bin/bcc2core -- /usr/bin/python3 bench/kcost_statx_full.py [N]
"""
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kcost  # noqa: E402
LOOP = r"""
import ctypes, sys, time
libc = ctypes.CDLL(None); buf = ctypes.create_string_buffer(512)
f = b"/tmp/fullcost.x"; open(f, "w").close()
n = int(sys.argv[1])
for i in range(n // 4): libc.syscall(332, -100, f, 0, 0x7ff, buf)
t0 = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
for i in range(n): libc.syscall(332, -100, f, 0, 0x7ff, buf)
t1 = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
print(t1 - t0)
"""
# a quarter of N first, untimed (the paths warm); then N timed
N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
tool = "statsnoop"
prog = os.path.join(kcost.CORPUS, tool + ".bcc.c")
kcost.ATTACH[tool] = kcost.corpus_args(tool)
cache = "/tmp/fullcost-cache"
os.makedirs(cache, exist_ok=True)
kcost.fill_cache(cache, prog, kcost.ATTACH[tool])
with open("/proc/sys/kernel/bpf_stats_enabled", "w") as f:
    f.write("1")
res = {None: [], "bcc": [], "bcc2core": []}
for rep in range(3):
    for kind in (None, "bcc", "bcc2core"):
        side = kcost.start_side(kind, prog, cache) if kind else None
        pids = [side[0].pid] if side else []
        before = kcost.fd_stats(pids)
        out = subprocess.run([sys.executable, "-c", LOOP, str(N)], capture_output=True,
                             text=True, check=True).stdout
        after = kcost.fd_stats(pids)
        runs = sum(after[i][1] - before.get(i, (0, 0))[1] for i in after)
        ns = sum(after[i][0] - before.get(i, (0, 0))[0] for i in after)
        if side:
            kcost.stop_side(side[0])
        res[kind].append((int(out), runs, ns))
        print(kind, int(out), runs, ns, flush=True)
base = statistics.median(t for t, _, _ in res[None])
per_call = {}
for kind in ("bcc", "bcc2core"):
    t = statistics.median(t for t, _, _ in res[kind])
    runs = statistics.median(r for _, r, _ in res[kind])
    ns = statistics.median(n for _, _, n in res[kind])
    print("%-9s loop %d ns, +%d over none, %.0f a statx in all; bpf_stats %.0f a run (%d runs)"
          % (kind, t, t - base, (t - base) / N, ns / max(runs, 1), runs))
    per_call[kind] = (t - base) / N
print("bcc2core/BCC in all: %.2fx" % (per_call["bcc2core"] / per_call["bcc"]))
