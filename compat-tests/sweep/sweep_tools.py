#!/usr/bin/python3
"""sweep_tools.py [--only TOOL,...] [--no-bcc] [--doc FILE] [--secs S]

Every Debian BCC tool (/usr/sbin/*-bpfcc), with arguments that make it
trace, around a generic workload (workload.py), run (a) under BCC
(python3-bpfcc) and (b) unmodified under bcc2core's drop-in `bcc` package
(after `bcc2core port` with the same arguments, cache in a temp dir); each
run is stopped with SIGINT, and its outcome classified as correct (the
workload's pids/comms/paths are in the output; or, for tools whose output
cannot be tied to the workload, 'runs, output plausible' and why), runs but
wrong, cannot attach here (why), or fails (first error line). Writes the
table to docs/tool-sweep.md (--doc). Root only; re-runs itself in a private
mount namespace where /lib/modules/$(uname -r) points at Debian's 6.1
headers (as bench/run.sh does), since BCC compiles against them.
BCC2CORE=path picks another bcc2core binary. The doc's guest (6.1) column
comes from guest_sweep.py (the tools that cannot attach here, in QEMU),
kept in the same state."""
import argparse
import codecs
import datetime
import fcntl
import glob
import json
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from screen import Screen  # noqa: E402  what a curses tool drew
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from e2e_common import bpf_fds_in_session  # noqa: E402
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BCC2CORE = os.environ.get("BCC2CORE") or os.path.join(ROOT, "build", "bin", "bcc2core")
PYTHON = "/usr/bin/python3"
READY_SECS = 20     # BCC compiles at start: wait this long for the first output
STOP_SECS = 8       # SIGINT, then this long before SIGTERM/SIGKILL
LIBC = "/lib/x86_64-linux-gnu/libc.so.6"
# The doc's "guest (6.1)" column is the guest sweep's (guest_sweep.py: the
# state's "guest"/"guest_bcc" cells). For a tool that sweep did not run, what
# compat-tests/guest/dropin_kprobe_tools.py (ctest guest/dropin_kprobe_tools)
# found on Debian's 6.1 kernel in QEMU, kept by hand:
GUEST_61 = {
    "biolatency": "BCC cannot attach (`blk_account_io_done` is inlined in 6.1: not "
                  "traceable); the drop-in fails at the same call. With the completion "
                  "probe moved to `blk_mq_end_request` (`-D`): correct under both, "
                  "same total",
    "biosnoop": "not run: its `blk_account_io_start` is not in 6.1's kallsyms (inlined)",
    "biotop": "not run: its `blk_account_io_start` is not in 6.1's kallsyms (inlined)",
    "ext4dist": "correct under both: per-operation counts of the workload, BCC's = the "
                "drop-in's",
    "tcpaccept": "correct under both: the IPv4 and IPv6 accept lines, identical",
    "tcpconnect": "correct under both: the IPv4 and IPv6 connect lines, identical",
}

# ---------------------------------------------------------------- checks
# check(lines, w) -> (ok, what is missing); w is the workload's log.


def _any(lines, rx):
    r = re.compile(rx)
    return any(r.search(l) for l in lines)


def has(*rxs):
    """Every one of these regexes (formatted with the workload log) matches a line."""
    def check(lines, w):
        missing = []
        for rx in rxs:
            rx = rx.format(**{k: (re.escape(v) if isinstance(v, str) else v)
                              for k, v in w.items()})
            if not _any(lines, rx):
                missing.append(rx)
        return (not missing, "no line matching " + " / ".join(repr(m) for m in missing) +
                near(lines, w))
    return check


def near(lines, w):
    """The first output line about the workload, to show what was wrong."""
    keys = [str(w["pid"]), "sweepwl", "sweep-"]
    for l in lines:
        if any(k in l for k in keys):
            return "; saw: %r" % l.strip()[:160]
    return "; nothing about the workload in %d lines" % len(lines)


def pid_in(field_rx, key):
    """A line where the captured pid is one of the workload's w[key] pids."""
    def check(lines, w):
        want = set(w[key])
        for l in lines:
            m = re.search(field_rx, l)
            if m and int(m.group(1)) in want:
                return True, ""
        return False, "no line %r with a pid of the workload's %s%s" % (field_rx, key,
                                                                         near(lines, w))
    return check


def both(*checks):
    def check(lines, w):
        for c in checks:
            ok, why = c(lines, w)
            if not ok:
                return ok, why
        return True, ""
    return check


def hist_total_at_least(n_key, factor=1.0):
    def check(lines, w):
        total = 0
        for l in lines:
            m = re.match(r"^\s+\d+ -> \d+\s+: (\d+)\s+\|", l)
            if m:
                total += int(m.group(1))
        want = int(w[n_key] * factor) if isinstance(n_key, str) else n_key
        return total >= max(want, 1), "histogram total %d, want >= %d" % (total, want)
    return check


def sum_lines(rx, key):
    """The counts of lines matching rx (over all intervals) add up to w[key]."""
    def check(lines, w):
        hits = [l.strip() for l in lines if re.search(rx, l)]
        total = sum(int(re.search(rx, l).group(1)) for l in lines if re.search(rx, l))
        return total == w[key], "counts add up to %d, the workload made %d; saw %s" % (
            total, w[key], "; ".join(hits[:3]))
    return check


def sum_at_least(rx, key):
    """The numbers of lines matching rx (group 1, over all intervals) add up
    to w[key] or more: the workload's own events, and the machine's others."""
    def check(lines, w):
        if key not in w:
            return False, "the workload did not make its %s" % key
        total = sum(int(re.search(rx, l).group(1)) for l in lines if re.search(rx, l))
        return total >= w[key], "they add up to %d, the workload made %d" % (total, w[key])
    return check


def count_line(rx, key):
    """A line 'rx ... N' with N == the workload's w[key]."""
    def check(lines, w):
        seen = []
        for l in lines:
            m = re.search(rx + r"\s+(\d+)\s*$", l)
            if m:
                seen.append(int(m.group(1)))
                if int(m.group(1)) == w[key]:
                    return True, ""
        return False, "want a %r count of %d (%s=%d), saw %s" % (rx, w[key], key, w[key],
                                                                 seen or "none")
    return check


def irq_counted(names_key):
    """hardirqs: a row of one of the workload's disk interrupts (w[names_key],
    its fsyncs complete there) with a non-zero figure."""
    def check(lines, w):
        names = set(w[names_key])
        for l in lines:
            cols = l.split()
            if len(cols) == 2 and cols[0] in names and cols[1].isdigit() and int(cols[1]) > 0:
                return True, ""
        return False, "no row of the workload's disk interrupts %s; saw %s" % (
            sorted(names), "; ".join(l.strip() for l in lines[1:6]))
    return check


def disk_kbytes_at_least(kb):
    """biopattern: a row of the workload's disk with >= kb KBYTES (it writes
    256 KiB and fsyncs several times a second)."""
    def check(lines, w):
        rx = re.compile(r"^\S+\s+%s\s+\d+\s+\d+\s+\d+\s+(\d+)\s*$" % re.escape(w["disk"]))
        seen = [int(m.group(1)) for m in (rx.match(l) for l in lines) if m]
        return any(k >= kb for k in seen), "want a %s row with KBYTES >= %d, saw %s" % (
            w["disk"], kb, seen or "none")
    return check


def virtio_out_bytes_at_least(nbytes):
    """virtiostat: a row of the workload's disk's request queue ("virtio1"
    "req.0", its interrupt "virtio1-req.0") with >= nbytes Out BW (the
    workload writes 256 KiB and fsyncs several times a second)."""
    def check(lines, w):
        queues = {tuple(name.split("-", 1)) for name in w["disk_irqs"] if "-" in name}
        # BCC 0.26 prints the names as Python bytes: b'virtio_blk'
        rx = re.compile(r"^\s*b?'?virtio_blk'?\s+b?'?([\w.]+)'?\s+b?'?([\w.]+)'?\s+\d+\s+\d+"
                        r"\s+\d+\s+(\d+)\s*$")
        seen = [int(m.group(3)) for m in (rx.match(l) for l in lines)
                if m and (m.group(1), m.group(2)) in queues]
        return any(n >= nbytes for n in seen), "want a row of %s with Out BW >= %d, saw %s" % (
            "/".join(sorted(w["disk_irqs"])) or "the workload's disk (none found)", nbytes,
            seen or "none")
    return check


def syn_retransmitted(lines, w):
    """tcpretrans: a SYN_SENT retransmit of one of the workload's clients
    to its listener with a full accept queue."""
    rx = re.compile(r"127\.0\.0\.1:(\d+)\s+R>\s+127\.0\.0\.1:%d\s+SYN_SENT\s*$"
                    % w["retrans_port"])
    lports = {int(m.group(1)) for m in (rx.search(l) for l in lines) if m}
    return bool(lports & set(w["retrans_lports"])), \
        "no SYN_SENT retransmit from ports %s to %d%s" % (w["retrans_lports"],
                                                          w["retrans_port"], near(lines, w))


