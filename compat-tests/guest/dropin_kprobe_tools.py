#!/usr/bin/python3
"""Debian's BCC tools that need kprobes on kernel functions, unmodified, under
bcc2core's drop-in `bcc` package and under BCC, in ONE boot of Debian's 6.1
kernel (run-in-guest.sh), against one workload whose ground truth is known.
The host kernel has no kprobes: none of them can attach there.

Cases (/usr/sbin/TOOL-bpfcc of bpfcc-tools 0.26):
  biolatency          kprobes on blk_mq_start_request and on
                      __blk_account_io_done or blk_account_io_done, as
                      get_kprobe_functions() says. Debian's 6.1 inlines
                      both (since 5.16): BCC cannot attach ("not
                      traceable"), and the drop-in must fail at the same
                      call, not trace something else.
  biolatency@endreq -D  the same tool (a copy made in the guest) with its
                      completion probe on blk_mq_end_request, which ends
                      the same requests (__blk_mq_end_request, which calls
                      blk_account_io_done, is inlined too), per disk: reads
                      req->q->disk (or req->rq_disk, as
                      kernel_struct_has_field() says) ->disk_name
  ext4dist            one program on the entries of four functions of the
                      ext4 module, four on their returns
  tcpconnect          kprobes/kretprobes on tcp_v4_connect, tcp_v6_connect
  tcpaccept           kretprobe__inet_csk_accept

In the guest:
  1. a scratch virtio disk (run-in-guest.sh --disk) gets ext4, mounted at
     /tmp/b2cdk/mnt; lo goes up;
  2. `bcc2core port` of each case, there, each into its own object cache:
     a tool's text and attach calls depend on the kernel it runs on
     (get_kprobe_functions, kernel_struct_has_field), so a user of this
     kernel ports on it;
  3. each case is started under the drop-in package, then under BCC (which
     compiles for one to several minutes under TCG), one at a time, each
     waited for until it traces (or exits): the start-up times;
  4. one workload: dd of N direct 4 KiB writes (+ fsync) and M direct reads
     of a file on the disk; TCP connects to a listener of this process over
     127.0.0.1 and ::1;
  5. SIGINT to every tool, their outputs recorded.
Then, on the host: each output against the ground truth (histogram totals,
per-operation counts, the lines of the workload's pids and ports), and the
drop-in's against BCC's where that is deterministic (they watched the same
workload: I/O and call counts, connection lines).

usage: dropin_kprobe_tools.py [--report FILE] [--keep] [--guest-timeout SECS]
Env: BCC2CORE (default <repo>/build/bin/bcc2core); the run-in-guest.sh ones.
Prints one row per check, then `N passed, N failed` ("n/a": BCC itself
cannot run the case on this kernel). Exit 0 all passed, 1 a failure, 77 not
root, no bpfcc-tools, or QEMU / the guest kernel unavailable.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
RUN_IN_GUEST = os.path.join(HERE, "run-in-guest.sh")
PY = "/usr/bin/python3"     # Debian's, with python3-bpfcc
N_WRITES, N_READS = 200, 100
EXTRA_IO = 40               # journal, flushes: the most a histogram may add
DISK_MIB = 64
GUEST_WORK = "/tmp/b2cdk"   # the guest's own tmpfs
PARALLEL_PORTS = 2
BCC_START_MAX = 420         # seconds a BCC compile may take under TCG


class Case:
    def __init__(self, name, tool, args, ready, kind, patch=None):
        self.name, self.tool, self.args, self.ready, self.kind = name, tool, args, ready, kind
        self.patch = patch      # (old, new): the installed tool's text, changed
        self.slug = re.sub(r"[^\w]+", "-", name).strip("-")


BIO_READY = r"^Tracing block device I/O"
# the completion probe of biolatency on a function this kernel can trace
END_REQ = ('event="blk_account_io_done"', 'event="blk_mq_end_request"')
CASES = [
    Case("biolatency", "biolatency-bpfcc", [], BIO_READY, "biolatency"),
    Case("biolatency@endreq -D", "biolatency-bpfcc", ["-D"], BIO_READY, "biolatency", END_REQ),
    Case("ext4dist", "ext4dist-bpfcc", [], r"^Tracing ext4 operation latency", "ext4dist"),
    Case("tcpconnect", "tcpconnect-bpfcc", [], r"^PID\s+COMM\s+IP\s+SADDR", "tcpconnect"),
    Case("tcpaccept", "tcpaccept-bpfcc", [], r"^PID\s+COMM\s+IP\s+RADDR", "tcpaccept"),
]
FLAVOURS = ("drop-in", "bcc")
BLOCK_FUNCS = ("__blk_account_io_start", "blk_account_io_start", "__blk_account_io_done",
               "blk_account_io_done", "blk_mq_start_request", "blk_start_request",
               "__blk_mq_end_request", "blk_mq_end_request")


T0 = time.monotonic()


def log(msg):
    print(f"[{time.monotonic() - T0:5.0f}s] {msg}", file=sys.stderr, flush=True)


def tail(lines, n=4):
    lines = [l for l in (lines or []) if l.strip()]
    return " | ".join(lines[-n:])


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kw)


# --- guest side --------------------------------------------------------------------

class Tool:
    """One running tool, its stdout and stderr lines kept as they come."""

    def __init__(self, argv, env):
        self.out, self.err = [], []
        self.t0 = time.monotonic()
        self.exit_secs = None
        self.p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  stdin=subprocess.DEVNULL, text=True, env=env)
        self.readers = [threading.Thread(target=self._read, args=(s, into), daemon=True)
                        for s, into in ((self.p.stdout, self.out), (self.p.stderr, self.err))]
        for t in self.readers:
            t.start()

    @staticmethod
    def _read(stream, into):
        for line in stream:
            into.append(line.rstrip("\n"))

    def wait_ready(self, rx, timeout):
        """-> seconds until a line matched @rx; None when it exited first
        (exit_secs says when) or timed out"""
        while time.monotonic() < self.t0 + timeout:
            if any(re.search(rx, l) for l in list(self.out)):
                return round(time.monotonic() - self.t0, 1)
            if self.p.poll() is not None:
                self.exit_secs = round(time.monotonic() - self.t0, 1)
                return None
            time.sleep(0.1)
        return None

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGINT)

    def reap(self, deadline):
        try:
            self.p.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            self.err.append("(killed: did not exit after SIGINT)")
        for t in self.readers:
            t.join(timeout=5)
        return self.p.returncode


def guest_setup(work, res):
    """lo up, the scratch disk as ext4 at work/mnt -> mount point or None"""
    for cmd in (["ip", "link", "set", "lo", "up"], ["modprobe", "-a", "virtio_blk", "ext4"]):
        r = sh(cmd)
        if r.returncode:
            res["setup_error"] = f"{' '.join(cmd)}: {r.stderr.strip()}"
            return None
    for _ in range(100):
        if os.path.exists("/dev/vda"):
            break
        time.sleep(0.1)
    else:
        res["setup_error"] = "no /dev/vda after modprobe virtio_blk (run-in-guest.sh --disk?)"
        return None
    mnt = os.path.join(work, "mnt")
    os.makedirs(mnt, exist_ok=True)
    # no background I/O of the file system: inode tables and journal zeroed
    # now, no atime updates (a dirty inode is a journal commit later)
    for cmd in (["mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0",
                 "/dev/vda"],
                ["mount", "-o", "noatime,noinit_itable", "/dev/vda", mnt]):
        r = sh(cmd)
        if r.returncode:
            res["setup_error"] = f"{' '.join(cmd)}: {r.stderr.strip()}"
            return None
    try:
        res["ipv6"] = " lo" in open("/proc/net/if_inet6").read()
    except OSError:
        res["ipv6"] = False
    return mnt


def kernel_facts():
    """the block layer's functions: kallsyms type, traceable (ftrace can
    patch them: kprobe events and fentry need that)"""
    facts = {"kernel": os.uname().release,
             "kprobes": os.path.exists("/sys/bus/event_source/devices/kprobe/type"),
             "block": {}}
    try:
        with open("/proc/kallsyms") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3 and parts[2] in BLOCK_FUNCS:
                    facts["block"][parts[2]] = parts[1]
        with open("/sys/kernel/tracing/available_filter_functions") as f:
            for line in f:
                name = line.split()[0] if line.strip() else ""
                if name in facts["block"]:
                    facts["block"][name] += " traceable"
    except OSError as e:
        facts["block_error"] = str(e)
    return facts


def disk_workload(mnt):
    """-> the ground truth: dd pids, counts"""
    f = os.path.join(mnt, "dio")
    w = subprocess.run(["dd", "if=/dev/zero", f"of={f}", "bs=4k", f"count={N_WRITES}",
                        "oflag=direct", "conv=fsync"], stderr=subprocess.PIPE, text=True,
                       timeout=300)
    r = subprocess.run(["dd", f"if={f}", "of=/dev/null", "bs=4k", f"count={N_READS}",
                        "iflag=direct"], stderr=subprocess.PIPE, text=True, timeout=300)
    return {"writes": N_WRITES, "reads": N_READS, "write_rc": w.returncode,
            "read_rc": r.returncode, "dd": tail((w.stderr + r.stderr).splitlines(), 2)}


CLIENT = ("import socket, sys\n"
          "s = socket.create_connection((sys.argv[1], int(sys.argv[2])))\n"
          "print(s.getsockname()[1], flush=True)\n"
          "s.recv(1)\n")


def tcp_workload(ipv6):
    """A listener in this process, per address family a client process that
    connects and says its port -> [{family, addr, client_pid, server_pid,
    lport, cport}]"""
    conns = []
    fams = [(socket.AF_INET, "127.0.0.1")] + ([(socket.AF_INET6, "::1")] if ipv6 else [])
    for fam, addr in fams:
        srv = socket.socket(fam)
        srv.settimeout(60)
        srv.bind((addr, 0))
        srv.listen(1)
        port = srv.getsockname()[1]
        c = subprocess.Popen([PY, "-c", CLIENT, addr, str(port)], stdout=subprocess.PIPE,
                             text=True)
        conn, _ = srv.accept()
        cport = int(c.stdout.readline())
        conn.close()
        c.wait(timeout=60)
        srv.close()
        conns.append({"family": 6 if fam == socket.AF_INET6 else 4, "addr": addr,
                      "client_pid": c.pid, "server_pid": os.getpid(), "lport": port,
                      "cport": cport})
    return conns


def tool_path(case, work, res):
    """the installed tool, or a copy with case.patch applied"""
    path = "/usr/sbin/" + case.tool
    if not case.patch:
        return path
    text = open(path).read()
    if text.count(case.patch[0]) != 1:
        res["patch_error"] = f"{path}: '{case.patch[0]}' is not there once"
        return None
    copy = os.path.join(work, "tools", case.tool + "." + case.slug)
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    with open(copy, "w") as f:
        f.write(text.replace(*case.patch))
    os.chmod(copy, 0o755)
    return copy


def port_all(a, work, env_base, paths, res, save):
    """bcc2core port of every case, PARALLEL_PORTS at a time"""
    todo = [c for c in CASES if paths.get(c.name)]
    running = {}
    while todo or running:
        while todo and len(running) < PARALLEL_PORTS:
            c = todo.pop(0)
            obj = os.path.join(a.objs, c.slug + ".bpf.o")
            log(f"  port {c.name} ...")
            env = dict(env_base, BCC2CORE_CACHE_DIR=os.path.join(work, "cache", c.slug))
            p = subprocess.Popen([a.bcc2core, "port", "-o", obj, "--source",
                                  obj[:-len(".bpf.o")] + ".bcc.c", paths[c.name], *c.args],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL, text=True, env=env)
            running[c.name] = (p, time.monotonic())
        time.sleep(0.2)
        for name, (p, t0) in list(running.items()):
            if p.poll() is not None:
                err = p.stderr.read()
                res["port"][name] = {"rc": p.returncode, "stderr": err.splitlines()[-30:],
                                     "secs": round(time.monotonic() - t0, 1)}
                del running[name]
                save()


def guest_phase(a):
    res = {"facts": kernel_facts(), "port": {}, "runs": {}, "secs": {}}
    t_all = time.monotonic()

    def save():
        with open(a.out, "w") as f:
            json.dump(res, f)

    work = GUEST_WORK
    os.makedirs(work, exist_ok=True)
    mnt = guest_setup(work, res)
    save()
    if not mnt:
        log(f"guest setup failed: {res['setup_error']}")
        return 0
    res["secs"]["setup"] = round(time.monotonic() - t_all, 1)
    env_base = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env_base["PYTHONUNBUFFERED"] = "1"
    pp = sh([a.bcc2core, "python-path"]).stdout.strip()
    paths = {c.name: tool_path(c, work, res) for c in CASES}

    # 2. port, here
    t0 = time.monotonic()
    port_all(a, work, env_base, paths, res, save)
    res["secs"]["port"] = round(time.monotonic() - t0, 1)

    # 3. start: the drop-in ones one at a time, then all BCC ones at once
    running = {}
    t0 = time.monotonic()
    for c in CASES:
        if res["port"].get(c.name, {}).get("rc", 1):
            continue
        log(f"  start {c.name} / drop-in ...")
        env = dict(env_base, PYTHONPATH=pp, BCC2CORE_LOG_LEVEL="info",
                   BCC2CORE_CACHE_DIR=os.path.join(work, "cache", c.slug))
        t = Tool([PY, paths[c.name], *c.args], env)
        running[(c.name, "drop-in")] = t
        secs = t.wait_ready(c.ready, 120)
        res["runs"].setdefault(c.name, {})["drop-in"] = {"ready_secs": secs,
                                                         "exit_secs": t.exit_secs}
        save()
    res["secs"]["start drop-in"] = round(time.monotonic() - t0, 1)
    t0 = time.monotonic()
    for c in CASES:
        if not paths.get(c.name):
            continue
        log(f"  start {c.name} / BCC ...")
        t = Tool([PY, paths[c.name], *c.args], env_base)
        running[(c.name, "bcc")] = t
        secs = t.wait_ready(c.ready, BCC_START_MAX)
        res["runs"].setdefault(c.name, {})["bcc"] = {"ready_secs": secs,
                                                     "exit_secs": t.exit_secs}
        save()
    res["secs"]["start BCC"] = round(time.monotonic() - t0, 1)

    # 4. the workload, watched by every tool that is tracing
    t0 = time.monotonic()
    log("  workload ...")
    truth = {"disk": disk_workload(mnt), "tcp": tcp_workload(res.get("ipv6"))}
    sh(["sync"])
    time.sleep(1.0)     # perf buffers drain
    res["truth"] = truth
    res["secs"]["workload"] = round(time.monotonic() - t0, 1)
    save()
    log("  stop ...")

    # 5. stop all at once
    t0 = time.monotonic()
    for t in running.values():
        t.stop()
    deadline = time.monotonic() + 120
    for (name, flavour), t in running.items():
        rc = t.reap(deadline)
        res["runs"][name][flavour].update(rc=rc, stdout=t.out, stderr=t.err[-40:])
    res["secs"]["stop"] = round(time.monotonic() - t0, 1)
    res["secs"]["guest"] = round(time.monotonic() - t_all, 1)
    save()
    return 0


# --- judging (host) ----------------------------------------------------------------

HIST_ROW = re.compile(r"^\s*(\d+) -> (\d+)\s+: (\d+)\s+\|")


def histograms(lines):
    """BCC's log2 histograms in a tool's output -> (label, {section: total})"""
    label, sect, out = None, "", {}
    for l in lines:
        m = re.match(r"^(\S.*?) = (.*)$", l)
        if m and not HIST_ROW.match(l):
            sect = f"{m.group(1)} = {m.group(2)}"
            continue
        m = re.match(r"^\s+(\w+)\s+: count\s+distribution", l)
        if m:
            label = m.group(1)
            out.setdefault(sect, 0)
            continue
        m = HIST_ROW.match(l)
        if m:
            out[sect] = out.get(sect, 0) + int(m.group(3))
    return label, out


def judge_biolatency(case, lines, truth):
    d = truth["disk"]
    want = d["writes"] + d["reads"]
    label, hist = histograms(lines)
    problems = []
    if label != "usecs":
        problems.append(f"no 'usecs : count distribution' header (label {label})")
    sections = ["disk = vda"] if "-D" in case.args else [""]
    if sorted(hist) != sections:
        problems.append(f"histograms {sorted(hist)}, want {sections}")
    total = sum(hist.values())
    # the file's data, and some of ext4's (journal) and flushes
    if not want <= total <= want + EXTRA_IO:
        problems.append(f"{total} I/Os counted, want {want}..{want + EXTRA_IO} "
                        f"({d['writes']} direct writes + {d['reads']} direct reads + journal)")
    view = {"label": label, "totals": hist}
    return problems, view, {"label": label, "sections": sorted(hist), "total": total}


def judge_ext4dist(case, lines, truth):
    d = truth["disk"]
    label, hist = histograms(lines)
    want = {"operation = write": d["writes"], "operation = read": d["reads"],
            "operation = fsync": 1}
    problems = []
    if label != "usecs":
        problems.append(f"no 'usecs : count distribution' header (label {label})")
    for sect, n in want.items():
        if hist.get(sect) != n:
            problems.append(f"{sect}: {hist.get(sect)} calls, want {n}")
    if hist.get("operation = open", 0) < 2:
        problems.append(f"operation = open: {hist.get('operation = open')} calls, want >= 2 "
                        "(two dd)")
    view = {"label": label, "totals": hist}
    return problems, view, view


def conn_lines(lines, pid):
    return [l.split() for l in lines if l.split()[:1] == [str(pid)]]


def judge_tcpconnect(case, lines, truth):
    problems, seen = [], []
    for c in truth["tcp"]:
        want = [str(c["client_pid"]), "python3", str(c["family"]), c["addr"], c["addr"],
                str(c["lport"])]
        got = conn_lines(lines, c["client_pid"])
        seen += got
        if want not in got:
            problems.append(f"no line '{' '.join(want)}' (lines of pid {c['client_pid']}: "
                            f"{[' '.join(g) for g in got]})")
    return problems, sorted(seen), sorted(seen)


def judge_tcpaccept(case, lines, truth):
    seen = []
    for pid in sorted({c["server_pid"] for c in truth["tcp"]}):
        seen += conn_lines(lines, pid)
    problems = []
    for c in truth["tcp"]:
        want = [str(c["server_pid"]), "python3", str(c["family"]), c["addr"], str(c["cport"]),
                c["addr"], str(c["lport"])]
        if want not in seen:
            problems.append(f"no line '{' '.join(want)}' (lines of pid {c['server_pid']}: "
                            f"{[' '.join(g) for g in seen]})")
    return problems, sorted(seen), sorted(seen)


JUDGES = {"biolatency": judge_biolatency, "ext4dist": judge_ext4dist,
          "tcpconnect": judge_tcpconnect, "tcpaccept": judge_tcpaccept}
NOT_TRACEABLE = re.compile(r"Failed to attach BPF program (?:b')?(\w+)'? to kprobe (?:b')?(\w+)'?, "
                           r"it's not traceable")


def attach_lines(err):
    """what the drop-in attached where (the runtime's info lines)"""
    out = []
    for l in err or []:
        m = re.match(r"bcc2core: (\w+): attached (.*)$", l)
        if m:
            out.append(f"{m.group(1)} {m.group(2)}")
    return out


def failed_attach(run):
    """the (program, function) a tool's last exception says it could not attach"""
    for l in reversed(run.get("stderr") or []):
        m = re.search(r"Failed to attach BPF program (?:b')?(\w+)'? to k(?:ret)?probe "
                      r"(?:b')?(\w+)", l)
        if m:
            return m.group(1), m.group(2)
    return None


def judge_run(case, flavour, run, truth, bcc_cannot):
    """-> a row: status pass / FAIL / n/a, detail, view"""
    what = "drop-in" if flavour == "drop-in" else "BCC"
    row = {"tool": case.name, "what": what,
           "secs": run.get("ready_secs") if run.get("ready_secs") is not None
           else run.get("exit_secs")}
    if flavour == "drop-in":
        row["form"] = ", ".join(attach_lines(run.get("stderr")))
    if flavour == "bcc" and bcc_cannot:
        row.update(status="n/a", detail=f"BCC cannot run it on this kernel: {bcc_cannot}")
        return row, None
    if flavour == "drop-in" and bcc_cannot:
        # BCC's failure is the reference: the same attach call must fail
        bcc_fn = NOT_TRACEABLE.search(bcc_cannot)
        got = failed_attach(run)
        if run.get("ready_secs") is None and got and bcc_fn and got == bcc_fn.groups():
            row.update(status="pass", detail=f"fails as BCC does: {tail(run['stderr'], 1)}")
            return row, {"failed attach": list(got)}
        row.update(status="FAIL", detail="BCC cannot attach here, the drop-in " +
                   ("traced" if run.get("ready_secs") is not None else
                    f"failed otherwise: {tail(run.get('stderr'), 2)}"))
        return row, None
    if run.get("ready_secs") is None:
        why = f"exited ({run.get('rc')})" if run.get("exit_secs") is not None else \
            "not tracing when the workload ran (start-up timed out), SIGINT: " \
            f"exit {run.get('rc')}"
        row.update(status="FAIL", detail=f"never started tracing: {why}: " +
                   tail(run.get("stderr"), 3))
        return row, None
    if not truth:
        row.update(status="FAIL", detail="no workload ran")
        return row, None
    problems, view, same = JUDGES[case.kind](case, run["stdout"], truth)
    if run.get("rc") not in (0, None):
        problems.append(f"exit {run['rc']}: {tail(run['stderr'], 2)}")
    row.update(status="FAIL" if problems else "pass", detail="; ".join(problems), view=view)
    return row, same


def evaluate(g):
    rows = []
    if "setup_error" in g:
        return [{"tool": "(guest)", "what": "setup", "status": "FAIL",
                 "detail": g["setup_error"]}]
    if "patch_error" in g:
        rows.append({"tool": "(guest)", "what": "tool copy", "status": "FAIL",
                     "detail": g["patch_error"]})
    truth = g.get("truth")
    d = truth and truth["disk"]
    if d and (d["write_rc"] or d["read_rc"]):
        rows.append({"tool": "(workload)", "what": "dd", "status": "FAIL", "detail": d["dd"]})
    for case in CASES:
        p = g["port"].get(case.name)
        if p is None:
            rows.append({"tool": case.name, "what": "port", "status": "FAIL",
                         "detail": "not run"})
            continue
        rows.append({"tool": case.name, "what": "port (guest)", "secs": p["secs"],
                     "status": "pass" if p["rc"] == 0 else "FAIL",
                     "detail": "" if p["rc"] == 0 else f"exit {p['rc']}: {tail(p['stderr'])}"})
        runs = g["runs"].get(case.name, {})
        bcc = runs.get("bcc", {})
        m = bcc.get("ready_secs") is None and \
            next((l for l in reversed(bcc.get("stderr") or []) if NOT_TRACEABLE.search(l)), None)
        sames = {}
        for flavour in FLAVOURS:
            run = runs.get(flavour)
            if run is None:
                rows.append({"tool": case.name, "what": flavour, "status": "FAIL",
                             "detail": "not run (port failed)" if flavour == "drop-in"
                             else "not run"})
                continue
            row, same = judge_run(case, flavour, run, truth, m or None)
            rows.append(row)
            if same is not None:
                sames[flavour] = same
        if m and "drop-in" in sames:
            bcc_fn = NOT_TRACEABLE.search(m)
            sames["bcc"] = {"failed attach": list(bcc_fn.groups())}
        if len(sames) == 2:
            ok = sames["drop-in"] == sames["bcc"]
            rows.append({"tool": case.name, "what": "drop-in = BCC",
                         "status": "pass" if ok else "FAIL",
                         "detail": json.dumps(sames["bcc"]) if ok else
                         f"drop-in {json.dumps(sames['drop-in'])}, BCC {json.dumps(sames['bcc'])}"})
    return rows


def print_summary(rows, g, secs):
    if g:
        f = g["facts"]
        ks = ", ".join(f"{k} ({v})" for k, v in sorted(f.get("block", {}).items()))
        print(f"== guest: {f['kernel']}; kprobes {'yes' if f['kprobes'] else 'no'}; "
              f"block layer functions in kallsyms: {ks or 'none'}")
        t = g.get("truth")
        if t:
            print(f"== workload: {t['disk']['writes']} direct writes + fsync, "
                  f"{t['disk']['reads']} direct reads (dd, 4 KiB, ext4 on /dev/vda); "
                  "connects: " +
                  ", ".join(f"[{c['addr']}]:{c['lport']} from pid {c['client_pid']} port "
                            f"{c['cport']}" for c in t["tcp"]))
        print("== guest times: " + ", ".join(f"{k} {v}s" for k, v in g.get("secs", {}).items()))
    tool = None
    for r in rows:
        if r["tool"] != tool:
            tool = r["tool"]
            print(f"-- {tool}")
        secs_s = f" [{r['secs']}s]" if r.get("secs") is not None else ""
        view = f"  saw: {json.dumps(r['view'])}" if r.get("view") and \
            r["status"] == "pass" else ""
        form = f"  attached: {r['form']}" if r.get("form") else ""
        det = f"  {r['detail']}" if r.get("detail") else ""
        print(f"  {r['status']:<8} {r['what']:<14}{secs_s}{view}{form}{det}")
    print(f"total {secs:.0f}s")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--phase", choices=["guest"], help=argparse.SUPPRESS)
    ap.add_argument("--objs", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--bcc2core", default=os.environ.get(
        "BCC2CORE", os.path.join(REPO, "build", "bin", "bcc2core")))
    ap.add_argument("--report", help="write the guest's raw runs and the results as JSON here")
    ap.add_argument("--keep", action="store_true", help="keep /var/tmp/b2cdk.*")
    ap.add_argument("--guest-timeout", type=int, default=1800)
    a = ap.parse_args()
    a.bcc2core = os.path.abspath(a.bcc2core)

    if a.phase == "guest":
        return guest_phase(a)

    t_all = time.monotonic()
    if os.geteuid() != 0:
        print("SKIP: needs root (BPF, QEMU 9p passthrough)")
        return 77
    missing = sorted({c.tool for c in CASES if not os.path.exists("/usr/sbin/" + c.tool)})
    if missing:
        print(f"SKIP: bpfcc-tools is not installed (no {', '.join(missing)})")
        return 77
    if not os.access(a.bcc2core, os.X_OK):
        print(f"FAIL: no bcc2core at {a.bcc2core} (build first, or set BCC2CORE)")
        return 1
    base = tempfile.mkdtemp(prefix="b2cdk.", dir="/var/tmp")  # the guest's /tmp is its own
    os.chmod(base, 0o755)
    objs = os.path.join(base, "objs")
    os.makedirs(objs)
    disk = os.path.join(base, "scratch.img")
    with open(disk, "wb") as f:
        f.truncate(DISK_MIB << 20)
    g = None
    try:
        out = os.path.join(base, "guest.json")
        cmd = [RUN_IN_GUEST, "--timeout", str(a.guest_timeout), "--rw", base, "--disk", disk,
               "--", PY, os.path.abspath(__file__), "--phase", "guest",
               "--bcc2core", a.bcc2core, "--objs", objs, "--out", out]
        log("guest (one boot):")
        t0 = time.monotonic()
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True,
                           cwd="/")   # its stderr (progress) streams to ours
        log(f"guest run {time.monotonic() - t0:.1f}s (status {r.returncode})")
        if r.returncode == 77:
            print("SKIP: QEMU or the guest kernel unavailable (run-in-guest.sh status 77)")
            return 77
        if os.path.exists(out):
            with open(out) as f:
                g = json.load(f)
        rows = evaluate(g) if g else []
        if r.returncode != 0 or not g:
            rows.append({"tool": "(guest)", "what": "boot", "status": "FAIL",
                         "detail": f"run-in-guest.sh status {r.returncode}: {r.stdout[-2000:]}"})
        secs = time.monotonic() - t_all
        print_summary(rows, g, secs)
        if a.report:
            with open(a.report, "w") as f:
                json.dump({"guest": g, "rows": rows, "secs": round(secs, 1)}, f, indent=1)
        passed = sum(r["status"] == "pass" for r in rows)
        failed = sum(r["status"] == "FAIL" for r in rows)
        print(f"{passed} passed, {failed} failed")
        return 1 if failed else 0
    finally:
        if a.keep:
            log(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
