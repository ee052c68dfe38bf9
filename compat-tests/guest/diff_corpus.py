#!/usr/bin/python3
"""bcc2core diff of the corpus tools' BPF programs in the guest (Debian 6.1).

Each tool's final BPF text (compat-tests/corpus/tools/TOOL.bcc.c) is built
here with its cflags and attach specs (TOOL.bcc.args, or the specs the tool
picks on 6.1 where the captured ones name functions 6.1 lacks: OVERRIDE),
then ONE guest boot runs, for each tool, `bcc2core diff --json --object OBJ
[args] TOOL.bcc.c -- sh -c WORKLOAD` with a workload of the tool's family.
Before each diff the guest's available_filter_functions is checked for the
object's kprobe targets: a target absent there (not built in, inlined,
a module not loaded) skips the tool with that reason.

Results: --report FILE (JSON, one entry per tool: equal / different /
not compared, the difference records) and --doc FILE (a Markdown table,
`N equal, N different, N not compared`). --merge R.json... regenerates the
doc from earlier reports (a later report's entry for a tool replaces an
earlier one). A doc-generating tool, run by hand (like sweep_tools.py):

  BCC2CORE=build/bin/bcc2core compat-tests/guest/diff_corpus.py \
      --report r.json --doc docs/diff-corpus.md [--only t1,t2] [--timeout SECS]

Exit 0 when it ran (whatever the results; with --expect-equal: 1 unless
every tool run is equal), 77 not root or no lane.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import guest_lane

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
RUNNER = os.path.join(HERE, "run-in-guest.sh")
TOOLS = os.path.join(REPO, "compat-tests", "corpus", "tools")
CACHE = os.environ.get("BCC2CORE_GUEST_CACHE", "/var/cache/bcc2core-guest")
ANY_PROG = os.path.join(REPO, "compat-tests", "e2e", "progs", "diff_getppid.bcc.c")
BCC2CORE = os.environ.get("BCC2CORE", os.path.join(REPO, "build", "bin", "bcc2core"))

# workloads (sh -c), by family; WORK is the shared work directory
W = {
    "exec": "for i in 1 2 3; do sh -c true; done; /bin/true; env true",
    "signal": "sleep 30 & p=$!; kill -USR1 $p; kill -TERM $p; wait $p; "
              "kill -0 4000000 2>/dev/null; true",
    "open": "cat /etc/hostname /etc/os-release >/dev/null; cat /nonexistent-b2c 2>/dev/null; true",
    "stat": "stat /etc/hostname >/dev/null; stat /nonexistent-b2c 2>/dev/null; "
            "python3 -c 'import os; os.stat(\"/etc/hostname\")'; true",
    "file": "cd /tmp && for i in 1 2 3; do echo x >f$i; cat f$i >/dev/null; mv f$i g$i; "
            "rm g$i; done; dd if=/dev/zero of=/tmp/z bs=4k count=50 conv=fsync 2>/dev/null; "
            "cat /tmp/z >/dev/null; rm /tmp/z; ls /nonexistent-b2c/x 2>/dev/null; true",
    "mount": "mkdir -p /tmp/m && mount -t tmpfs none /tmp/m && umount /tmp/m; true",
    "shm": "perl -e '$i=shmget(0,4096,0600|01000); $a=0; shmread($i,$a,0,1); "
           "shmctl($i,0,0)'; true",
    "tcp": "python3 WORK/tcp.py",
    "sched": "for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.01; done; sh -c true",
    "block": "dd if=/dev/zero of=/dev/vda bs=4k count=100 oflag=direct 2>/dev/null; "
             "dd if=/dev/vda of=/dev/null bs=4k count=100 iflag=direct 2>/dev/null; sync",
    "dns": "getent ahosts localhost >/dev/null; getent hosts 127.0.0.1 >/dev/null; true",
    "idle": "sleep 1",
}
TCP_PY = r"""
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0)); s.listen(8); p = s.getsockname()[1]
for i in range(3):
    c = socket.create_connection(("127.0.0.1", p)); a, _ = s.accept()
    c.sendall(b"x" * 1000); a.recv(2000); a.sendall(b"y" * 100); c.recv(200)
    c.close(); a.close()
