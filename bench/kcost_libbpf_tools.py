#!/usr/bin/python3
"""In-kernel cost of a converted BCC tool against the hand-written
libbpf-tools port of the same tool (Debian's libbpf-tools package,
/usr/sbin/TOOL), on this host: both are CO-RE, so both read this kernel
right, and no BCC is involved. For each tool, the BCC tool itself
(/usr/sbin/TOOL-bpfcc, unmodified, under bcc2core's drop-in package) and
the libbpf-tools binary run at once, each printing what it prints (to
/dev/null: the cost of sending records is part of a tool's cost),
kernel.bpf_stats_enabled counts every program of each, and one workload
(kcost.py's CORPUS_WORK) runs. The two tools do not hook the same places
(a kprobe of BCC's runs here as its tracepoint form; a libbpf-tools tool
may use tp_btf), so the figure is per tool: the in-kernel time all its
programs took over the workload, and its ratio.

    kcost_libbpf_tools.py [--runs N] [--scale F] [--only TOOL,...] [--json FILE]

Runs alternate which side starts first. Needs root, a built tree and
libbpf-tools (scripts/setup.sh installs it)."""
import argparse
import atexit
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kcost  # noqa: E402

# the tools whose probes attach on this host under both, with the
# arguments (the same for both) that make them trace until SIGINT
TOOLS = {
    "execsnoop": [], "exitsnoop": [], "killsnoop": [], "statsnoop": [],
    "opensnoop": [], "syscount": [], "runqlat": [], "runqslower": ["100000"],
    "tcplife": [], "tcpstates": [], "softirqs": [], "mountsnoop": [],
}


def start_tool(argv, env=None):
    """A tool, once its programs are loaded and attached: the process and
    its program ids (the set has not grown for a second)."""
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         start_new_session=True, env=env)
    last, since = set(), time.monotonic()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if p.poll() is not None:
            raise RuntimeError("%s exited %d: %s" % (" ".join(argv), p.returncode,
                                                      p.stderr.read()[-400:]))
        ids = kcost.bpf_prog_ids(p.pid)
        if ids != last:
            last, since = ids, time.monotonic()
        elif ids and time.monotonic() - since > 1.0:
            return p, ids
        time.sleep(0.1)
    stop_tool(p)
    raise RuntimeError("%s: no programs after 30 s" % " ".join(argv))


def stop_tool(p):
    try:
        os.killpg(p.pid, signal.SIGINT)
        p.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        p.kill()
        p.wait()


def one_run(name, first, cache):
    """{side: {"ns": total run time, "runs": total runs, "progs": {name: [ns, runs]}}}"""
    env = dict(os.environ, PYTHONPATH=kcost.python_path(), BCC2CORE_CACHE_DIR=cache,
               BCC2CORE=kcost.BCC2CORE)
    sides = {}
    try:
        for side in first:
            if side == "bcc2core":
                sides[side] = start_tool([kcost.PYTHON, "/usr/sbin/%s-bpfcc" % name] +
                                         TOOLS[name], env)
            else:
                sides[side] = start_tool(["/usr/sbin/" + name] + TOOLS[name])
        every = set().union(*(ids for _, ids in sides.values()))
        before = kcost.prog_stats(every)
        subprocess.run([kcost.PYTHON, "-c", kcost.scaled(kcost.CORPUS_WORK)], check=True)
        after = kcost.prog_stats(every)
    finally:
        for p, _ in sides.values():
            stop_tool(p)
    res = {}
    for side, (_, ids) in sides.items():
        r = res[side] = {"ns": 0, "runs": 0, "progs": {}}
        for i in ids:
            if i not in after:
                continue
            ns = after[i][0] - before.get(i, after[i])[0]
            runs = after[i][1] - before.get(i, after[i])[1]
            r["ns"] += ns
            r["runs"] += runs
            pr = r["progs"].setdefault(after[i][4], [0, 0])
            pr[0] += ns
            pr[1] += runs
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--scale", type=float, default=0.25, help="workload size factor")
    ap.add_argument("--only", help="comma-separated tools")
    ap.add_argument("--json", help="write the figures here too")
    ap.add_argument("--cache", help="the drop-in's object cache (default: a new one, removed "
                    "after: the cache is keyed by the program's text and cflags alone, and an "
                    "object an older bcc2core left there would be measured instead)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        print("kcost_libbpf_tools: needs root", file=sys.stderr)
        return 77
    kcost.SCALE = args.scale
    names = args.only.split(",") if args.only else list(TOOLS)
    if not args.cache:
        args.cache = tempfile.mkdtemp(prefix="bcc2core-kcost-libbpf.", dir="/var/tmp")
        atexit.register(shutil.rmtree, args.cache, True)
    os.makedirs(args.cache, mode=0o700, exist_ok=True)
    old = open("/proc/sys/kernel/bpf_stats_enabled").read().strip()
    open("/proc/sys/kernel/bpf_stats_enabled", "w").write("1")
    rows, out = [], {}
    try:
        for name in names:
            if not os.path.exists("/usr/sbin/" + name) or \
                    not os.path.exists("/usr/sbin/%s-bpfcc" % name):
                print("%-12s not measured: /usr/sbin/%s (libbpf-tools) or %s-bpfcc missing"
                      % (name, name, name))
                continue
            runs = []
            try:
                for k in range(args.runs):
                    order = ("bcc2core", "libbpf") if k % 2 == 0 else ("libbpf", "bcc2core")
                    runs.append(one_run(name, order, args.cache))
            except (RuntimeError, subprocess.CalledProcessError) as e:
                print("%-12s not measured: %s" % (name, str(e).splitlines()[0][:200]))
                continue
            b = statistics.median(r["bcc2core"]["ns"] for r in runs)
            lt = statistics.median(r["libbpf"]["ns"] for r in runs)
            out[name] = runs
            if lt and b:
                rows.append((name, b, lt, b / lt, runs[-1]))
    finally:
        open("/proc/sys/kernel/bpf_stats_enabled", "w").write(old)
    print("%-12s %14s %14s %7s  %s" % ("tool", "bcc2core us", "libbpf-tools us", "ratio",
                                       "programs that ran (runs): bcc2core | libbpf-tools"))
    for name, b, lt, ratio, last in rows:
        def progs(side):
            return ", ".join("%s %d" % (n, v[1]) for n, v in sorted(last[side]["progs"].items())
                             if v[1])
        print("%-12s %14.1f %14.1f %6.2fx  %s | %s" % (name, b / 1e3, lt / 1e3, ratio,
                                                       progs("bcc2core"), progs("libbpf")))
    if rows:
        g = math.exp(sum(math.log(r[3]) for r in rows) / len(rows))
        worst = max(rows, key=lambda r: r[3])
        print("geomean bcc2core/libbpf-tools in-kernel time per workload: %.2fx over %d tools;"
              " highest %.2fx (%s)" % (g, len(rows), worst[3], worst[0]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
