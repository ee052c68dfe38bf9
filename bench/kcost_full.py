#!/usr/bin/python3
"""What a corpus tool's programs (or a program of bench/kcost/) cost in
all, their attach mechanism included: a loop of N calls of the syscall
that fires them, timed inside the guest under icount
(bench/kcost_guest.sh --icount's lane: 1 ns is one guest instruction),
with nothing attached, with BCC's tool, with bcc2core's; per call, the
loop's time over the bare loop's, beside what bpf_stats counts of the
same runs.

Why: bpf_stats counts only what runs between its two clock reads. A
kprobe's breakpoint trap and its kprobe and perf dispatch fall outside that
window; a trampoline's entry and exit glue falls inside; a tracepoint's
record, which the kernel writes before its program runs, falls outside,
and a tp_btf program has none. Where BCC's program is a kprobe and
bcc2core's the fentry/fexit form of it (or a tracepoint and its tp_btf
form), kcost.py's per-event ratio compares different windows; the loop
here counts everything.

    kcost_full.py [--n N] [--reps R] [--tools TOOL,...] [--from CORPUS.json]
                  [--json FILE] [--bystander]

--tools: which tools (default: every one TRIGGERS knows). --from: a
kcost.py --corpus JSON (kcost_guest.sh --json F writes F.corpus); the tools
measured are those with a counted row above 1.00x (on its sum or in the
median column) whose two sides are programs of different types, and the
corpus' highest ratios are printed again with those tools' rows taken in
all. Run in the guest:

    BCC2CORE_GUEST_ICOUNT=0 compat-tests/guest/run-in-guest.sh --smp 1 \\
        --env BCC2CORE=$PWD/build/bin/bcc2core -- /usr/bin/python3 bench/kcost_full.py
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kcost  # noqa: E402

# both ends on one CPU: each round trip two direct switches (a guest with
# --smp 1 has no other; on a host, wakeups across CPUs would bury them)
PING_SETUP = """os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
r1, w1 = os.pipe(); r2, w2 = os.pipe()
if os.fork() == 0:
    os.close(w1); os.close(r2)
    while True:
        b = os.read(r1, 1)
        if not b:
            os._exit(0)
        os.write(w2, b)