def left_loss(lines, w):
    """tcpcong: a flow of one of those clients with time in Loss (it left
    Loss once the listener accepted another and its SYN got through)."""
    rx = re.compile(r"^127\.0\.0\.1/(\d+)\s+127\.0\.0\.1/%d\s+\d+\s+\d+\s+\d+\s+\d+"
                    r"\s+(\d+)\s+\d+\s*$" % w["retrans_port"])
    lost = {int(m.group(1)) for m in (rx.match(l) for l in lines) if m and int(m.group(2)) > 0}
    return bool(lost & set(w["retrans_lports"])), \
        "no flow of the workload's clients %s to %d with time in Loss" % (
            w["retrans_lports"], w["retrans_port"])


def queued_share(min_share):
    """runqlen under two busy loops per CPU: >= min_share of the samples
    see a task waiting."""
    def check(lines, w):
        counts = {}
        for l in lines:
            m = re.match(r"^\s+(\d+)\s+: (\d+)\s+\|", l)
            if m:
                counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + int(m.group(2))
        total = sum(counts.values())
        queued = total - counts.get(0, 0)
        return total > 0 and queued >= min_share * total, \
            "%d of %d samples with a task waiting, want >= %d%%" % (queued, total,
                                                                    100 * min_share)
    return check


STAT_COLS = ("METHOD/s", "GC/s", "OBJNEW/s", "CLOAD/s", "EXC/s", "THR/s")


def stat_row(pid_key, col):
    """ustat's row of the workload's process w[pid_key] (ustat goes by
    comm: a python-named child, the runtime's process), with a non-zero
    @col column."""
    i = STAT_COLS.index(col) + 1

    def check(lines, w):
        rx = re.compile(r"^%d\s.*?\s(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$"
                        % w[pid_key])
        for l in lines:
            m = rx.match(l)
            if m and int(m.group(i)) >= 1:
                return True, ""
        return False, "no row of pid %d (the workload's %s) with %s >= 1; saw %s" % (
            w[pid_key], pid_key, col,
            "; ".join(l.strip()[:80] for l in lines if re.match(r"^\d+\s", l))[:300])
    return check


def dirtied_rows(pid_key, key):
    """cachetop's rows of process w[pid_key] (PID UID CMD HITS MISSES
    DIRTIES ...; one screen an interval) count at least one step's write
    (w[key] / w["steps"] buffers) and no more than the workload dirtied
    (a little over: the file system's own buffers, dirtied in the writer's
    context). Not all of them: each interval the tool reads its counts, then
    clears them (BCC's does the same), and a write between the two is lost;
    under a loaded TCG guest that gap has swallowed two of four steps."""
    def check(lines, w):
        rx = re.compile(r"^\s*%d\s+\S+\s+sweepwl\s+\d+\s+\d+\s+(\d+)\s" % w[pid_key])
        rows = [int(m.group(1)) for m in map(rx.match, lines) if m]
        one_step = w[key] // max(w.get("steps", 1), 1)
        most = w[key] + w[key] // 16 + 16
        return one_step <= sum(rows) <= most, (
            "%d rows of pid %d dirtied %d buffers; the workload %d in %d steps (%d to %d "
            "expected)" % (len(rows), w[pid_key], sum(rows), w[key], w.get("steps", 1),
                           one_step, most))
    return check


def count_matches(rx, key):
    """Exactly w[key] lines match rx (formatted with w)."""
    def check(lines, w):
        r = re.compile(rx.format(**w))
        n = sum(1 for l in lines if r.search(l))
        return n == w[key], "%d lines match %r, want %d (%s)" % (n, r.pattern, w[key], key)
    return check


def count_line_at(rx, key):
    """A line matching rx whose group 1 is w[key]."""
    def check(lines, w):
        seen = [int(m.group(1)) for m in (re.search(rx, l) for l in lines) if m]
        return w[key] in seen, "want a count of %d (%s) on a line matching %r, saw %s" % (
            w[key], key, rx, seen or "none")
    return check


