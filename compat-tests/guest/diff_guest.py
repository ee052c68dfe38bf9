#!/usr/bin/python3
"""bcc2core diff --guest, and diff --object in the guest, on Debian's 6.1.

1. no lane (BCC2CORE_GUEST_RUNNER names nothing): exit 2, a clear error and
   a JSON error record of the guest, no boot;
2. `diff --guest --json examples/execsnoop_ppid.bcc.c -- sh -c ...` (one
   boot): task->real_parent->tgid, which BCC reads wrong on the host (its
   headers are not the kernel's), is equal in the guest: exit 0, the JSON
   passed through unchanged (records, one summary last), the summary's kernel
   the guest's release and bcc_headers the same, headers_match true; then
   `diff --guest --tool /usr/sbin/execsnoop-bpfcc` (one boot): equal;
3. one more boot, several diffs as --guest runs them (`diff --object OBJ`,
   OBJ built here): (b) a kprobe + kretprobe program (kprobe_unlink), equal;
   (c) execsnoop_ppid with BCC given the 6.1-rt headers in the 6.1 kernel
   (PREEMPT_RT moves task_struct's fields): a real difference, exit 1, the
   differences caused by the headers; (d) printk lines in the guest
   (printk_prctl: 20 lines with a parent's tgid): equal, compared by
   program, as many lines on each side; (e) `diff --tool` on BCC's example
   hello_fields.py (a kprobe on clone, read back with trace_fields): equal,
   each tool fed its own program's lines; and with --also, more programs,
   each recorded (equal or not), not checked.

usage: diff_guest.py [--also] [--report FILE]
Env: BCC2CORE (default <repo>/build/bin/bcc2core). Exit 0 passed, 1 failed,
77 not root, or QEMU / the guest kernel unavailable.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
RUNNER = os.path.join(HERE, "run-in-guest.sh")
BCC2CORE = os.environ.get("BCC2CORE", os.path.join(REPO, "build", "bin", "bcc2core"))
EXECSNOOP = os.path.join(REPO, "examples", "execsnoop_ppid.bcc.c")
EXECS = "sh -c true; sh -c 'sh -c true'"
RMS = "cd /tmp && touch a b c && rm a b c; rm /tmp/nonexistent 2>/dev/null; true"
HELLO_FIELDS = "/usr/share/doc/bpfcc-tools/examples/tracing/hello_fields.py"
# perl's fork() is a clone() (dash forks /bin/true with vfork, no clone)
FORKS = "perl -e 'for (1..7) { my $p = fork(); exit 0 unless $p; waitpid($p, 0) }'"
PRCTLS = ("/usr/bin/python3 -c 'import ctypes\nlibc = ctypes.CDLL(None)\n"
          "for i in range(20): libc.prctl(0x62636333, i, 0, 0, 0)'")

# name, program, diff options (-D and --attach given to build too), workload
# (sh -c), the status expected (None: recorded, not checked)
CASES = [
    ("kprobe_unlink", "compat-tests/guest/progs/kprobe_unlink.bcc.c", [], RMS, 0),
    ("execsnoop_ppid_rt_headers", "examples/execsnoop_ppid.bcc.c",
     ["--bcc-headers", "RT_HEADERS"], EXECS, 1),
    ("printk_prctl", "compat-tests/guest/progs/printk_prctl.bcc.c", [], PRCTLS, 0),
    # a tool (.py: diff --tool) that reads trace_pipe, on a kprobe: each
    # tool must read its own program's lines, once
    ("hello_fields", HELLO_FIELDS, ["--ready-timeout", "600"], FORKS, 0),
]
ALSO = [
    ("diff_getppid", "compat-tests/e2e/progs/diff_getppid.bcc.c", [], EXECS, None),
    ("unlinkat_count", "compat-tests/e2e/progs/unlinkat_count.bcc.c",
     ["--attach", "ksyscall:unlinkat=syscall__unlinkat"], RMS, None),
    ("raw_tp_exec", "compat-tests/e2e/progs/raw_tp_exec.bcc.c", [], EXECS, None),
    ("output_kinds", "compat-tests/e2e/progs/output_kinds.bcc.c", [],
     "cat /etc/hostname /etc/os-release >/dev/null", None),
    ("syscall_args", "compat-tests/guest/progs/syscall_args.bcc.c", [],
     "cat /nonexistent-bcc2core/x 2>/dev/null; head -c 37 /dev/zero >/dev/null; "
     "kill -12 4000000 2>/dev/null; true", None),
    ("fentry_unlink", "compat-tests/guest/progs/fentry_unlink.bcc.c", [], RMS, None),
]

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def records(text):
    """JSON Lines, or None when a line is not JSON"""
    try:
        return [json.loads(l) for l in text.splitlines() if l.strip()]
    except ValueError:
        return None


def summary_ok(name, recs, want_equal):
    if not recs or recs[-1].get("type") != "summary" or \
            [r for r in recs if r.get("type") == "summary"] != [recs[-1]]:
        check(False, f"{name}: one summary, last: {recs}")
        return None
    s = recs[-1]
    check(s["equal"] == want_equal, f"{name}: equal is {s['equal']}")
    return s


def no_lane():
    env = dict(os.environ, BCC2CORE_GUEST_RUNNER="/nonexistent/run-in-guest.sh")
    res = subprocess.run([BCC2CORE, "diff", "--json", "--guest", EXECSNOOP, "--", "true"],
                         capture_output=True, text=True, env=env, timeout=60)
    recs = records(res.stdout) or []
    check(res.returncode == 2 and "guest lane" in res.stderr and "hint:" in res.stderr and
          recs and recs[0].get("side") == "guest" and recs[-1].get("compared") is False,
          f"no lane: exit {res.returncode}, {res.stderr.strip()!r}, {recs}")


def via_guest(release):
    """(a): diff --guest, the whole way"""
    env = dict(os.environ, BCC2CORE_GUEST_RUNNER=RUNNER)
    t = time.time()
    res = subprocess.run([BCC2CORE, "diff", "--json", "--guest", "6.1", EXECSNOOP, "--",
                          "sh", "-c", EXECS], capture_output=True, text=True, env=env,
                         timeout=900)
    print(f"diff --guest: {time.time() - t:.0f} s, exit {res.returncode}", flush=True)
    recs = records(res.stdout)
    check(recs is not None, f"--guest --json: every line JSON: {res.stdout!r}")
    if not recs:
        print(res.stderr[-3000:])
        return None
    check(res.returncode == 0, f"--guest: exit {res.returncode}\n{res.stdout}{res.stderr[-2000:]}")
    s = summary_ok("--guest execsnoop_ppid", recs, True)
    if s:
        check(s["kernel"] == release and s["kernel"] != os.uname().release,
              f"--guest: kernel {s['kernel']} is the guest's ({release})")
        check(s["bcc_headers"] == s["kernel"] and s["headers_match"] is True,
              f"--guest: bcc_headers {s['bcc_headers']}, headers_match {s['headers_match']}")
        check(s["maps"] == 2 and s["differences"] == 0, f"--guest: {s}")
    return s


def tool_via_guest(release):
    """diff --guest --tool: the drop-in package against BCC in the guest"""
    env = dict(os.environ, BCC2CORE_GUEST_RUNNER=RUNNER)
    t = time.time()
    res = subprocess.run([BCC2CORE, "diff", "--json", "--guest", "--tool",
                          "/usr/sbin/execsnoop-bpfcc", "--", "sh", "-c", EXECS],
                         capture_output=True, text=True, env=env, timeout=1300)
    print(f"diff --guest --tool: {time.time() - t:.0f} s, exit {res.returncode}", flush=True)
    recs = records(res.stdout) or []
    s = summary_ok("--guest --tool execsnoop", recs, True)
    check(res.returncode == 0 and s and s["kernel"] == release and s["headers_match"] and
          s["lines"]["bcc"] >= 3, f"--guest --tool: exit {res.returncode}, {recs}\n"
          f"{res.stderr[-2000:]}")


def batch(cases, release, report):
    """(b), (c) and the rest: diff --object in one boot"""
    rt = sorted(d for d in os.listdir("/lib/modules") if d.endswith("-rt-amd64") and
                os.path.exists(f"/lib/modules/{d}/build"))
    work = tempfile.mkdtemp(prefix="b2cdiffguest.", dir="/var/tmp")
    os.chmod(work, 0o755)
    lines = ["#!/bin/sh", f"export BCC2CORE_CACHE_DIR={work}/cache", f"cd {work}"]
    run = []
    try:
        for name, prog, opts, wl, want in cases:
            if "RT_HEADERS" in opts:
                if not rt:
                    print(f"skip {name}: no 6.1-rt headers installed")
                    continue
                opts = [f"/lib/modules/{rt[-1]}/build" if o == "RT_HEADERS" else o
                        for o in opts]
            if prog.endswith(".py"):
                if not os.path.exists(prog):
                    print(f"skip {name}: {prog} is not installed")
                    continue
                argv = [BCC2CORE, "diff", "--json"] + opts + ["--tool", prog, "--", "sh",
                                                               "-c", wl]
            else:
                obj = os.path.join(work, name + ".bpf.o")
                bopts = [o for i, o in enumerate(opts) if o in ("-D", "--attach") or
                         (i and opts[i - 1] in ("-D", "--attach"))]
                subprocess.run([BCC2CORE, "build", "-o", obj] + bopts +
                               [os.path.join(REPO, prog)], check=True, timeout=300)
                argv = [BCC2CORE, "diff", "--json", "--object", obj] + opts + \
                    [os.path.join(REPO, prog), "--", "sh", "-c", wl]
            q = " ".join("'" + a.replace("'", "'\\''") + "'" for a in argv)
            lines.append(f"s=$(date +%s); {q} >{name}.out 2>{name}.err; echo $? >{name}.rc; "
                         f"echo $(( $(date +%s) - s )) >{name}.secs")
            run.append((name, prog, opts, want))
        with open(os.path.join(work, "batch.sh"), "w") as f:
            f.write("\n".join(lines) + "\n")
        t = time.time()
        res = subprocess.run([RUNNER, "--timeout", "1800", "--rw", work, "--", "sh",
                              os.path.join(work, "batch.sh")], timeout=1900)
        print(f"batch boot: {time.time() - t:.0f} s, exit {res.returncode}", flush=True)
        check(res.returncode == 0, f"batch boot: exit {res.returncode}")
        for name, prog, opts, want in run:
            def rd(ext):
                p = os.path.join(work, f"{name}.{ext}")
                return open(p).read() if os.path.exists(p) else ""
            rc = int(rd("rc") or -1)
            recs = records(rd("out")) or []
            s = recs[-1] if recs and recs[-1].get("type") == "summary" else {}
            diffs = [r for r in recs if r.get("type") == "difference"]
            errs = [r for r in recs if r.get("type") == "error"]
            report.append({"name": name, "program": prog, "options": opts, "exit": rc,
                           "secs": int(rd("secs") or -1), "summary": s,
                           "differences": diffs[:5], "errors": errs,
                           "stderr": rd("err").splitlines()[-5:] if rc == 2 else []})
            print(f"{name}: exit {rc}, {rd('secs').strip()} s, {s}", flush=True)
            if want is None:
                continue
            check(rc == want, f"{name}: exit {rc} (want {want}) {errs} {rd('err')[-1500:]}")
            if not s:
                continue
            check(s["kernel"] == release, f"{name}: kernel {s['kernel']}")
            if want == 0:
                # the differing lines too: a rare hello_fields failure
                # (2 of 9 lines) left no trace of which lines they were
                check(s["equal"] and s["headers_match"] and s["bcc_headers"] == release,
                      f"{name}: {s} {diffs[:6]}")
            else:
                check(not s["equal"] and not s["headers_match"] and
                      s.get("reads_kernel_structs") is True and s["bcc_headers"] == rt[-1] and
                      diffs and all(d.get("cause") == "bcc_headers" for d in diffs
                                    if "field" in d),
                      f"{name}: {s} {diffs[:3]}")
            if name == "hello_fields":
                tp = s.get("trace_pipe", {})
                check(tp.get("fed") and tp.get("bcc", 0) >= 7 and
                      tp.get("bcc") == tp.get("bcc2core") and not tp.get("both") and
                      s["lines"]["bcc"] == s["lines"]["bcc2core"] >= 8,
                      f"{name}: trace_pipe {tp}, lines {s['lines']}")
            if name == "printk_prctl":
                pk = s.get("printk", {})
                check(pk.get("compared") == "by program" and pk.get("bcc", 0) >= 20 and
                      pk.get("bcc") == pk.get("bcc2core") and not pk.get("unattributed"),
                      f"{name}: printk {pk}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--also", action="store_true", help="more programs, recorded")
    ap.add_argument("--report", help="JSON report of the batch")
    args = ap.parse_args()
    if os.geteuid() != 0:
        print("SKIP: needs root")
        return 77
    no_lane()
    prep = subprocess.run([os.path.join(HERE, "prepare.sh")], capture_output=True, text=True)
    if prep.returncode == 77:
        print("SKIP: QEMU or the guest kernel is unavailable\n" + prep.stderr[-1000:])
        return 77
    if prep.returncode:
        check(False, f"prepare.sh: exit {prep.returncode}\n{prep.stderr[-2000:]}")
        return 1
    release = dict(l.split("=", 1) for l in prep.stdout.splitlines()
                   if "=" in l)["BCC2CORE_GUEST_KVER"]
    via_guest(release)
    if os.path.exists("/usr/sbin/execsnoop-bpfcc"):
        tool_via_guest(release)
    report = []
    batch(CASES + (ALSO if args.also else []), release, report)
    if args.report:
        with open(args.report, "w") as f:
            json.dump(report, f, indent=1)
    print(f"{'FAILED' if failures else 'PASSED'}: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