os.close(r1); os.close(w2)"""
PING = ("pipe round trip to a child", PING_SETUP, 'os.write(w1, b"x"); os.read(r2, 1)')
# tool: (what one call is, setup, one call). Light syscalls only: the bare
# loop moves by 30-340 instructions a call between runs, so a call that costs
# hundreds of thousands (a TCP connect, an exec) would bury the programs
TRIGGERS = {
    "statsnoop": ("statx(2)", 'f = b"/tmp/kcost-full.x"; open(f, "w").close()',
                  "libc.syscall(332, -100, f, 0, 0x7ff, buf)"),
    "killsnoop": ("kill(2), signal 0", "", "os.kill(pid, 0)"),
    "shmsnoop": ("shmget(2) + shmctl(2)", "",
                 "libc.shmctl(libc.shmget(0, 4096, 0o1600), 0, None)"),
    "bindsnoop": ("socket(2) + bind(2) + close(2)", "",
                  's = socket.socket(); s.bind(("127.0.0.1", 0)); s.close()'),
    "solisten": ("socket(2) + bind(2) + listen(2) + close(2)", "",
                 's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1); s.close()'),
    "filelife": ("creat(2) + unlink(2)", 'f = "/tmp/kcost-full.life"',
                 "os.close(os.open(f, os.O_CREAT | os.O_WRONLY, 0o644)); os.unlink(f)"),
    # every syscall's entry or exit runs their programs: the lightest call
    # there is (pid_filter and syscall_ids: bench/kcost's, not the corpus')
    "syscount": ("getppid(2)", "", "os.getppid()"),
    "pid_filter": ("getppid(2)", "", "os.getppid()"),
    "syscall_ids": ("getppid(2)", "", "os.getppid()"),
    # two context switches a call (--smp 1): a byte to a child and back
    # (sched_switch tracepoints: bench/kcost_structs' switch_prev, bench/
    # kcost's switch_pids)
    "switch_prev": PING,
    "switch_pids": PING,
    # the rest of bench/kcost's set: syscalls:sys_enter_X tracepoints (their
    # fentry forms where trampolines work), a raw tracepoint, a uprobe on
    # libc's getppid (os.getppid() calls it)
    "percpu_counter": ("getppid(2)", "", "os.getppid()"),
    "struct_hash": ("getppid(2)", "", "os.getppid()"),
    "uprobe_count": ("getppid(2), libc's", "", "os.getppid()"),
    "write_hist": ("write(2) of a byte to /dev/null", 'fd = os.open("/dev/null", os.O_WRONLY)',
                   'os.write(fd, b"x")'),
    "openat_filter": ("openat(2) + close(2) of /dev/null", "",
                      'os.close(os.open("/dev/null", os.O_RDONLY))'),
    "raw_tp_count": PING,
    "sched_switch": PING,
    "filegone": ("creat(2) + rename(2) + unlink(2)",
                 'f, g = "/tmp/kcost-full.gone", "/tmp/kcost-full.gone2"',
                 "os.close(os.open(f, os.O_CREAT | os.O_WRONLY, 0o644)); "
                 "os.rename(f, g); os.unlink(g)"),
    # the e2e matrix's programs (kcost.py --e2e) with a light call
    "unlinkat_count": ("openat(2) + close(2) + unlinkat(2)",
                       'd = os.open("/tmp", os.O_RDONLY); f = "kcost-full.unlink"',
                       "os.close(os.open(f, os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=d)); "
                       "os.unlink(f, dir_fd=d)"),
    "output_kinds": ("openat(2) + close(2), its marker file",
                     'f = "/tmp/bcc2core-marker.kcost"; open(f, "w").close()',
                     "os.close(os.open(f, os.O_RDONLY))"),
    # not its marker open: a path missing on the guest's shared root is a
    # lookup on the host (10-300 M instructions a call, moving)
    "syscall_args": ("openat+close, read, kill, pread64, mmap+munmap",
                     'import mmap; zero = os.open("/dev/zero", os.O_RDONLY)',
                     'os.close(os.open("/dev/null", os.O_RDONLY)); '
                     "os.read(zero, 37); libc.syscall(62, 4000000, 12); "
                     "os.pread(zero, 37, 0x123456789); "
                     "mmap.mmap(zero, 12288, mmap.MAP_PRIVATE, mmap.PROT_READ, "
                     "offset=8192).close()"),
    "raw_syscalls": ("getppid(2)", "", "os.getppid()"),
    # its switch and wakeup programs (fork, exec and exit: no light call)
    "sched_events": ("pipe round trip to a child (switch, wakeup)",) + PING[1:],
}
TRIGGERS["kprobe_unlink"] = TRIGGERS["fentry_unlink"] = TRIGGERS["unlinkat_count"]
# tcp_v4_connect() entered and left at once: a 4-byte AF_INET address gets
# past connect(2)'s own check and is refused by tcp_v4_connect()'s (EINVAL),
# so the entry and return programs run (the entry saves the socket, the
# return finds the error and drops it) without a handshake to bury them
TRIGGERS["tcpconnect"] = TRIGGERS["tcpconnlat"] = (
    "connect(2) that tcp_v4_connect() refuses (a 4-byte address)",
    'sk = socket.socket(); short = ctypes.create_string_buffer(b"\\x02\\x00", 16)',
    "libc.connect(sk.fileno(), short, 4)")
# solisten's call is a listener's two state changes (CLOSE -> LISTEN ->
# CLOSE): a connection's would bury them under the TCP handshake's cost
TRIGGERS["tcpstates"] = TRIGGERS["tcplife"] = TRIGGERS["sock_states"] = TRIGGERS["solisten"]
# --bystander: a syscall no tool of the set traces (a syscall tracepoint
# with a program on it sends every syscall of every task through the
# kernel's syscall tracing; a trampoline on one syscall's function does not)
BYSTANDER = ("getppid(2), untraced", "", "os.getppid()")
# a quarter of N first, untimed (the paths warm); then N timed
LOOP = """import ctypes, os, socket, sys, time
libc = ctypes.CDLL(None, use_errno=True); buf = ctypes.create_string_buffer(512)
pid = os.getpid()
%s
def once():
    %s