# ---------------------------------------------------------------- the table
# name: dict(args=[...], check=fn | None, why=str (when no check: why the
# output cannot be tied to the workload), skip=str (not run, and why),
# busy=True (the workload keeps two busy loops per CPU running), oom=True
# (a child of the workload is OOM-killed in a memory cgroup), drop=True (a
# SYN of the workload is dropped by a netfilter rule), dcache=True (it
# creates and removes files of new names: dentry cache misses), reclaim=True (in the
# guest sweep: a child of the workload takes memory until it is killed),
# wl_wait=S (the workload may take S s more than its seconds), fs="xfs",
# "btrfs", "nfs" or "md" (the guest sweep runs the workload on that file
# system; "md": ext4 on an md RAID1),
# wait_end=S
# (a tool with a duration: up to S s for it to end by itself, not SIGINT)).
# {pid} is the workload's pid (started before the tool), {dir} the temp
# dir, {tty} a pty the workload does not use, {tcp_port} its listener's
# port, {lang_pid} its runtime process's pid. Default: no args, no check.
IVL = ["1", "1"]           # interval tools: one 1-second report
IN_GUEST = False           # set by the guest sweep: reclaim=True runs there only
# the workload starts once the tool has printed a line after loading, which
# for these is their first report: the others cover the workload's seconds
# (the sweep stops the tool when the workload ends; under TCG that can take
# ten)
IVL10 = ["1", "10"]
T = {
    "argdist": dict(args=["-p", "{pid}", "-i", "1", "-C",
                          "t:syscalls:sys_enter_fsync():int:args->fd"],
                    check=sum_lines(r"^\s+(\d+)\s+args->fd = \d+$", "fsyncs")),
    "bashreadline": dict(check=has(r"^\S+\s+{bash_pid}\s+echo sweep-readline-marker$")),
    "bindsnoop": dict(check=has(r"^\s*{pid}\s+sweepwl\s+TCP\s+127\.0\.0\.1\s+\d+\s")),
    "biolatency": dict(args=IVL, why="disk I/O of the whole machine"),
    # a block device is required: the machine's disk
    # the workload fsyncs its writes: flushes of its disk, and writes
    "biolatpcts": dict(args=["-i", "1", "vda"],
                       check=has(r"^{disk}\s+1\s+5\s", r"^flush\s+[\d.]+[mun]?s\s")),
    "biopattern": dict(args=IVL10, check=disk_kbytes_at_least(256)),
    "biotop": dict(args=["-C"] + IVL, why="disk I/O of the whole machine"),
    # the workload's fsyncs issue block I/O in its own context
    "bitesize": dict(check=has(r"^Process Name = sweepwl$")),
    # the workload holds one BPF map (an array) for its life
    "bpflist": dict(check=has(r"^{pid}\s+sweepwl\s+map\s+1$")),
    # the guest sweep puts the workload's directory on btrfs (fs=)
    "btrfsdist": dict(args=IVL10, fs="btrfs", check=has(r"^operation = fsync$")),
    "btrfsslower": dict(args=["0"], fs="btrfs",
                        # BCC 0.26 prints comm and file name as Python bytes
                        check=has(r"b?'?sweepwl'?\s+{pid}\s+W\s+262144\s+0\s+[\d.]+\s+"
                                  r"b?'?sweep-data-file'?$")),
    # the workload dirties 64 pages (256 KiB) at each step
    "cachestat": dict(args=IVL10, check=lambda lines, w: (
        any(int(m.group(1)) >= 32 for m in (re.match(r"^\s*\d+\s+\d+\s+(\d+)\s", l)
                                            for l in lines) if m),
        "no report with >= 32 pages dirtied (the workload's writes)")),
    # a curses screen every second: the workload's row dirties (writes)
    # every buffer of each page it writes (mark_buffer_dirty)
    "cachetop": dict(args=["1"], tty=True, check=dirtied_rows("pid", "dirtied_buffers")),
    # the workload's tmpfs mount needs CAP_SYS_ADMIN (21)
    "capable": dict(check=has(r"\s{pid}\s+sweepwl\s+21\s+CAP_SYS_ADMIN\s")),
    # the workload's one malloc of a size nothing else asks for
    "cobjnew": dict(args=["{pid}", "1"],
                    check=has(r"^block size {malloc_size}\s+1\s+{malloc_size}$")),
    "compactsnoop": dict(why="no memory compaction is triggered"),
    "cpudist": dict(args=["-p", "{pid}"], check=hist_total_at_least(5)),
    # two busy loops per CPU: every CPU busy in the reports they run in
    "cpuunclaimed": dict(args=IVL10, busy=True, check=has(r"^%CPU\s+(9\d|100)\.\d\d%")),
    "criticalstat": dict(why="no long critical section is expected"),
    # MySQL/PostgreSQL USDT probes of a server process: none here
    "dbslower": dict(args=["mysql", "-p", "{pid}"], why="needs a database server"),
    "dbstat": dict(args=["mysql", "-p", "{pid}"], why="needs a database server"),
    # default mode: d_lookup() misses only. The workload's open of a missing
    # file misses in the RCU walk, not in d_lookup (6.1: no such line); the
    # O_CREAT of its log (wl.json) when it ends looks it up with d_lookup
    "dcsnoop": dict(check=has(r"^[\d.]+\s+{pid}\s+sweepwl\s+M\s+wl\.json$")),
    # pthread mutexes live in libc on Debian 12 (libpthread is a stub)
    # exits 1 after reporting a cycle; the workload has no lock inversion
    "deadlock": dict(args=["--binary", LIBC, "{pid}"], rc_ok=[1],
                     check=lambda lines, w: (not _any(lines, "Potential Deadlock"),
                                             "reports a deadlock the workload does not have: "
                                             + " ".join(l for l in lines if "=>" in l)[:150])),
    "dirtop": dict(args=["-C", "-d", "{dir}"] + IVL10,
                   check=has(r"^\d+\s+[1-9]\d*\s+[\d.]+\s+[\d.]+\s+{dir}$")),
    # a child of the workload takes the guest's memory until it is killed
    # (reclaim=True: in the guest sweep only)
    # MISS/s per 1 s interval: the workload's creates of new names miss
    "dcstat": dict(args=IVL10, dcache=True,
                   check=sum_at_least(r"^\d\d:\d\d:\d\d:\s+\d+\s+\d+\s+(\d+)\s",
                                      "dcache_misses")),
    "drsnoop": dict(reclaim=True, wl_wait=300,
                    check=has(r"^python3\s+{reclaim_pid}\s+[\d.]+\s+\d+$")),
    "execsnoop": dict(check=pid_in(r"^echo\s+(\d+)\s+\d+\s+0\s+/bin/echo sweep-exec-marker$",
                                   "exec_pids")),
    "exitsnoop": dict(check=pid_in(r"^sh\s+(\d+)\s+\d+\s+\d+\s+[\d.]+\s+code 3$", "exit_pids")),
    "ext4dist": dict(args=IVL10, check=has(r"^operation = fsync$")),
    "ext4slower": dict(args=["0"], check=has(r"sweepwl\s+{pid}\s+W\s+262144\s+0\s+[\d.]+\s"
                                             r"+sweep-data-file")),
    "filegone": dict(check=has(r"^\S+\s+{pid}\s+sweepwl\s+DELETE\s+sweep-life-file$")),
    "filelife": dict(check=has(r"^\S+\s+{pid}\s+sweepwl\s+[\d.]+\s+sweep-life-file$")),
    "fileslower": dict(args=["0"], check=has(r"sweepwl\s+{pid}\s+W\s+262144\s+[\d.]+\s"
                                             r"+sweep-data-file")),
    "filetop": dict(args=["-C", "-p", "{pid}"] + IVL10,
                    check=has(r"^\d+\s+sweepwl\s+\d+\s+[1-9]\d*\s+\d+\s+\d+\s+R\s+"
                              r"sweep-data-file$")),
    # a uprobe: with a tracepoint (t:) BCC 0.26's funccount fails on its own
    # ('str' object has no attribute 'decode'), both sides alike
    "funccount": dict(args=["-p", "{pid}", "c:fsync"], check=count_line(r"fsync", "fsyncs")),
    "funcinterval": dict(args=["-p", "{pid}", "t:syscalls:sys_enter_fsync"],
                         check=hist_total_at_least("fsyncs", 0.5)),
    "funclatency": dict(args=["-p", "{pid}", "c:fsync"], check=hist_total_at_least("fsyncs")),
    "funcslower": dict(args=["-u", "1", "-p", "{pid}", "c:fsync"],
                       check=has(r"sweepwl\s+{pid}\s+[\d.]+\s+.*fsync")),
    "gethostlatency": dict(check=has(r"^\S+\s+{pid}\s+sweepwl\s+[\d.]+\s+localhost$")),
    "hardirqs": dict(args=IVL10, check=irq_counted("disk_irqs")),
    # fault injection with probability 0: attaches, never fails anything
    "inject": dict(args=["-P", "0", "kmalloc", "(true)"],
                   why="fault injection; nothing is traced"),
    "killsnoop": dict(check=lambda lines, w: pid_in(
        r"^\S+\s+%d\s+sweepwl\s+10\s+(\d+)\s+0$" % w["pid"], "kill_targets")(lines, w)),
    # the workload's own mutexes (-p): a caller row with a count (BCC 0.26
    # prints the caller as Python bytes, b'pipe_read+0x..')
    "klockstat": dict(args=["-p", "{pid}", "-d", "10"], wait_end=60,
                      check=has(r"^\s*b?'?\w+\+0x[0-9a-f]+'?\s+\d+\s+[1-9]\d*\s+\d+\s+\d+$")),
    "kvmexit": dict(why="no KVM guest here"),
    "llcstat": dict(args=["1"], why="hardware cache counters of the whole machine"),
    # the guest sweep puts the workload's directory on ext4 on an md RAID1
    # (fs=), the array the workload alone writes: its fsyncs' flushes (from
    # ext4's journal thread, or its own)
    "mdflush": dict(fs="md", check=has(r"^\S+\s+\d+\s+\S+\s+md0$")),
    # the workload's one malloc of a size nothing else asks for, kept; one
    # 3-second report (the workload may start 1.5 s after the tool loads,
    # and allocations younger than 500 ms are not reported)
    "memleak": dict(args=["-p", "{pid}", "3", "1"],
                    check=has(r"^\s+{malloc_size} bytes in 1 allocations from stack$")),
    "mountsnoop": dict(check=has(r"sweepwl\s+{pid}\s+\d+\s+.*mount\(\"sweep-tmpfs\", "
                                 r"\"{mnt}\", \"tmpfs\"")),
    "mysqld_qslower": dict(args=["{pid}"], why="needs a MySQL server"),
    # the workload's 100 kB sends over localhost go as segments of 16-64K
    "netqtop": dict(args=["-n", "lo", "-i", "1"],
                    check=has(r"^\s*Total\s+\S+\s+\d+\s+\d+\s+\d+\s+\d+\s+[1-9]\d*\s*$")),
    # the guest sweep puts the workload's directory on NFS (fs=)
    "nfsdist": dict(args=IVL10, fs="nfs", check=has(r"^operation = write$")),
    "nfsslower": dict(args=["0"], fs="nfs", cannot="needs NFS (this kernel has none: no nfs "
                      "module, tracepoints or types)",
                      # and the COMMITs of its fsyncs (from an rpciod worker):
                      # the file's name read through struct nfs_commit_data
                      check=has(r"sweepwl\s+{pid}\s+W\s+262144\s+0\s+[\d.]+\s+"
                                r"sweep-data-file$",
                                r"\sC\s+\d+\s+\d+\s+[\d.]+\s+sweep-data-file$")),
    # five seconds: the workload starts 1.5 s in (the header comes first);
    # the tool ends by itself, its stacks symbolized (BCC's take seconds
    # under TCG: a SIGINT then would cut them short)
    "offcputime": dict(args=["-p", "{pid}", "5"], wait_end=60,
                       check=has(r"^\s+-\s+sweepwl \({pid}\)$")),
    "offwaketime": dict(args=["-p", "{pid}", "5"], wait_end=60,
                        check=has(r"^\s+target:\s+sweepwl {pid}$")),
    # the workload's child, OOM-killed in a 32 MiB memory cgroup (oom=True)
    "oomkill": dict(oom=True, check=has(r'Triggered by PID {oom_pid} \("python3"\), '
                                        r'OOM kill of PID {oom_pid} \("python3"\)')),
    "opensnoop": dict(check=both(has(r"^{pid}\s+sweepwl\s+\d+\s+0\s+{marker}$"),
                                 has(r"^{pid}\s+sweepwl\s+-1\s+2\s+{missing}$"))),
    # at least the processes and threads the workload started
    "pidpersec": dict(check=lambda lines, w: (
        sum(int(m.group(1)) for m in (re.search(r"PIDs/sec: (\d+)$", l) for l in lines)
            if m) >= max(w["forks"], 1),
        "the per-second counts add up to fewer than the workload's %d forks" % w["forks"])),
    # a failure to attach is the architecture's, not the tool's
    "ppchcalls": dict(cannot="traces powerpc hypervisor-call tracepoints (not on x86)"),
    # a few samples of whose stacks at least one frame has a name (the
    # drop-in once walked a stack's bytes: all [unknown])
    "profile": dict(args=["-F", "49", "2"], check=has(r"^ {{4}}[A-Za-z_][\w.]*$")),
    "readahead": dict(args=["-d", "2"], why="readahead of the whole machine"),
    # resets the host's ftrace state: would disturb other users of tracing
    "reset-trace": dict(skip="resets the host's ftrace state (not a tracer); not run"),
    "runqlat": dict(args=["-p", "{pid}"], check=hist_total_at_least(5)),
    # (its cpu-clock samples stop on an idle CPU: how many it takes depends
    # on the load; the workload's busy loops are the known one, as in
    # dropin/runqlen)
    "runqlen": dict(args=IVL10, busy=True, check=queued_share(0.2)),
    # the workload wakes from short sleeps: each waits on a run queue
    "runqslower": dict(args=["-p", "{pid}", "1"], check=has(r"^\S+\s+sweepwl\s+{pid}\s+\d+$")),
    # the segment id in hex (shmsnoop prints it with %x)
    "shmsnoop": dict(check=has(r"^{pid}\s+sweepwl\s+SHMGET\s+[0-9a-f]+\s+key: 0x0, size: 4096")),
    # every step makes TCP sockets (a client, the one it accepts, a
    # listener): the guest's only TCP traffic
    "slabratetop": dict(args=["-C", "-r", "200"] + IVL10,
                        check=has(r"^TCP\s+[1-9]\d*\s+[1-9]\d*$")),
    # SOCKET is fd:file (N/A once closed)
    "sofdsnoop": dict(check=has(r"SEND\s+{pid}\s+sweepwl\s+\d+:\S+\s+\d+\s+/dev/null")),
    # the timer softirq runs every tick, whatever the machine does
    "softirqs": dict(args=IVL, check=has(r"^\s*timer\s+[1-9]\d*$")),
    "solisten": dict(check=has(r"^{pid}\s+sweepwl\s+TCPv4\s+")),
    # the workload's TLS client (openssl s_client) writes its marker line
    "sslsniff": dict(check=has(r"^WRITE/SEND\s+[\d.]+\s+openssl\s+{tls_pid}\s+17\b",
                               r"^sweep-tls-marker$")),
    "stackcount": dict(args=["-p", "{pid}", "t:syscalls:sys_enter_fsync"],
                       check=has(r"^\s+do_syscall_64$")),
    "statsnoop": dict(check=has(r"^{pid}\s+sweepwl\s+0\s+0\s+{marker}$")),
    "syncsnoop": dict(check=has(r"sync\(\)")),
    # -T: all syscalls, not the top 10 (fsync would not be among them)
    "syscount": dict(args=["-p", "{pid}", "-T", "200"], check=count_line(r"^fsync", "fsyncs")),
    "tcpaccept": dict(check=has(r"^{pid}\s+sweepwl\s+4\s+127\.0\.0\.1\s+\d+\s+127\.0\.0\.1\s+"
                                r"{tcp_port}")),
    # the workload's clients whose SYNs timed out (Loss) and then got through
    "tcpcong": dict(check=left_loss),
    "tcpconnect": dict(check=has(r"^{pid}\s+sweepwl\s+4\s+127\.0\.0\.1\s+127\.0\.0\.1\s+"
                                 r"{tcp_port}")),
    "tcpconnlat": dict(check=has(r"^{pid}\s+sweepwl\s+4\s+127\.0\.0\.1\s+127\.0\.0\.1\s+"
                                 r"{tcp_port}\s")),
    # the workload's own SYN, dropped by a netfilter OUTPUT rule (drop=True)
    "tcpdrop": dict(drop=True, check=has(r"^\S+\s+{pid}\s+4\s+127\.0\.0\.1:\d+\s+> "
                                         r"127\.0\.0\.1:{drop_port}\s+SYN_SENT \(SYN\)$")),
    "tcplife": dict(check=has(r"^{pid}\s+sweepwl\s+127\.0\.0\.1\s+\d+\s+127\.0\.0\.1\s+"
                              r"{tcp_port}\s+97\s")),
    "tcpretrans": dict(check=syn_retransmitted),
    # the server sockets of the workload's listener (-p: local port)
    # receive its 100 kB sends
    "tcprtt": dict(args=["-p", "{tcp_port}", "-i", "1", "-d", "10"], wait_end=60,
                   check=hist_total_at_least(1)),
    "tcpstates": dict(check=has(r"^\S+\s+{pid}\s+sweepwl\s+127\.0\.0\.1\s+\d+\s+127\.0\.0\.1\s+"
                                r"{tcp_port}\s+SYN_SENT\s+-> ESTABLISHED\s")),
    # the workload sends 100 kB over 127.0.0.1 at each step
    "tcpsubnet": dict(args=["-i", "1"], check=has(r"^127\.0\.0\.1/32\s+\d{{6,}}$")),
    # its listener's backlog (listen(8)), full handshakes into it
    "tcpsynbl": dict(check=has(r"^backlog_max = 8$")),
    "tcptop": dict(args=["-C"] + IVL10,
                   check=has(r"^{pid}\s+b?'?sweepwl'?\s+127\.0\.0\.1:\d+\s+"
                             r"127\.0\.0\.1:{tcp_port}\s+\d+\s+\d+")),
    "tcptracer": dict(check=has(r"C\s+{pid}\s+sweepwl\s+4\s+127\.0\.0\.1\s+127\.0\.0\.1\s+"
                                r"\d+\s+{tcp_port}")),
    # the tool prints comm with %s of bytes: b'sweepwl', under BCC too
    "threadsnoop": dict(check=has(r"^\d+\s+{pid}\s+b?'?sweepwl'?\s")),
    "tplist": dict(args=["sched:sched_switch"], check=has(r"^sched:sched_switch$")),
    # the workload stats its marker with statx (Python's os.stat is
    # newfstatat: no newstat); trace exits 1 on SIGINT (it catches every
    # exception, KeyboardInterrupt too). Its "%s" of the user pointer prints
    # nothing under both (a kernel-memory read of a user address)
    "trace": dict(args=["-p", "{pid}", "t:syscalls:sys_enter_statx \"%s\", args->filename"],
                  rc_ok=[1],
                  check=has(r"^{pid}\s+\d+\s+sweepwl\s+sys_enter_statx\b")),
    "ttysnoop": dict(args=["{tty}"], check=has(r"sweep-tty-marker")),
    "vfscount": dict(check=has(r"\bb?'?vfs_fsync_range'?\s+[1-9]\d*$")),
    # the workload's fsyncs, in the reports after the first
    "vfsstat": dict(args=IVL10, check=has(r"^\S+:\s+\d+\s+\d+\s+[1-9]\d*\s")),
    # the workload's disk is a virtio one in the guest (its scratch disk)
    "virtiostat": dict(args=IVL10, check=virtio_out_bytes_at_least(262144)),
    "wakeuptime": dict(args=["-p", "{pid}", "2"],
                       check=has(r"^\s+target:\s+sweepwl$", r"^\s+[0-9a-f]{{16}} try_to_wake_up$")),
    # the guest sweep puts the workload's directory on XFS (fs=)
    "xfsdist": dict(args=IVL10, fs="xfs", check=has(r"^operation = fsync$")),
    "xfsslower": dict(args=["0"], fs="xfs",
                      # BCC 0.26 prints comm and file name as Python bytes
                      check=has(r"b?'?sweepwl'?\s+{pid}\s+W\s+262144\s+0\s+[\d.]+\s+"
                                r"b?'?sweep-data-file'?$")),
    "zfsdist": dict(args=IVL, why="no ZFS here"),
    "zfsslower": dict(why="no ZFS here"),
}
# USDT tools of language runtimes: they take the pid of such a process.
# The workload is python3 (Debian's has USDT probes); for Java, Ruby and PHP
# (USDT probes in libjvm, libruby and php8.2) it starts a process of that
# runtime (spec "lang", workload.py's langs/) whose burst the checks count:
# 100 calls of SweepObj.sweep_marker, 100 SweepObj objects. Debian's perl,
# node and tcl have no USDT probes.
MARKER = r"SweepObj[.:]+sweep_marker"
RUNTIMES = ("java", "ruby", "php")
for lang in ("java", "node", "perl", "php", "python", "ruby", "tcl"):
    for kind in ("calls", "flow", "gc", "objnew", "stat", "threads"):
        name = lang + kind
        if name == "pythoncalls":
            # ucalls counts function__entry, which Debian 12's Python 3.11
            # never fires (its function__return does: pythonflow)
            T[name] = dict(args=["{pid}"],
                           why="Debian 12's Python 3.11 never fires its function__entry probe, "
                               "which ucalls counts (pythonflow sees its returns only)")
        elif name == "pythonflow":
            # returns only: Python 3.11 fires no function__entry
            T[name] = dict(args=["{pid}"],
                           check=has(r"^\d+\s+{pid}\s+{pid}\s+[\d.]+\s+<- \S*workload\.py\.step\s*$"))
        elif name == "pythongc":
            # the workload's gc.collect() calls; ugc -p prints only its
            # process's collections (its Python formatter returns nothing:
            # "None" as the description, under BCC too)
            T[name] = dict(args=["{pid}"], check=has(r"^[\d.]+\s+[\d.]+\s+None$"))
        elif name == "pythonstat":
            T[name] = dict(args=IVL, check=stat_row("gc_pid", "GC/s"))
        elif lang in RUNTIMES and kind == "stat":
            # ustat finds the process by its comm (java, ruby, php)
            T[name] = dict(args=IVL, lang=lang, check=stat_row("lang_pid", "METHOD/s"))
        elif lang in RUNTIMES and kind == "calls":
            # per method; ucalls may print a method on several lines (its
            # key holds the bytes after the name's NUL too, under BCC too)
            T[name] = dict(args=["{lang_pid}"], lang=lang,
                           check=sum_lines(r"^%s\s+(\d+)\s*$" % MARKER, "lang_calls"))
        elif lang in RUNTIMES and kind == "flow":
            T[name] = dict(args=["{lang_pid}"], lang=lang,
                           check=count_matches(r"^\d+\s+{lang_pid}\s.*-> %s\s*$" % MARKER,
                                               "lang_calls"))
        elif lang in RUNTIMES and kind == "gc":
            # ugc traces one process: any collection it prints is the burst's
            T[name] = dict(args=["{lang_pid}"], lang=lang,
                           check=has(r"^[\d.]+\s+[\d.]+\s+\S"))
        elif lang in ("java", "ruby") and kind == "objnew":
            T[name] = dict(args=["{lang_pid}"], lang=lang,
                           check=count_line_at(r"^b?'?SweepObj'?\s+(\d+)\s", "lang_calls"))
        elif name == "javathreads":
            T[name] = dict(args=["{lang_pid}"], lang=lang,
                           check=has(r"sweep-thread"))
        elif kind == "stat":
            T[name] = dict(args=IVL, why="per-process method/GC rates of %s processes" % lang)
        elif lang == "python":
            T[name] = dict(args=["{pid}"], why="Python method/GC events of the workload")
        else:
            T[name] = dict(args=["{pid}"], why="needs a %s process with USDT probes" % lang)