s.close()
"""

# tool: family, in the order run (most informative first)
CASES = [
    ("tcpdrop", "tcp"), ("biosnoop", "block"), ("biotop", "block"), ("fileslower", "file"),
    ("execsnoop", "exec"), ("exitsnoop", "exec"), ("killsnoop", "signal"),
    ("opensnoop", "open"), ("statsnoop", "stat"), ("filegone", "file"),
    ("filelife", "file"), ("mountsnoop", "mount"), ("shmsnoop", "shm"),
    ("bindsnoop", "tcp"), ("solisten", "tcp"), ("tcpaccept", "tcp"),
    ("tcpconnect", "tcp"), ("tcpconnlat", "tcp"), ("tcplife", "tcp"),
    ("tcpstates", "tcp"), ("tcptracer", "tcp"), ("dcsnoop", "file"),
    ("gethostlatency", "dns"), ("tcprtt", "tcp"), ("tcpsubnet", "tcp"),
    ("tcptop", "tcp"), ("biolatency", "block"), ("runqslower", "sched"),
    ("filetop", "file"), ("vfsstat", "file"), ("cachestat", "file"),
    ("softirqs", "tcp"), ("hardirqs", "block"), ("runqlat", "sched"),
    ("cpudist", "sched"), ("wakeuptime", "sched"), ("offcputime", "sched"),
    ("offwaketime", "sched"), ("syscount", "exec"), ("slabratetop", "file"),
    ("tcpretrans", "tcp"), ("tcpcong", "tcp"), ("compactsnoop", "idle"),
    ("netqtop", "tcp"), ("memleak", "exec"),
]
# the end-to-end programs (compat-tests/guest/e2e_truth.py's, with their
# workloads) and the other diff-able e2e programs: "prog:NAME"
sys.path.insert(0, HERE)
import e2e_truth  # noqa: E402

E2E = {p.name: p for p in e2e_truth.PROGRAMS}
EXTRA_PROGS = {
    # name: (source, diff options, workload)
    "diff_getppid": ("compat-tests/e2e/progs/diff_getppid.bcc.c", [], W["exec"]),
    "raw_tp_exec": ("compat-tests/e2e/progs/raw_tp_exec.bcc.c", [], W["exec"]),
    "kconfig_groups": ("compat-tests/guest/progs/kconfig_groups.bcc.c", [], "true"),
}
PROG_OPTS = {"unlinkat_count": ["--attach", "ksyscall:unlinkat=syscall__unlinkat"]}
PROGS = [("prog:" + n, "program") for n in list(E2E) + list(EXTRA_PROGS)]

# attach specs the tool's Python picks on 6.1 where the captured ones name
# functions 6.1 lacks (the captured host run had other candidates)
OVERRIDE = {
    # biolatency-bpfcc: blk_start_request if present, else
    # blk_mq_start_request; its done probe __blk_account_io_done or
    # blk_account_io_done are inlined in 6.1 (dropin_kprobe_tools.py uses
    # blk_mq_end_request, which ends the same requests)
    "biolatency": ["--attach", "kprobe:blk_mq_start_request=trace_req_start",
                   "--attach", "kprobe:blk_mq_end_request=trace_req_done"],
    # cpudist/offcputime/offwaketime: event_re '^finish_task_switch$|\.isra\.\d$'
    "cpudist": ["-D", "MAX_PID=32768", "--attach",
                "kprobe:finish_task_switch.isra.0=sched_switch"],
    "offcputime": ["--attach", "kprobe:finish_task_switch.isra.0=oncpu"],
    "offwaketime": ["--attach", "kprobe:finish_task_switch.isra.0=oncpu",
                    "--attach", "kprobe:try_to_wake_up=waker"],
}
# not run, and why
NOT_RUN = {
    "cpuunclaimed": "attaches to a perf event (attach_perf_event): no --attach spec for it",
    "llcstat": "attaches to hardware perf events (attach_perf_event): none in a TCG guest",
    "profile": "attaches to a perf event (attach_perf_event): no --attach spec for it",
    "runqlen": "attaches to a perf event (attach_perf_event): no --attach spec for it",
    "ppchcalls": "powerpc only (hcall tracepoints)",
    "javastat": "USDT probes of a running Java process",
    "nodestat": "USDT probes of a running Node process",
    "perlstat": "USDT probes of a running process (perl has none here)",
    "phpstat": "USDT probes of a running PHP process",
    "pythonstat": "USDT probes of a running process (Debian's python3 has none enabled)",
    "rubystat": "USDT probes of a running Ruby process",
    "tclstat": "USDT probes of a running Tcl process",
    "sslsniff": "uprobes on libssl.so: no TLS workload in the guest (no network)",
    "nfsdist": "nfs functions: no NFS module or mount in the guest",
    "nfsslower": "does not build: struct nfs_open_context is not in vmlinux BTF (nfs is a module)",
    "xfsdist": "xfs functions: no xfs module or file system in the guest",
    "xfsslower": "xfs functions: no xfs module or file system in the guest",
    "zfsdist": "zfs functions: no zfs module",
    "zfsslower": "zfs functions: no zfs module",
    "virtiostat": "reads virtio driver internals per device; not run (no workload chosen)",
}


FINDINGS = """
## What the differences were

