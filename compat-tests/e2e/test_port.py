#!/usr/bin/python3
"""Unmodified BCC tools, ported: `bcc2core port` runs the Debian tool far
enough to capture its program, cflags and attach calls, builds an object,
and `run` gives the tool's events for a known workload: opensnoop (one
program attached to three syscalls' returns) and execsnoop (syscall entry
and return). On a kernel without kprobes they run on the syscall
tracepoints. A curses tool (cachetop) ports from a pipe, as in a build: it
gets a terminal of port's, and its program verifies."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]


def port_and_run(tool, tmp, script):
    obj = os.path.join(tmp, os.path.basename(tool) + ".bpf.o")
    res = subprocess.run([BCC2CORE, "port", "-o", obj, tool], capture_output=True, text=True,
                         timeout=120)
    if res.returncode != 0:
        fail(f"port {tool}: {res.stderr}")
    res = subprocess.run([BCC2CORE, "run", "--json", obj, "--", "sh", "-c", script],
                         capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        fail(f"run {tool}: {res.stderr}")
    return [r["data"] for r in map(json.loads, res.stdout.splitlines()) if r["type"] == "event"]


require_root()
tools = {t: shutil.which(t) or "/usr/sbin/" + t for t in ("opensnoop-bpfcc", "execsnoop-bpfcc")}
if not all(os.path.exists(p) for p in tools.values()):
    print("SKIP: bpfcc-tools is not installed")
    sys.exit(77)
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    marker = os.path.join(tmp, "bcc2core-port-marker")
    open(marker, "w").close()
    pidfile = os.path.join(tmp, "pid")
    evs = port_and_run(tools["opensnoop-bpfcc"], tmp,
                       f"echo $$ > {pidfile}; exec cat {marker} > /dev/null")
    pid = int(open(pidfile).read())
    hits = [e for e in evs if e["name"] == marker]
    if len(hits) != 1 or hits[0]["id"] >> 32 != pid or hits[0]["comm"] != "cat" or hits[0]["ret"] < 0:
        fail(f"opensnoop: {hits} (pid {pid})")
    evs = port_and_run(tools["execsnoop-bpfcc"], tmp,
                       f"echo $$ > {pidfile}; exec /bin/echo bcc2core-port-arg > /dev/null")
    pid = int(open(pidfile).read())
    args = [e["argv"] for e in evs if e["pid"] == pid and e["type"] == 0]
    rets = [e["retval"] for e in evs if e["pid"] == pid and e["type"] == 1]
    if "bcc2core-port-arg" not in args or not rets or rets[-1] != 0:
        fail(f"execsnoop: args {args}, returns {rets} (pid {pid})")
    # curses stops at initscr without a terminal, before BPF(): port gives it one
    obj = os.path.join(tmp, "cachetop.bpf.o")
    res = subprocess.run([BCC2CORE, "port", "-o", obj, "/usr/sbin/cachetop-bpfcc", "1"],
                         stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    if res.returncode or "built from /usr/sbin/cachetop-bpfcc" not in res.stderr:
        fail(f"port cachetop from a pipe: exit {res.returncode}: {res.stderr[-1500:]}")
    res = subprocess.run([BCC2CORE, "verify", obj], capture_output=True, text=True, timeout=60)
    if res.returncode or not re.search(r"^[1-9]\d* verified, 0 skipped", res.stdout, re.M):
        fail(f"verify cachetop: exit {res.returncode}: {res.stdout}{res.stderr[-800:]}")
    print(f"PASS: ported opensnoop and execsnoop report the workload's open and exec; "
          f"cachetop ports from a pipe")