# ---------------------------------------------------------------- running


def bpf_progs():
    """{prog id: (set of owner pids, name)} of loaded BPF programs."""
    r = subprocess.run(["bpftool", "prog", "show", "-j"], capture_output=True, text=True)
    try:
        return {p["id"]: ({o["pid"] for o in p.get("pids", [])}, p.get("name", ""))
                for p in json.loads(r.stdout)}
    except ValueError:
        return {}


# the terminal a curses tool draws on (spec "tty": True): wide enough for
# cachetop's 83-column rows, tall enough for every process of the machine
TTY_ROWS, TTY_COLS = 200, 160


class Run:
    """One tool process, output collected as it comes, in its own session.
    tty=True: its stdin and stdout are a terminal (TERM=vt100), and out is
    what it drew: the lines of each screen it cleared, then of the last."""

    def __init__(self, argv, env, tty=False):
        self.out, self.err = [], []
        if tty:
            self.screen = Screen(TTY_ROWS, TTY_COLS)
            master, slave = os.openpty()
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", TTY_ROWS, TTY_COLS, 0, 0))
            self.p = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=subprocess.PIPE,
                                      text=True, errors="replace", start_new_session=True,
                                      env=dict(env, TERM="vt100", LINES=str(TTY_ROWS),
                                               COLUMNS=str(TTY_COLS)))
            os.close(slave)
            drawn = threading.Thread(target=self._draw, args=(master,), daemon=True)
        else:
            self.p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      stdin=subprocess.DEVNULL, text=True, errors="replace",
                                      env=env, start_new_session=True)
            drawn = threading.Thread(target=self._read, args=(self.p.stdout, self.out),
                                     daemon=True)
        self.ts = [drawn, threading.Thread(target=self._read, args=(self.p.stderr, self.err),
                                           daemon=True)]
        for t in self.ts:
            t.start()

    @staticmethod
    def _read(stream, into):
        for line in stream:
            into.append(line.rstrip("\n"))

    def _draw(self, master):
        """The terminal's output into the screen until the tool closes it."""
        dec = codecs.getincrementaldecoder("utf-8")("replace")
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:      # EIO: no process holds the terminal any more
                chunk = b""
            if not chunk:
                break
            self.screen.feed(dec.decode(chunk))
            self.out[:] = [l for frame in self.screen.frames() for l in frame]
        os.close(master)

    def _has_progs(self):
        """A BPF program is held by a process of the tool's session"""
        return any(bpf_fds_in_session(self.p.pid, ("bpf-prog",)))

    def wait_frame(self, secs):
        """Until the tool starts one more screen and has had time to draw
        it (a screen is one write), or ends; at most @secs. A curses tool's
        counts since its last screen (cachetop's, cleared each interval) are
        on the next one."""
        n = len(self.screen.frames())
        end = time.monotonic() + secs
        while (time.monotonic() < end and self.p.poll() is None and
               len(self.screen.frames()) == n):
            time.sleep(0.1)
        time.sleep(0.3)

    def wait_ready(self, secs, drawn=False):
        """Until the tool has programs loaded and has printed a line after
        that (or 1.5 s passed), or it ended; at most @secs. Output alone is
        not enough: some tools print before BPF() compiles. drawn=True: a
        line it drew after loading, however long that takes (a curses
        tool draws its first screen an interval after its attach calls)."""
        end = time.monotonic() + secs
        self.loaded = False
        n_out = 0
        while time.monotonic() < end and self.p.poll() is None:
            if not self.loaded and self._has_progs():
                self.loaded, n_out, t_loaded = True, len(self.out), time.monotonic()
            if self.loaded and (len(self.out) > n_out or
                                (not drawn and time.monotonic() - t_loaded > 1.5)):
                return
            time.sleep(0.2)

    def stop(self):
        """SIGINT as a user would; then SIGTERM, SIGKILL to the whole group."""
        timed_out = False
        for sig, secs in ((signal.SIGINT, STOP_SECS), (signal.SIGTERM, 2), (signal.SIGKILL, 2)):
            if self.p.poll() is not None:
                break
            if sig != signal.SIGINT:
                timed_out = True
            try:
                os.killpg(self.p.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.p.wait(timeout=secs)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.p.pid, signal.SIGKILL)   # stragglers of the group
        except (ProcessLookupError, PermissionError):
            pass
        for t in self.ts:
            t.join(timeout=2)
        return timed_out