n = int(sys.argv[1])
for i in range(n // 4): once()
t0 = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
for i in range(n): once()
t1 = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
print(t1 - t0)
"""


def loop_once(trigger, n, pids):
    """(loop ns, run ns, runs): the loop's time and what the programs @pids
    hold ran over it, summed."""
    _, setup, call = trigger
    before = kcost.fd_stats(pids)
    out = subprocess.run([sys.executable, "-c", LOOP % (setup, call), str(n)],
                         capture_output=True, text=True, check=True).stdout
    after = kcost.fd_stats(pids)
    return (int(out), sum(a[0] - before.get(i, (0, 0))[0] for i, a in after.items()),
            sum(a[1] - before.get(i, (0, 0))[1] for i, a in after.items()))


def measure(tool, n, reps, cache, trigger):
    """{kind: [(loop ns, prog ns, prog runs)] over @reps loops}: the bare
    loop before and after the two sides, each side started once."""
    prog = os.path.join(kcost.CORPUS, tool + ".bcc.c")
    for d in ("kcost", "kcost_structs"):
        if not os.path.exists(prog):
            prog = os.path.join(kcost.HERE, d, tool + ".bcc.c")
    if not os.path.exists(prog):
        prog = kcost.e2e_programs().get(tool, prog)
    kcost.ATTACH[tool] = kcost.corpus_args(tool) or kcost.ATTACH.get(tool, [])
    kcost.fill_cache(cache, prog, kcost.ATTACH[tool])
    res = {"none": [], "bcc": [], "bcc2core": []}
    for kind in ("none", "bcc", "bcc2core", "none"):
        side = kcost.start_side(kind, prog, cache) if kind != "none" else None
        try:
            pids = [side[0].pid] if side else []
            for _ in range(reps):
                res[kind].append(loop_once(trigger, n, pids))
        finally:
            if side:
                kcost.stop_side(side[0])
    return res


def in_all(tool, res, n, trigger):
    """The tool's row: per call in all and on bpf_stats, each side."""
    bare = [t for t, _, _ in res["none"]]
    base = statistics.median(bare)
    row = {"tool": tool, "call": trigger[0], "n": n, "bare": base,
           "bare_spread": (max(bare) - min(bare)) / n}
    for kind in ("bcc", "bcc2core"):
        t = statistics.median(x[0] for x in res[kind])
        row[kind] = {"loop": t, "per_call": (t - base) / n,
                     "stats_per_call": statistics.median(x[1] for x in res[kind]) / n,
                     "runs_per_call": statistics.median(x[2] for x in res[kind]) / n}
    b, o = row["bcc"]["per_call"], row["bcc2core"]["per_call"]
    rb, ro = row["bcc"]["runs_per_call"], row["bcc2core"]["runs_per_call"]
    # not resolved: a side at or below the bare loop (its spread is what a
    # light program costs), or runs apart by more than the few percent a
    # round trip's own switches make
    row["resolved"] = b > 0 and o > 0 and abs(rb - ro) <= 0.05 * max(rb, ro)
    row["ratio"] = o / b if row["resolved"] else float("nan")
    sb, so = row["bcc"]["stats_per_call"], row["bcc2core"]["stats_per_call"]
    row["stats_ratio"] = so / sb if sb > 0 else float("nan")
    return row


def tools_from(corpus, every=False):
    """The tools of kcost.py's corpus JSON with a counted row above 1.00x
    (as printed: two decimals; @every: any counted row) whose two sides are
    programs of different types."""
    out = []
    for r in corpus["rows"]:
        tool = r["program"].split("/")[0]
        worst = max(r["ratio"], r["median"] if r["median"] == r["median"] else 0)
        if (r.get("counted") and (every or round(worst, 2) > 1.00) and
                r.get("bcc_type") != r.get("bcc2core_type") and tool not in out):
            out.append(tool)
    return out


def per_tool(corpus, rows, differing):
    """{tool: (ratio, how)}: in all where measured, else kcost.py's ratio
    of the tool's counted programs summed (bpf_stats: the same window where
    both sides' programs are of one type; a tool in @differing without a
    trigger is marked so, its forms' savings outside that window)."""
    got = {t: (r, "bpf_stats" + (", no trigger" if t in differing else ""))
           for t, r in corpus.get("tools", {}).items() if t not in rows}
    got.update({t: (r["ratio"], "in all") for t, r in rows.items() if r["ratio"] == r["ratio"]})
    return got


def highest_in_all(corpus, rows, column):
    """(ratio, program) highest in @column ("ratio": the sums, "median":
    the median column) over the corpus' counted rows, a row whose sides
    differ in type taken as its tool's ratio in all when measured."""
    best = (float("nan"), "-")
    for r in corpus["rows"]:
        if not r.get("counted") or r[column] != r[column]:
            continue
        tool = r["program"].split("/")[0]
        v, label = r[column], r["program"]
        if tool in rows and r.get("bcc_type") != r.get("bcc2core_type"):
            v, label = rows[tool]["ratio"], r["program"] + " in all"
        if not v <= best[0]:
            best = (v, label)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="calls a loop")
    ap.add_argument("--reps", type=int, default=3, help="loops of each kind")
    ap.add_argument("--tools", help="comma-separated, of: " + ",".join(TRIGGERS))
    ap.add_argument("--from", dest="corpus", help="kcost.py --corpus JSON")
    ap.add_argument("--json", help="write the rows here too")
    ap.add_argument("--cache", default="/tmp/bcc2core-kcost-full-cache")
    ap.add_argument("--every-differing", action="store_true",
                    help="with --from: every tool with a row whose sides differ in type, "
                    "not only those above 1.00x; then a per-tool line, each tool in all "
                    "where so measured")
    ap.add_argument("--bystander", action="store_true",
                    help="time getppid(2), which the tools do not trace, instead of "
                    "their own triggers: what they cost the rest of the system")
    a = ap.parse_args()
    corpus = None
    if a.corpus:
        with open(a.corpus) as f:
            corpus = json.load(f)
        differing = tools_from(corpus, True)
        tools = differing if a.every_differing else tools_from(corpus)
    else:
        tools = a.tools.split(",") if a.tools else list(TRIGGERS)
    unknown = [t for t in tools if t not in TRIGGERS]
    if unknown:
        print("no trigger for %s: measured on bpf_stats only" % ",".join(unknown))
    tools = [t for t in tools if t in TRIGGERS]
    # the guest boots with its loopback down: the socket triggers bind it
    subprocess.run(["ip", "link", "set", "lo", "up"], check=False)
    os.makedirs(a.cache, mode=0o700, exist_ok=True)
    with open("/proc/sys/kernel/bpf_stats_enabled") as f:
        stats_was = f.read().strip()
    rows = {}
    try:
        with open("/proc/sys/kernel/bpf_stats_enabled", "w") as f:
            f.write("1")
        print("%-10s %-32s %9s %9s %7s %9s %9s %7s %6s" % (
            "tool", "one call", "BCC all", "b2c all", "ratio", "BCC stat", "b2c stat",
            "ratio", "bare+-"))
        for tool in tools:
            trigger = BYSTANDER if a.bystander else TRIGGERS[tool]
            rows[tool] = row = in_all(tool, measure(tool, a.n, a.reps, a.cache, trigger), a.n,
                                      trigger)
            note = "" if row["resolved"] else "  NOT RESOLVED"
            if row["bcc"]["runs_per_call"] != row["bcc2core"]["runs_per_call"]:
                note += "  RUNS DIFFER: %.2f/%.2f a call" % (row["bcc"]["runs_per_call"],
                                                           row["bcc2core"]["runs_per_call"])
            print("%-10s %-32s %9.1f %9.1f %6.2fx %9.1f %9.1f %6.2fx %6.1f%s" % (
                tool, row["call"], row["bcc"]["per_call"], row["bcc2core"]["per_call"],
                row["ratio"], row["bcc"]["stats_per_call"], row["bcc2core"]["stats_per_call"],
                row["stats_ratio"], row["bare_spread"], note), flush=True)
    finally:
        with open("/proc/sys/kernel/bpf_stats_enabled", "w") as f:
            f.write(stats_was)
    print("(ns a call: guest instructions under icount, ns on a host; 'all': the loop over "
          "the bare loop; 'stat': bpf_stats' run time; bare+-: the bare loop's spread a call)")
    ratios = [(r["ratio"], t) for t, r in rows.items() if r["ratio"] == r["ratio"]]
    if ratios:
        geo = statistics.geometric_mean([max(v, 1e-9) for v, _ in ratios])
        top = max(ratios)
        print("geomean in all bcc2core/BCC: %.2fx over %d tools; highest %.2fx (%s)"
              % (geo, len(ratios), top[0], top[1]))
    if corpus is not None:
        # the median column does not follow one interrupt landing inside
        # one program run; the sum does (equal code has measured 1.02x)
        (vs, ls), (vm, lm) = (highest_in_all(corpus, rows, c) for c in ("ratio", "median"))
        print("highest with differing mechanisms taken in all: %.2fx (%s) in the median "
              "column, %.2fx (%s) on the sums, over %d tools measured in all"
              % (vm, lm, vs, ls, len(rows)))
        if a.every_differing:
            pt = per_tool(corpus, rows, differing)
            every = sorted({r["program"].split("/")[0] for r in corpus["rows"]})
            lost = [t for t in every if t not in pt]
            if pt:
                top = max(pt, key=lambda t: pt[t][0])
                print("per tool, in all where the sides' types differ: %.2fx geomean over %d "
                      "tools; highest %.2fx (%s, %s); %s%s" % (
                          statistics.geometric_mean([v for v, _ in pt.values()]),
                          len(pt), pt[top][0], top, pt[top][1],
                          ", ".join("%s %.2fx %s" % (t, v, h) for t, (v, h) in sorted(pt.items())),
                          "; not measured: " + ",".join(lost) if lost else ""))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