The first runs (bcc2core at 1d3c434) reported differences in killsnoop,
opensnoop, shmsnoop, filelife and mountsnoop that were the comparison's, not
the conversion's; `diff` was fixed and the kept records of those runs
compared again (`BCC2CORE_DIFF_KEEP`/`BCC2CORE_DIFF_RECOMPARE`,
`diff_corpus.py --collect WORKDIR --recompare`):

* killsnoop: diff's own `kill(2)` calls (SIGUSR1 to start counting,
  SIGTERM to stop) were traced while one side was attached and the other
  not (BCC saw the SIGUSR1 to itself, bcc2core the SIGTERM to BCC's side).
  diff now signals with `pidfd_send_signal`, and leaves out records whose
  `pid`/`tgid`/`tid` (or `id` as pid_tgid) is diff's or a side's.
* opensnoop: BCC's side (Python) opened `bcc/table.py` four times after it
  had detached, while bcc2core's side was still attached: left out now as a
  record of diff's own processes (`own_processes` in the summary).
* shmsnoop: BCC's ctypes type has a `__pad_3` member (BCC's padding): not a
  field of the program's, skipped.
* filelife: the `birth` map (dentry -> `bpf_ktime_get_ns()`) holds times
  under no time name: numbers inside the run's CLOCK_MONOTONIC window are
  compared by kind (`monotonic times`).
* mountsnoop: BCC's Python cannot type the event (a union), so BCC's side
  gave hex bytes; diff types them with the object's event type now.
* durations each side measures with its own clock reads (`delta*`,
  `span*`, `lat`, `latency`, `*_us`, `*_ms`) are compared by kind, and a
  histogram (bcc2core's `run --json` marks it) whose values moved by one
  bucket at most, few of them (<= 10%), totals equal, is equal by kind:
  a systematic shift (a wrong slot computation) is still a difference.

* `*_ns` is nanoseconds, but `mnt_ns`, `pid_ns`, `net_ns`... are namespace
  ids: compared by value now (mountsnoop's `mnt_ns` was by kind).

* filetop, softirqs: BCC's key types have padding members (`__pad_end`,
  `__pad_1`) and BCC renders a `char` as "R" where bcc2core gives 82: keys
  now match as they compare (padding left out, a char as its code).
* runqslower (and cpudist, any `-D`): diff handed BCC's side
  `--cflag -DMAX_PID=32768`, which argparse takes for an option; now
  `--cflag=VALUE`.
* gethostlatency: BCC's side was given `libc.so.6` (the spec's soname),
  which BCC looks up as `liblibc.so.6.so`; it gets ldconfig's path now.

Two were the lane's or the run's:

* solisten, kconfig_groups: the guest had no `/boot/config-6.1.0-57-amd64`
  (the host's `/boot` holds its own kernels'), so libbpf found no kernel
  config and bcc2core took `CONFIG_*` of the load-time `#if`s as unset
  (solisten's `CONFIG_NET_NS`: netns 0). The batch binds the cached guest
  kernel's `/boot` over `/boot` now (kconfig_groups: equal then).
* tcplife, solisten (second run): BCC was not compiled and attached within
  diff's fixed 300 s while three TCG guests shared the two cores; diff's
  `--ready-timeout` bounds that in program mode too now.

No difference found so far is a conversion bug of bcc2core's. One is a
real semantic difference (statsnoop, below): BCC reads a syscall probe's
arguments from the syscall (not the wrapper's registers) only for functions
named `syscall__*`; bcc2core's `ksyscall:` form reads them for any function.
"""

# the reason of a tool the batch's boot did not reach
NOT_REACHED = "not run: the boot ended"

# what a difference (or a result) is, found by reading its records
EXPLAINED = {
    "softirqs": (
        "a limit: the map holds the total time per softirq vector, each side's "
        "sum of its own clock reads, and each side's handler time includes the "
        "other side's BPF program (vec 1: 364 vs 399 ms); sums of durations are "
        "compared by value. (The first comparison also failed on BCC's "
        "`__pad_1` key member, diff's, fixed)"),
    "hardirqs": (
        "a limit, as softirqs: total time per irq name by each side's clock "
        "(virtio1-requests 134.6 vs 133.8 ms)"),
    "runqlat": (
        "a limit of counting the whole machine: diff stops BCC's side, then "
        "bcc2core's, so bcc2core counts the scheduler events of that instant too "
        "(2026-12-03: 1651 vs 1701 latencies, +3.0%; every bucket with 10 or more "
        "within 10%, the largest 481 vs 508); the `start` map's 5 BCC-only entries "
        "are wakeups in flight at the stop, 3 of them pids 143-145, among diff's "
        "own processes (142, 143, 145), which a bare u32 key does not name as pids"),
    "cpudist": (
        "a limit, as softirqs: on-CPU times, each side's including the other's BPF "
        "programs at every switch, which take microseconds under TCG (2026-12-03: "
        "bucket 6, 64-127 us, 161 vs 212; 7: 342 vs 307), and the stop instant "
        "as runqlat"),
    "filetop": (
        "the first comparison had 106 differences, all diff's: BCC's key type has "
        "a `__pad_end` member (keys never matched) and BCC renders the `char type` "
        "as \"R\", bcc2core as 82; keys now match as they compare, a char as its "
        "code"),
    "vfsstat": (
        "a limit of comparing global counters: one vfs_write more on bcc2core's side "
        "(68 vs 69), a write in the instant between the two sides' stops that no "
        "pid can be filtered out of (an array of counts); BCC's side writes its "
        "stop byte to diff after it detached, bcc2core's side is still attached"),
    "runqslower": (
        "not compared: BCC's side refused `--cflag -DMAX_PID=32768` (argparse took "
        "the value for an option), a diff bug fixed (`--cflag=VALUE`) after this "
        "run; the guest, whose 9p root caches files, still ran the old binary"),
    "gethostlatency": (
        "first run: BCC's side could not attach (`could not determine address of "
        "symbol getaddrinfo in libc.so.6`: BCC looks a bare name up as "
        "lib<name>.so; diff's BCC side now passes ldconfig's path). Second run: "
        "BCC attached, but bcc2core's side under diff said `No program could "
        "attach on this kernel`, while a plain `bcc2core run` of the same object "
        "attaches both uprobes. strace (host, same failure): bcc2core's "
        "perf_event_open of the uprobe PMU (libc.so.6 offset 0xefc70) gets EINVAL "
        "while BCC's uprobe on the same offset exists, with the same attr that "
        "succeeds alone. The cause (host): BCC 0.26's Python calls libbcc's "
        "bpf_attach_uprobe() with six arguments, the C function takes seven; its "
        "ref_ctr_offset was the stack's 6, and the kernel refuses a second uprobe on "
        "one inode:offset with another ref_ctr_offset (dmesg: `ref_ctr_offset "
        "mismatch`). diff's BCC side passes 0 now (e2e/test_diff_uprobe: equal on "
        "the host); not re-run in the guest yet"),
    "tcprtt": (
        "BCC cannot compile BCC 0.26's own tcprtt text (`error: expected "
        "expression` in its rewritten C; the host tool sweep, docs/tool-sweep.md, "
        "saw the same): nothing to compare against"),
    "tcptracer": (
        "run once without the guest kernel's config in /boot: 12 differences, "
        "netns 0 on bcc2core's side (`#ifdef CONFIG_NET_NS` taken as unset, as "
        "solisten); with it: equal"),
    "prog:kconfig_groups": (
        "the first run, without the guest kernel's config in /boot, was different "
        "(bcc2core key 1, BCC 11: `#ifdef CONFIG_KPROBES` taken as unset, the lane's "
        "fault); with it bound over /boot: equal"),
    "tcplife": (
        "first run: BCC's side was not compiled and attached within diff's then "
        "fixed 300 s (three TCG guests on two cores); with --ready-timeout"),
    "prog:raw_tp_exec": (
        "by design: the program has a second raw tracepoint, "
        "`bcc2core_no_such_tracepoint`, that no kernel has (bcc2core skips it, "
        "what test_raw_tp_forms checks); BCC's BPF() fails to attach it"),
    "solisten": (
        "the lane's, not the conversion's: `#ifdef CONFIG_NET_NS` is a load-time "
        "test in the converted C, and the guest had no /boot/config-6.1.0-57-amd64 "
        "(the host's /boot has other kernels'), so bcc2core took CONFIG_NET_NS as "
        "unset and recorded netns 0 (it warns so); BCC's headers have it set. "
        "diff_corpus.py now binds the guest kernel's config over /boot (a later "
        "run's result, if there is one, is the one shown)"),
    "statsnoop": (
        "a real difference, BCC's: stat_entry/statx_entry are attached to the "
        "syscall kprobes by the tool's Python but are not named syscall__*, so BCC "
        "reads their arguments from the wrapper's registers (statx's filename: "
        "332, statx's syscall number, which do_syscall_64 left in rsi; bcc PR #4668 "
        "renamed them for this), while bcc2core's "
        "ksyscall form reads the syscall's arguments (a user pointer). Only the "
        "entries left in infotmp show it: the one kretsyscall spec recorded "
        "(stat) is not what 6.1's stat(1) calls (statx), so no events"),
    "mountsnoop": (
        "BCC's Python cannot build a type for the event (a struct with a union): "
        "BCC's side records raw bytes, which diff now types with the object's "
        "event type (`bcc_raw_typed`); before, 18 differences (hex vs decoded). "
        "`mnt_ns` was compared by kind (the `*_ns` nanoseconds rule); namespace "
        "ids are compared by value now"),
}


def args_of(tool):
    if tool.startswith("prog:"):
        n = tool[5:]
        return list(EXTRA_PROGS[n][1] if n in EXTRA_PROGS else PROG_OPTS.get(n, []))
    if tool in OVERRIDE:
        return list(OVERRIDE[tool])
    p = os.path.join(TOOLS, tool + ".bcc.args")
    if not os.path.exists(p):
        return []
    with open(p) as f:
        return f.read().split()


def kprobe_targets(obj):
    """the functions of the object's kprobe/kretprobe sections"""
    out = subprocess.run(["readelf", "-SW", obj], capture_output=True, text=True).stdout
    return sorted(set(re.findall(r"\] k(?:ret)?probe/([^\s]+)\s", out)))


def records(text):
    recs = []
    for l in text.splitlines():
        try:
            recs.append(json.loads(l))
        except ValueError:
            pass
    return recs


def q(a):
    return "'" + a.replace("'", "'\\''") + "'"


def run_batch(cases, timeout, per_tool, keep):
    work = tempfile.mkdtemp(prefix="b2cdcorpus.", dir="/var/tmp")
    os.chmod(work, 0o755)
    results = {}
    print(f"work directory {work}", flush=True)
    try:
        with open(os.path.join(work, "tcp.py"), "w") as f:
            f.write(TCP_PY)
        disk = os.path.join(work, "disk.img")
        with open(disk, "wb") as f:
            f.truncate(64 << 20)
        lines = ["#!/bin/sh", f"cd {work}", f"export BCC2CORE_CACHE_DIR={work}/cache",
                 "modprobe virtio_blk; ip link set lo up 2>/dev/null || "
                 "busybox ifconfig lo up 2>/dev/null",
                 "AFF=/sys/kernel/tracing/available_filter_functions",
                 "[ -r $AFF ] || AFF=/sys/kernel/debug/tracing/available_filter_functions",
                 f"cp $AFF {work}/aff; uname -r >{work}/release; mkdir -p {work}/keep",
                 # the guest kernel's config where libbpf looks for it (the
                 # host's /boot has its own kernels' only): without it
                 # bcc2core takes CONFIG_* of load-time #ifs as unset
                 # (solisten's CONFIG_NET_NS: netns 0), BCC has its headers'
                 f"c={CACHE}/$(uname -r)/root/boot; [ -e /boot/config-$(uname -r) ] || "
                 "{ [ -d $c ] && mount --bind $c /boot; }"]
        for tool, fam in cases:
            prog = os.path.join(TOOLS, tool + ".bcc.c")
            env = ""
            if tool.startswith("prog:"):
                n = tool[5:]
                if n in EXTRA_PROGS:
                    prog = os.path.join(REPO, EXTRA_PROGS[n][0])
                    wl = EXTRA_PROGS[n][2]
                else:
                    pw = os.path.join(work, n)
                    os.makedirs(pw, exist_ok=True)
                    E2E[n].prepare(pw)
                    prog, wl = E2E[n].path, E2E[n].workload(pw)
                    env = " ".join(f"{k}={v}" for k, v in E2E[n].env.items())
                    if env:
                        env = "env " + env + " "
            else:
                wl = W[fam].replace("WORK", work)
            obj = os.path.join(work, tool.replace(":", "_") + ".bpf.o")
            opts = args_of(tool)
            b = subprocess.run([BCC2CORE, "build", "-o", obj] + opts + [prog],
                               capture_output=True, text=True, timeout=600)
            if b.returncode:
                results[tool] = {"tool": tool, "family": fam, "options": opts,
                                 "result": "not compared",
                                 "reason": "host build failed: " +
                                 (b.stderr.strip().splitlines() or ["?"])[-1]}
                continue
            targets = kprobe_targets(obj)
            argv = ["timeout", "-s", "TERM", "-k", "30", str(per_tool), BCC2CORE, "diff",
                    "--json", "--ready-timeout", str(per_tool - 120), "--object", obj] + opts + [prog, "--", "sh", "-c", wl]
            chk = " ".join(f"grep -q '^{t}\\( \\|$\\)' {work}/aff || m=\"$m {t}\";"
                           for t in targets)
            f = tool.replace(":", "_")
            # the sides' records, for BCC2CORE_DIFF_RECOMPARE (--recompare)
            env = f"env BCC2CORE_DIFF_KEEP={work}/keep/{f} " + (env[4:] if env else "")
            lines.append(f"m=''; {chk} if [ -n \"$m\" ]; then echo \"$m\" >{f}.absent; "
                         f"else s=$(date +%s); {env}{' '.join(q(a) for a in argv)} >{f}.out "
                         f"2>{f}.err; echo $? >{f}.rc; "
                         f"echo $(( $(date +%s) - s )) >{f}.secs; fi")
            results[tool] = {"tool": tool, "family": fam, "options": opts,
                             "program": os.path.relpath(prog, REPO),
                             "workload": wl if fam != "tcp" else "tcp.py: 3 connects "
                             "over 127.0.0.1, 1000 bytes out, 100 back",
                             "kprobes": targets}
        with open(os.path.join(work, "batch.sh"), "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(os.path.join(work, "cases.json"), "w") as f:
            json.dump({"cases": cases, "results": results}, f)
        t = time.time()
        res = subprocess.run([RUNNER, "--timeout", str(timeout), "--rw", work, "--disk", disk,
                              "--", "sh", os.path.join(work, "batch.sh")],
                             timeout=timeout + 120)
        print(f"batch boot: {time.time() - t:.0f} s, exit {res.returncode}", flush=True)

        with open(os.path.join(work, "cases.json"), "w") as f:
            json.dump({"cases": cases, "results": results}, f)
        # read before the work directory goes: the results are its files
        return collect(work)
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def collect(work, recompare=False):
    """the results of a batch in @work (also of one still running, or
    killed: the tools not run yet say so); @recompare: compare the kept
    records again with this BCC2CORE (a fixed comparison)"""
    with open(os.path.join(work, "cases.json")) as f:
        c = json.load(f)
    cases, results = c["cases"], c["results"]

    def rd(name):
        p = os.path.join(work, name)
        return open(p).read() if os.path.exists(p) else None
    if recompare:
        for tool, fam in cases:
            f = tool.replace(":", "_")
            kd = os.path.join(work, "keep", f)
            if not os.path.exists(os.path.join(kd, "meta")) or rd(f + ".rc") is None:
                continue
            with open(os.path.join(kd, "meta")) as m:
                meta = m.read().split()
            if len(meta) == 10:     # kept before diff recorded its object
                with open(os.path.join(kd, "meta"), "w") as m:
                    m.write(" ".join(meta + [os.path.join(work, f + ".bpf.o")]) + "\n")
            res = subprocess.run([BCC2CORE, "diff", "--json", ANY_PROG],
                                 capture_output=True, text=True,
                                 env=dict(os.environ, BCC2CORE_DIFF_RECOMPARE=kd))
            with open(os.path.join(work, f + ".out"), "w") as o:
                o.write(res.stdout)
            with open(os.path.join(work, f + ".rc"), "w") as o:
                o.write(f"{res.returncode}\n")
    release = (rd("release") or "").strip()
    for tool, fam in cases:
        r = results[tool]
        tool = tool.replace(":", "_")
        if "result" in r:
            continue
        r["kernel"] = release
        absent = rd(tool + ".absent")
        if absent is not None:
            r["result"] = "not compared"
            r["reason"] = ("kprobe target(s) not in the guest's "
                           "available_filter_functions:" + absent.rstrip())
            continue
        rc = rd(tool + ".rc")
        if rc is None:
            r["result"] = "not compared"
            r["reason"] = NOT_REACHED + " (or the batch was stopped) first"
            continue
        rc = int(rc)
        recs = records(rd(tool + ".out") or "")
        s = [x for x in recs if x.get("type") == "summary"]
        r["exit"] = rc
        r["secs"] = int((rd(tool + ".secs") or "-1").strip())
        r["summary"] = s[-1] if s else {}
        r["differences"] = [x for x in recs if x.get("type") == "difference"]
        r["errors"] = [x for x in recs if x.get("type") == "error"]
        kept = rd(os.path.join("keep", tool, "bcc.out"))
        if kept is not None:
            kr = records(kept)
            r["traced"] = {"events": sum(1 for x in kr if x.get("type") == "event"),
                           "map_entries": sum(len(x.get("entries", [])) for x in kr
                                              if x.get("type") == "map")}
        if rc == 0 and s and s[-1].get("equal"):
            r["result"] = "equal"
        elif rc == 1 and s and s[-1].get("equal") is False:
            r["result"] = "different"
        else:
            r["result"] = "not compared"
            r["reason"] = (f"exit {rc}: " + "; ".join(
                f"{e.get('side')} {e.get('stage')}: {e.get('message')}"
                for e in r["errors"]) if r["errors"] else
                f"exit {rc} (124: per-tool timeout)") 
            r["stderr"] = (rd(tool + ".err") or "").splitlines()[-8:]
        print(f"{r['tool']}: {r['result']} {r.get('reason', '')} {r['summary']}", flush=True)
    return list(results.values())


def cell(s):
    return str(s).replace("|", "\\|").replace("\n", " ")


def row(r):
    s = r.get("summary") or {}
    em = f"{s.get('events', '')} / {s.get('maps', '')}" if s else ""
    if r["result"] == "different":
        d = r.get("differences", [])
        what = f"{len(d)}: " + "; ".join(
            json.dumps({k: v for k, v in x.items() if k != "type"})[:200]
            for x in d[:3]) + (" ..." if len(d) > 3 else "")
    elif r["result"] == "equal":
        what = ("by kind: " + ", ".join(s.get("by_kind", []))) if s.get("by_kind") else ""
        t = r.get("traced")
        if t is not None and not t["events"] and not t["map_entries"]:
            what = "**nothing traced** (the workload did not reach its probes)" + \
                ("; " + what if what else "")
        elif t is not None:
            what = f"BCC: {t['events']} events, {t['map_entries']} map entries" + \
                ("; " + what if what else "")
        if s.get("own_processes"):
            what += f"; left out as diff's own: {s['own_processes']}"
        if s.get("bcc_raw_typed"):
            what += f"; BCC's raw records typed: {s['bcc_raw_typed']}"
    else:
        what = r.get("reason", "")
    if r["tool"] in EXPLAINED:
        what = EXPLAINED[r["tool"]] + (" — " + what if what else "")
    name = r["tool"][5:] if r["tool"].startswith("prog:") else r["tool"]
    fam = r.get("program", "") if r["tool"].startswith("prog:") else r.get("family", "-")
    return f"| {name} | {fam} | {r['result']} | {em} | {cell(what)} |"


def counts(rows):
    n = {k: sum(1 for r in rows if r["result"] == k) for k in
         ("equal", "different", "not compared")}
    empty = sum(1 for r in rows if r["result"] == "equal" and r.get("traced") and
                not r["traced"]["events"] and not r["traced"]["map_entries"])
    return (f"**{n['equal']} equal, {n['different']} different, {n['not compared']} not "
            f"compared**" + (f" ({empty} of the equal ones traced nothing)" if empty else ""))


def write_doc(path, entries):
    by = {}
    for e in entries:
        # a later run replaces an earlier one's result, but a comparison is
        # not replaced by a run that could not compare
        if e["tool"] not in by or e["result"] != "not compared" or \
                by[e["tool"]]["result"] == "not compared":
            by[e["tool"]] = e
    for tool, why in NOT_RUN.items():
        by.setdefault(tool, {"tool": tool, "result": "not compared", "reason": why,
                             "family": "-"})
    progs = [by[t] for t, _ in PROGS if t in by]
    tools = [by[t] for t in [t for t, _ in CASES] + sorted(NOT_RUN) if t in by]
    kern = next((r["kernel"] for r in progs + tools if r.get("kernel")), "6.1")
    head = ["| name | {} | result | events / maps | differences, or why not compared |",
            "| --- | --- | --- | --- | --- |"]
    out = ["# bcc2core diff of the corpus tools and the e2e programs in the guest", "",
           "Generated by `compat-tests/guest/diff_corpus.py` (run by hand; see",
           "[compat-tests/guest/README.md](../compat-tests/guest/README.md)): each",
           "program built on the host (`bcc2core build` with its cflags and attach",
           "specs), then `bcc2core diff --json --object OBJ [args] PROG.bcc.c -- sh -c",
           "WORKLOAD` for each, one after the other, in one boot of the guest lane",
           f"(kernel {kern}, TCG), where BCC compiles against the kernel's own headers",
           "and kprobes and fentry attach. Both sides count the whole machine during",
           "the same window; times, durations, stack ids and kernel pointers are",
           "compared by kind (the summary's `by_kind`). *equal* means every map",
           "entry and every event record matched; the last column says how much BCC",
           "had to compare. The table merges several batches (2026-12-02, bcc2core",
           "branch dcorpus; `--merge`): a later batch's comparison replaces an",
           "earlier one's, and every kept batch was compared again with the final",
           "comparison (`--collect WORKDIR --recompare`). Tools marked *not run*",
           "were not reached before the time ran out (BCC compiles 1-4 min per",
           "program in TCG, with other guests on the same two cores).", "",
           "## The e2e programs (kprobe, fentry, tracepoint, raw tracepoint)", "",
           counts(progs), "", head[0].format("program"), head[1]]
    out += [row(r) for r in progs]
    out += ["", "## The corpus tools (`compat-tests/corpus/tools/`, BCC 0.26's text)", "",
            counts(tools), "", head[0].format("workload"), head[1]]
    out += [row(r) for r in tools]
    out += ["", FINDINGS.strip(), ""]
    out += ["", "Workloads (`sh -c`):", ""]
    for k, v in W.items():
        out.append(f"* `{k}`: `{v}`" if k != "tcp" else
                   "* `tcp`: a Python script: a listener on 127.0.0.1, 3 connects, "
                   "1000 bytes out and 100 back each, closes")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    print("programs: " + counts(progs).replace("*", "") + "; tools: " +
          counts(tools).replace("*", ""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", help="JSON report")
    ap.add_argument("--doc", help="Markdown table")
    ap.add_argument("--only", help="comma-separated tools")
    ap.add_argument("--skip", help="comma-separated tools")
    ap.add_argument("--timeout", type=int, default=5400, help="boot timeout (s)")
    ap.add_argument("--per-tool", type=int, default=1200, help="one diff's timeout (s)")
    ap.add_argument("--merge", nargs="*", help="earlier reports: regenerate the doc")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--expect-equal", action="store_true",
                    help="exit 1 unless every tool run is equal (the ctest)")
    ap.add_argument("--collect", metavar="WORKDIR",
                    help="the results of a kept (or running) batch, no boot")
    ap.add_argument("--recompare", action="store_true",
                    help="with --collect: compare the kept records again")
    args = ap.parse_args()
    entries = []
    for m in args.merge or []:
        entries += json.load(open(m))
    if args.merge is not None and not args.only:
        if args.doc:
            write_doc(args.doc, entries)
        return 0
    if args.collect:
        new = collect(args.collect, args.recompare)
        if args.report:
            with open(args.report, "w") as f:
                json.dump(new, f, indent=1)
        if args.doc:
            write_doc(args.doc, entries + new)
        return 0
    if os.geteuid() != 0:
        print("SKIP: needs root")
        return 77
    _, status = guest_lane.prepared()
    if status is not None:
        return status
    cases = CASES
    if args.only:
        only = args.only.split(",")
        # in the order given ("programs": all of them there)
        known = dict(PROGS + CASES)
        cases = []
        for o in only:
            cases += PROGS if o == "programs" else [(o, known[o])] if o in known else []
    if args.skip:
        cases = [c for c in cases if c[0] not in args.skip.split(",")]
    new = run_batch(cases, args.timeout, args.per_tool, args.keep)
    # a boot that ended before every tool ran (seen once: the 6.12 guest's
    # kernel oopsed on an int3 in __schedule under TCG, a text poke of
    # QEMU's emulation): one more boot for those tools, said, never for a
    # tool that ran and differed
    unrun = [e["tool"] for e in new if e["result"] == "not compared" and
             e.get("reason", "").startswith(NOT_REACHED)]
    if unrun:
        print(f"the guest ended before {len(unrun)} tool(s) ran ({', '.join(unrun)}): "
              "one more boot for them", flush=True)
        again = {e["tool"]: e for e in run_batch([c for c in cases if c[0] in unrun],
                                                  args.timeout, args.per_tool, args.keep)}
        new = [again.get(e["tool"], e) if e["tool"] in unrun else e for e in new]
    if args.report:
        with open(args.report, "w") as f:
            json.dump(new, f, indent=1)
    if args.doc:
        write_doc(args.doc, entries + new)
    if args.expect_equal:
        bad = [f"{r['tool']}: {r['result']} {r.get('reason', '')} "
               f"{r.get('differences', [])[:3]}" for r in new if r["result"] != "equal"]
        print("\n".join(["FAIL " + b for b in bad]) or "PASSED: all equal")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