# a tool that catches its exception and prints only the message
SAID_ERROR = r"ERROR:|Failed to attach|Failed to open|Failed to load|Error:|'str' object has no attribute"


def first_error(err, out):
    """The line that says what went wrong."""
    lines = [l for l in err + out if l.strip()]
    # a drop-in build that failed: the converter's or compiler's first error
    if any("cannot convert this BPF program" in l for l in lines):
        for l in lines:
            if re.search(r": (fatal )?error: ", l):
                return l.strip()
    tb = [i for i, l in enumerate(lines) if l.startswith("Traceback")]
    if tb:
        for l in lines[tb[-1] + 1:]:
            if not l.startswith(" ") and not l.startswith("Traceback"):
                return l.strip()
    for l in lines:
        if re.match(SAID_ERROR, l):
            return l.strip()
    for l in lines:
        if re.search(r"error|Error|ERROR|failed|Failed|cannot|Cannot|not supported|"
                     r"Unable|unable|No such|invalid|Invalid", l):
            return l.strip()
    return (lines[-1].strip() if lines else "no output")


# Why a tool cannot attach here, from what BCC or bcc2core said.
CANNOT = [
    (r"required tracing events are not available",
     "needs the preemptirq tracepoints (CONFIG_PREEMPTIRQ_TRACEPOINTS; not in this kernel)"),
    (r"no .* in /proc/kallsyms",
     "needs data symbols in /proc/kallsyms (CONFIG_KALLSYMS_ALL is off here)"),
    (r"kprobes/blacklist|kprobe_events", "needs kprobes (no kprobes in this kernel)"),
    (r"bpf_prog_load\(\) ?failed|cannot attach kprobe|to kprobe |kprobe.*Operation not "
     r"supported|Failed to attach BPF program \S+ to kprobe|kretprobe|no kprobes",
     "needs kprobes (no kprobes in this kernel)"),
    (r"kfunc|fentry|fexit|trampoline", "needs fentry/fexit (refused here)"),
    (r"perf_event_open|PERF_COUNT_HW|hardware event|Failed to attach BPF to perf event",
     "needs hardware perf events (none in this VM)"),
    (r"only support Intel architecture", "supports Intel VMX only (this CPU is AMD)"),
    (r"pthread_start", "needs glibc's USDT probes (libpthread:pthread_start; Debian 12's "
     "libc has none)"),
    (r"USDT probe|enable USDT|no USDT|stapsdt", "needs a process with USDT probes"),
    (r"tracepoint .*(does not exist|No such file)|No such file or directory.*tracepoint"
     r"|tracepoint.*not found", "needs a tracepoint this kernel lacks"),
]


def cannot_attach(line, text):
    """Why the tool cannot attach here, or None."""
    if "Need super-user privileges" in line and re.search(r"attach_k(ret)?func|attach_lsm",
                                                          text):
        return "needs fentry/fexit (refused here; BCC tries them since the kernel has BTF)"
    if "the kernel refuses a raw tracepoint program that reads ctx->args" in text:
        m = re.search(r"hint: tracepoint (\S+) has (\d+) arguments? on this kernel", text)
        return ("reads more arguments of a raw tracepoint than this kernel's has (%s: %s): "
                "written for another kernel" % (m.group(1), m.group(2)) if m else
                "reads more arguments of a raw tracepoint than this kernel's has")
    m = re.search(r"hint: no definition of struct (\S+): neither the program nor the "
                  r"kernel BTF", text)
    if m:
        return ("needs kernel types this kernel does not have (struct %s: in neither its "
                "BTF nor a module's)" % m.group(1))
    if "unknown func bpf_override_return" in text:
        return ("needs bpf_override_return (CONFIG_BPF_KPROBE_OVERRIDE; this kernel has no "
                "CONFIG_FUNCTION_ERROR_INJECTION)")
    for rx, why in CANNOT:
        if re.search(rx, line):
            return why
    return None


def classify(name, spec, run, rc, timed_out, w, kind):
    """(outcome, note)"""
    out, err = run.out, run.err
    text = "\n".join(err + out)
    warned = [l for l in err if "will not run: no kprobes" in l]
    crashed = ("Traceback" in text and not re.search(r"^KeyboardInterrupt", text, re.M)) \
        or (rc not in (0, -signal.SIGINT, 130, None) and not timed_out and
            "Traceback" in text and not text.rstrip().endswith("KeyboardInterrupt"))
    bad_rc = rc not in (0, -signal.SIGINT, 130, -signal.SIGTERM, -signal.SIGKILL) and \
        rc not in spec.get("rc_ok", [])
    if re.search(r"^KeyboardInterrupt", text, re.M) and \
            re.search(r"bpf_module_create|b = BPF\(|= BPF\(text", text):
        return "fails", "still starting (compiling its program) when stopped"
    said_error = any(re.match(SAID_ERROR, l) for l in err + out)
    if crashed or bad_rc or said_error:
        line = first_error(err, out)
        why = cannot_attach(line, text) or spec.get("cannot")
        if why:
            return "cannot attach here", "%s: %s" % (why, line)
        if kind == "bcc" and "cannot attach uprobe, Invalid argument" in text:
            # BCC 0.26's ctypes prototype of bpf_attach_uprobe lacks its
            # 7th argument, ref_ctr_offset: a stray value goes in, and the
            # kernel refuses it where a uprobe on that function exists
            # with 0 (dmesg: "ref_ctr_offset mismatch")
            return "fails", line + " (EINVAL: BCC 0.26 passes a stray ref_ctr_offset, " \
                "refused where the kernel already holds a uprobe on that function)"
        return "fails", line
    if timed_out and not out:
        return "fails", "no output, did not stop on SIGINT (%s)" % first_error(err, out)
    note = ""
    if warned:
        note = "%d of its programs not attached (kprobes): " % len(warned)
    if spec.get("check"):
        if w is None:
            return "runs but wrong", note + "the workload did not finish"
        ok, why = spec["check"](out, w)
        if ok:
            return "correct", note + "prints the workload's events"
        return "runs but wrong", note + why
    if not out and bad_rc:
        return "fails", first_error(err, out)
    last = [l for l in out if l.strip()]
    return "runs, output plausible", note + spec.get("why", "") + \
        ("" if last else " (no output)")


def join_note(note_pre, outcome, note):
    """port's complaint matters only when the run itself did not say more."""
    if outcome in ("fails", "cannot attach here"):
        return note
    return note_pre + note


def workload_says(wdir, name, wl):
    """What the workload writes into file @name of its directory once it
    knows it: its runtime process's pid (lang.pid: a JVM starts in seconds,
    longer under TCG), its listener's port (tcp.port); "0" if it never does."""
    path = os.path.join(wdir, name)
    end = time.monotonic() + 120
    while not os.path.exists(path) and wl.poll() is None and time.monotonic() < end:
        time.sleep(0.05)
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return "0"


def run_one(name, spec, kind, tmp, env, secs, port=True):
    """kind: 'bcc' or 'dropin'. Returns (outcome, note, leftover progs).
    port=False: the drop-in's object is in env's cache already (ported
    before, with the same arguments)."""
    tool = "/usr/sbin/%s-bpfcc" % name
    wdir = tempfile.mkdtemp(dir=tmp, prefix=kind + "-")
    log = os.path.join(wdir, "wl.json")
    lang = spec.get("lang")
    # a terminal for the tools that take one (ttysnoop): the workload writes
    # a line to it
    master, slave = os.openpty()
    names_tty = any("{tty}" in a for a in spec.get("args", []))
    wl = subprocess.Popen([PYTHON, os.path.join(HERE, "workload.py"), wdir, str(secs), log] +
                          ([lang] if lang else []),
                          env=dict(os.environ, SWEEP_BUSY="1" if spec.get("busy") else "0",
                                   SWEEP_OOM="1" if spec.get("oom") else "0",
                                   SWEEP_DROP="1" if spec.get("drop") else "0",
                                   SWEEP_DCACHE="1" if spec.get("dcache") else "0",
                                   SWEEP_RECLAIM="1" if spec.get("reclaim") and IN_GUEST
                                   else "0",
                                   SWEEP_TTY=os.ttyname(slave) if names_tty else ""),
                          stdin=subprocess.PIPE, text=True, start_new_session=True)
    names_port = any("{tcp_port}" in a for a in spec.get("args", []))
    subst = {"pid": str(wl.pid), "dir": wdir, "tty": os.ttyname(slave),
             "lang_pid": workload_says(wdir, "lang.pid", wl) if lang else "",
             "tcp_port": workload_says(wdir, "tcp.port", wl) if names_port else ""}
    args = [a.format(**subst) for a in spec.get("args", [])]
    before = bpf_progs()
    note_pre = ""
    if kind == "dropin" and port:
        r = subprocess.run([BCC2CORE, "port", "-o", os.path.join(wdir, "tool.bpf.o"), tool,
                            *args], capture_output=True, text=True, timeout=300, env=env)
        if r.returncode or "cached as" not in r.stderr:
            # run it anyway: the package says what it lacks (or builds on a miss)
            note_pre = "port: %s; " % first_error(r.stderr.splitlines(),
                                                  r.stdout.splitlines())
    with open(tool, "rb") as f:
        shebang = f.readline()
    # the language tools are shell wrappers around ucalls/uflow/...: as themselves
    run = Run(([PYTHON] if b"python" in shebang else []) + [tool, *args], env,
              tty=spec.get("tty", False))
    run.wait_ready(READY_SECS, drawn=spec.get("tty", False))
    try:
        wl.stdin.write("\n")
        wl.stdin.close()
    except BrokenPipeError:
        pass
    try:
        wl.wait(timeout=secs + spec.get("wl_wait", 30))
    except subprocess.TimeoutExpired:
        os.killpg(wl.pid, signal.SIGKILL)
        wl.wait()
    time.sleep(0.7)
    if spec.get("tty"):
        # the workload's last interval: a screen drawn after it ended. A TCG
        # guest beside other work can take more than 5 s to draw one; this
        # returns as soon as it is drawn
        run.wait_frame(20)
    if spec.get("wait_end"):
        try:
            run.p.wait(timeout=spec["wait_end"])
        except subprocess.TimeoutExpired:
            pass
    timed_out = run.stop()
    rc = run.p.returncode
    os.close(master)
    os.close(slave)
    w = None
    try:
        with open(log) as f:
            w = json.load(f)
    except (OSError, ValueError):
        pass
    outcome, note = classify(name, spec, run, rc, timed_out, w, kind)
    note = join_note(note_pre, outcome, note)
    # never leave BPF programs behind: ours are gone with the tool's session
    time.sleep(0.3)
    # (other sessions load programs too: without an owner process, a new
    # program counts as ours when the tool's source names it)
    with open(tool, errors="replace") as f:
        src = f.read()
    left = [i for i, (owners, pname) in bpf_progs().items() if i not in before and
            (owners & {run.p.pid, wl.pid} or
             (not owners and pname.split("__tp")[0][:15] in src))]
    if left:   # another session's short run may have a program of that name
        time.sleep(3)
        left = [i for i in left if i in bpf_progs()]
    with open(os.path.join(wdir, "out.txt"), "w") as f:
        f.write("rc=%s timed_out=%s\n--- stdout\n%s\n--- stderr\n%s\n" % (
            rc, timed_out, "\n".join(run.out), "\n".join(run.err)))
    with open(os.path.join(wdir, "run.json"), "w") as f:
        json.dump({"tool": name, "kind": kind, "args": args, "rc": rc, "timed_out": timed_out,
                   "out": run.out, "err": run.err, "w": w, "note_pre": note_pre,
                   "left": len(left)}, f)
    return outcome, note, len(left)


# ---------------------------------------------------------------- setup


def enter_namespace():
    """Private mount namespace; BCC finds Debian's 6.1 headers as this
    kernel's (a tmpfs on /lib/modules, gone with the namespace)."""
    if os.environ.get("SWEEP_IN_NS"):
        kdir = "/lib/modules/" + os.uname().release
        hdr = sorted(glob.glob("/lib/modules/6.1*/build"))
        if not os.path.exists(kdir + "/build") and hdr:
            build, src = os.path.realpath(hdr[0]), \
                os.path.realpath(os.path.join(os.path.dirname(hdr[0]), "source"))
            if subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=0755", "bcc2core-sweep",
                               "/lib/modules"]).returncode == 0:
                os.makedirs(kdir)
                os.symlink(build, kdir + "/build")
                os.symlink(src, kdir + "/source")
        return os.path.exists(kdir + "/build")
    os.environ["SWEEP_IN_NS"] = "1"
    os.execvp("unshare", ["unshare", "--mount", "--propagation", "private", PYTHON,
                          os.path.abspath(__file__)] + sys.argv[1:])


def md_escape(s):
    s = "".join(c if c.isprintable() else " " for c in s)   # tools print raw bytes
    return s.replace("|", "\\|")


OUTCOMES = ["correct", "runs, output plausible", "runs but wrong", "cannot attach here",
            "fails", "not run"]


def write_doc(path, results, tools, args_str, not_run, bcc_ok, command=None):
    kinds = OUTCOMES
    counts = {k: {"bcc": 0, "dropin": 0, "guest": 0, "guest_bcc": 0} for k in kinds}
    for t in tools:
        r = results.get(t, {})
        for kind in ("bcc", "dropin"):
            counts[r.get(kind, ("not run", ""))[0]][kind] += 1
        for kind in GUEST_KINDS:   # only the tools the guest sweep ran
            if kind in r:
                counts[r[kind][0]][kind] += 1
    n_guest = sum(1 for t in tools if "guest" in results.get(t, {}))
    n_guest_bcc = sum(1 for t in tools if "guest_bcc" in results.get(t, {}))
    now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    kernel = os.uname().release
    L = ["# Sweep of the Debian BCC tools: BCC vs bcc2core's drop-in `bcc` package", "",
         "Generated by `compat-tests/sweep/sweep_tools.py` on %s, kernel %s "
         "(no kprobes, fentry refused; tracepoints, raw tracepoints, uprobes and "
         "software perf events work), %d tools from `/usr/sbin/*-bpfcc`." % (now, kernel,
                                                                          len(tools)), "",
         "Command: `%s`%s" % (command or "compat-tests/sweep/sweep_tools.py" +
                              (" " + args_str if args_str else ""),
                              " (those tools' rows; the others are kept from earlier runs "
                              "in the state file)" if re.search(r"--only|--reclassify",
                                                                command or args_str or "")
                              else ""), "",
         "| outcome | BCC | drop-in | guest (6.1): drop-in | guest (6.1): BCC |",
         "|---|---|---|---|---|"]
    for k in kinds:
        L.append("| %s | %d | %d | %d | %d |" % (k, counts[k]["bcc"], counts[k]["dropin"],
                                                counts[k]["guest"], counts[k]["guest_bcc"]))
    L += ["", "The guest columns count the %d tools the guest sweep ran under the drop-in "
          "(%d under BCC) on Debian's 6.1 kernel in QEMU: those this kernel cannot attach "
          "(`compat-tests/sweep/guest_sweep.py`, below)." % (n_guest, n_guest_bcc)]
    L += ["",
          "## How it was run", "",
          "- Each tool runs with the arguments of the script's table (interval tools "
          "`1 1`, or `1 10` where the check needs the workload inside a report; tools "
          "that take a pid get the workload's), once under BCC "
          "(`/usr/bin/python3` with python3-bpfcc) and once under the drop-in package "
          "(`bcc2core port TOOL ARGS` into a temporary object cache, then "
          "`PYTHONPATH=$(bcc2core python-path) /usr/bin/python3 TOOL ARGS`). Output "
          "goes to pipes, except for a curses tool (cachetop): it runs on a "
          "pseudo-terminal (TERM=vt100), and the script reads back each screen it "
          "draws (`compat-tests/sweep/screen.py`).",
          "- The workload (`compat-tests/sweep/workload.py`, comm `sweepwl`) starts when "
          "the tool has loaded and printed a line after that (or after %d s; for "
          "interval tools, their first report: they get ten) and for a few seconds "
          "(two steps at least) execs `/bin/echo`, runs `sh -c 'exit 3'`, opens and stats a marker file "
          "(and a missing one), writes 256 KiB with fsync and reads it back, connects "
          "to and accepts from a localhost TCP port (100 kB), SIGUSR1s a child, "
          "resolves `localhost`, starts a thread, passes an fd over a unix socket, "
          "makes a SysV shm segment, binds and listens on a port, creates and deletes "
          "a file and sleeps in short steps; once: an interactive "
          "bash on a pty reads a line, a TLS connection over localhost (openssl s_client "
          "to s_server), a line written to the tool's terminal (ttysnoop), "
          "a tmpfs mount/umount, sync(), three connects to a localhost listener whose "
          "accept queue is full (the kernel drops their SYNs, the clients send them "
          "again a second later: tcpretrans; at 1.5 s it accepts one, and the others "
          "get through: tcpcong); it holds a BPF map all along. For "
          "runqlen and cpuunclaimed it also keeps two busy loops per CPU running; for "
          "oomkill a child of it is OOM-killed in a memory cgroup of 32 MiB; for tcpdrop "
          "a SYN of its own is dropped by an nftables OUTPUT rule for one port; for dcstat "
          "it creates and removes 2000 files of new names (2000 dentry cache misses); for "
          "drsnoop "
          "(in the guest only) a child of it takes memory until the OOM killer ends it."
          % READY_SECS,
          "- The Java, Ruby and PHP tools (`javacalls`, `rubygc`, `phpstat`, ...) trace "
          "a process of that runtime the workload starts before the tool "
          "(`compat-tests/sweep/langs/`: `java -XX:+ExtendedDTraceProbes`, Ruby with a "
          "TracePoint enabled, PHP with `USE_ZEND_DTRACE=1`, without which their method "
          "probes do not fire, under BCC either); it calls a method and collects "
          "garbage every 20 ms, and once the tool traces makes a burst the checks count "
          "exactly: 100 calls of `SweepObj.sweep_marker`, 100 `SweepObj` objects. "
          "Debian's perl, node and tcl have no USDT probes.",
          "- The tool is then stopped with SIGINT (SIGTERM/SIGKILL of its session after "
          "%d s). Loaded BPF programs are compared before and after each run." % STOP_SECS,
          "- BCC compiles against Debian's 6.1 headers (this kernel has none): the "
          "script runs in a private mount namespace with a tmpfs on /lib/modules "
          "pointing at them, as bench/run.sh does; BCC then reads 6.1's struct "
          "offsets on a 6.18 kernel." + ("" if bcc_ok else
                                          " (BCC was NOT available for this run.)"),
          "- Outcomes: `correct` = the output shows the workload's pids/comms/paths "
          "(per-tool check in the script); `runs, output plausible` = the tool ran and "
          "printed its usual output, but it cannot be tied to the workload (the note "
          "says why); `runs but wrong` = ran, the check failed (what is missing); "
          "`cannot attach here` = this kernel lacks what the tool needs; `fails` = "
          "the first error line.",
          "- Run it again: `compat-tests/sweep/sweep_tools.py [--only TOOL,...] "
          "[--no-bcc] [--doc FILE]` as root, from a built tree (about 30 minutes for "
          "all tools on 2 cores; too slow for ctest). Each run's output is kept in the "
          "temp dir the script prints (`*/run.json`, `*/out.txt`); `--only` updates "
          "those tools' rows of the last sweep (kept in `--state`, default "
          "/var/tmp/bcc2core-sweep-state.json), and `--reclassify DIR` classifies a "
          "kept sweep again with the script's current checks without running anything. "
          "The guest cells: `compat-tests/sweep/guest_sweep.py [--only TOOL,...] "
          "[--guest-bcc] [--reclassify DIR]` (same state; one boot for all its tools, "
          "about an hour for the drop-in runs under TCG).",
          "- `guest (6.1)`: the tools that cannot attach here (no kprobes, fentry refused, "
          "no data symbols, a missing tracepoint; not those that need a USDT process or "
          "another architecture), swept again by `compat-tests/sweep/guest_sweep.py` in one "
          "boot of Debian's 6.1 kernel in QEMU (compat-tests/guest/run-in-guest.sh; kprobes "
          "attach there, BCC has matching headers): each tool ported in the guest "
          "(`bcc2core port TOOL ARGS`: a tool's text depends on the kernel), then run "
          "unmodified under the drop-in package (and under BCC with `--guest-bcc`) around "
          "the same workload, its files on an ext4 file system on a virtio scratch disk "
          "(so its fsyncs are block I/O of `vda`; for the XFS and btrfs tools, on that "
          "file system on a loop device of a file there, for mdflush on ext4 on an md "
          "RAID1 of two such devices; for the NFS tools, on a directory "
          "of it the guest's kernel NFS server exports, mounted over NFSv4.2 from "
          "127.0.0.1), stopped with SIGINT and classified "
          "with the same checks; the note says `guest:`/`guest BCC:`. A tool that names "
          "a missing kprobe target says whether 6.1 has that function (kallsyms) and "
          "whether ftrace can patch it (`available_filter_functions`). Where the guest "
          "sweep did not run a tool, the cell is what the `guest/dropin_kprobe_tools` "
          "test found (BCC and drop-in against dd direct I/O on the virtio disk and "
          "TCP connects over 127.0.0.1 and ::1; see compat-tests/guest/README.md).",
          ""]
    if not_run:
        L += ["Not run: " + ", ".join(not_run), ""]
    L += ["## Tools", "", "| tool | BCC | drop-in | guest (6.1) | note |",
          "|---|---|---|---|---|"]
    for t in tools:
        r = results.get(t, {})
        b = r.get("bcc", ("not run", ""))
        d = r.get("dropin", ("not run", ""))
        notes = []
        if b[1]:
            notes.append("BCC: " + b[1])
        if d[1]:
            notes.append("drop-in: " + d[1])
        host = md_escape("; ".join(notes)[:400])
        for kind, label in (("guest", "guest"), ("guest_bcc", "guest BCC")):
            if r.get(kind, ("", ""))[1]:
                host += ("; " if host else "") + md_escape(
                    "%s: %s" % (label, r[kind][1])[:300])
        args = " ".join(T.get(t, {}).get("args", []))
        L.append("| %s%s | %s | %s | %s | %s |" % (
            t, " `%s`" % md_escape(args) if args else "", b[0], d[0],
            md_escape(guest_cell(t, r)), host))
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


DOC_ROW = re.compile(r"^\| (\S+)(?: `[^`]*`)? \| ([^|]*) \| ([^|]*) \| ")
GUEST_KINDS = ("guest", "guest_bcc")


def load_results(state, doc):
    """The last sweep's cells {tool: {kind: (outcome, note)}}, kind bcc,
    dropin, guest, guest_bcc: from the state file, else (a fresh machine)
    the outcomes and notes of the doc's tool table."""
    if os.path.exists(state):
        with open(state) as f:
            return {t: {k: tuple(v) for k, v in r.items()} for t, r in json.load(f).items()}
    results = {}
    try:
        with open(doc) as f:
            lines = f.read().splitlines()
    except OSError:
        return results
    for l in lines:
        m = DOC_ROW.match(l)
        if not m or m.group(1) == "tool" or m.group(2) not in OUTCOMES:
            continue
        cells = re.split(r"(?<!\\) \| ", l.strip("| "))
        note = cells[-1].replace("\\|", "|") if len(cells) >= 5 else ""
        notes = {"bcc": "", "dropin": ""}
        i = note.find("; drop-in: ") if note.startswith("BCC: ") else -1
        if note.startswith("BCC: "):
            notes["bcc"] = note[5:i] if i >= 0 else note[5:]
        if note.startswith("drop-in: ") or i >= 0:
            notes["dropin"] = note[i + 11:] if i >= 0 else note[9:]
        notes["dropin"] = notes["dropin"].split("; guest: ")[0].split("; guest BCC: ")[0]
        row = results[m.group(1)] = {"bcc": (m.group(2), notes["bcc"]),
                                     "dropin": (m.group(3), notes["dropin"])}
        # the guest sweep's cells ("drop-in: X; BCC: Y"), not a hand-kept
        # finding, with their notes ("; guest: ...; guest BCC: ...")
        gcell = cells[3] if len(cells) >= 5 else ""
        if gcell == md_escape(GUEST_61.get(m.group(1), "")):
            continue
        gnote = note.split("; guest: ", 1)[1] if "; guest: " in note else ""
        gnote, _, gbnote = gnote.partition("; guest BCC: ")
        if not gnote and "; guest BCC: " in note:
            gbnote = note.split("; guest BCC: ", 1)[1]
        for part in gcell.split("; "):
            kind, _, outcome = part.partition(": ")
            # "drop-in: not run": the guest ran that tool under BCC only
            if outcome in OUTCOMES and outcome != "not run" and kind in ("drop-in", "BCC"):
                row["guest" if kind == "drop-in" else "guest_bcc"] = \
                    (outcome, gnote if kind == "drop-in" else gbnote)
    return results


def guest_cell(t, r):
    """The guest (6.1) column: the guest sweep's outcome(s), else the hand-kept finding."""
    g, gb = r.get("guest"), r.get("guest_bcc")
    if not g and not gb:
        return GUEST_61.get(t, "")
    cell = "drop-in: %s" % g[0] if g else "drop-in: not run"
    if gb:
        cell += "; BCC: %s" % gb[0]
    return cell


class _Kept:
    def __init__(self, out, err):
        self.out, self.err = out, err


def reclassify(a):
    results = load_results(a.state, a.doc)
    runs = []
    for p in glob.glob(os.path.join(a.reclassify, "*", "run.json")):
        with open(p) as f:
            runs.append((os.path.getmtime(p), json.load(f)))
    for _, r in sorted(runs, key=lambda x: x[0]):   # the latest run of each tool wins
        t = r["tool"]
        outcome, note = classify(t, T.get(t, {}), _Kept(r["out"], r["err"]), r["rc"],
                                 r["timed_out"], r["w"], r["kind"])
        note = join_note(r["note_pre"], outcome, note)
        if r["left"]:
            note += " [left %d BPF programs loaded]" % r["left"]
        results.setdefault(t, {})[r["kind"]] = (outcome, note)
    for t, spec in T.items():
        if spec.get("skip"):
            results[t] = {"bcc": ("not run", spec["skip"]), "dropin": ("not run", spec["skip"])}
    all_tools = sorted(os.path.basename(p)[:-len("-bpfcc")]
                       for p in glob.glob("/usr/sbin/*-bpfcc"))
    with open(a.state, "w") as f:
        json.dump(results, f)
    write_doc(a.doc, results, all_tools, "--reclassify DIR",
              [x for x in all_tools if x not in results],
              any("bcc" in r for r in results.values()))
    print("sweep: wrote", a.doc)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="comma-separated tool names (without -bpfcc)")
    ap.add_argument("--no-bcc", action="store_true", help="skip the BCC runs")
    ap.add_argument("--doc", default=os.path.join(ROOT, "docs", "tool-sweep.md"))
    ap.add_argument("--secs", type=float, default=2.5, help="workload duration")
    ap.add_argument("--reclassify", metavar="DIR",
                    help="classify again the runs kept in DIR (a previous sweep's temp dir) "
                         "with this script's checks, and write the doc; runs nothing")
    ap.add_argument("--state", default="/var/tmp/bcc2core-sweep-state.json",
                    help="results kept across runs: --only updates those tools' rows")
    a = ap.parse_args()
    if os.geteuid():
        sys.exit("sweep_tools.py: needs root")
    # started in the background, we may have SIGINT ignored, and the tools
    # would inherit that: they must get Python's default handler
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if a.reclassify:
        return reclassify(a)
    bcc_ok = enter_namespace() and not a.no_bcc and \
        subprocess.run([PYTHON, "-c", "import bcc"], capture_output=True).returncode == 0
    all_tools = sorted(os.path.basename(p)[:-len("-bpfcc")]
                       for p in glob.glob("/usr/sbin/*-bpfcc"))
    tools = [t for t in all_tools if not a.only or t in a.only.split(",")]
    tmp = tempfile.mkdtemp(prefix="bcc2core-sweep-", dir="/var/tmp")
    print("sweep: %d tools, outputs in %s, BCC %s" % (len(tools), tmp,
                                                    "on" if bcc_ok else "off"), flush=True)
    pp = subprocess.run([BCC2CORE, "python-path"], capture_output=True, text=True).stdout.strip()
    env_bcc = dict(os.environ, PYTHONUNBUFFERED="1")
    env_bcc.pop("PYTHONPATH", None)
    env_drop = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=pp,
                    BCC2CORE_CACHE_DIR=os.path.join(tmp, "cache"))
    leaks = []
    results = load_results(a.state, a.doc)
    if not a.only:   # a full sweep starts afresh; the guest sweep's cells stay
        results = {t: {k: v for k, v in r.items() if k in GUEST_KINDS}
                   for t, r in results.items() if any(k in GUEST_KINDS for k in r)}
    args_str = " ".join(sys.argv[1:])
    for t in tools:
        spec = T.get(t, {})
        if spec.get("skip"):
            results[t] = dict(results.get(t, {}), bcc=("not run", spec["skip"]),
                              dropin=("not run", spec["skip"]))
            continue
        res = {}
        for kind, env in (("bcc", env_bcc), ("dropin", env_drop)):
            if kind == "bcc" and not bcc_ok:
                continue
            t0 = time.monotonic()
            try:
                outcome, note, left = run_one(t, spec, kind, tmp, env, a.secs)
            except Exception as e:  # the sweep goes on
                outcome, note, left = "fails", "sweep error: %r" % e, 0
            if left:
                note += " [left %d BPF programs loaded]" % left
                leaks.append((t, kind, left))
            res[kind] = (outcome, note)
            print("%-16s %-6s %-24s %5.1fs  %s" % (t, kind, outcome, time.monotonic() - t0,
                                                  note[:150]), flush=True)
        if "bcc" not in res and "bcc" in results.get(t, {}):
            res["bcc"] = results[t]["bcc"]  # --no-bcc: BCC's cell from the last run stays
        results[t] = dict(results.get(t, {}), **res)   # with its guest cells
        with open(a.state, "w") as f:
            json.dump(results, f)
        write_doc(a.doc, results, all_tools, args_str,
                  [x for x in all_tools if x not in results],
                  # a partial run without BCC keeps the BCC cells of earlier ones
                  bcc_ok or any("bcc" in r for r in results.values()))
    if leaks:
        print("sweep: BPF programs left behind:", leaks)
    print("sweep: wrote", a.doc)


if __name__ == "__main__":
    main()
