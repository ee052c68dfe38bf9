#!/usr/bin/python3
"""guest_sweep.py [--only TOOL,...] [--guest-bcc | --bcc-only] [--kernel K] [--timeout S] [--budget S]
               [--reclassify DIR]

The guest row of the tool sweep: the tools the host sweep (sweep_tools.py)
found the drop-in "cannot attach here" (with --guest-bcc: or BCC) for a
reason another kernel may not have (no
kprobes, fentry refused, no data symbols in kallsyms, a missing tracepoint;
not a USDT process or another architecture), swept again in ONE boot of
Debian's 6.1 kernel in QEMU (compat-tests/guest/run-in-guest.sh; --kernel
picks another, as BCC2CORE_GUEST_KVER does there). In the guest:

  1. a scratch virtio disk (--disk) gets ext4 (dropin_kprobe_tools.py's
     guest_setup), `lo` goes up; the workload's directories are on it, so
     ext4 tools see its files and its fsyncs are block I/O of vda;
     An XFS and a btrfs file system go on loop devices of files on it
     (their modules loaded first), a directory of it is mounted over NFSv4
     from the guest's own kernel server, and ext4 goes on an md RAID1 of
     two loop devices, for the tools whose table entry names one (fs="xfs":
     the workload's directories are on that one);
  2. every tool is ported there (`bcc2core port TOOL ARGS`, two at a time,
     into the guest's object cache: a tool's text depends on the kernel);
  3. each tool runs unmodified under the drop-in package around the
     sweep's workload (sweep_tools.run_one; tools whose arguments name the
     workload, e.g. its pid, are ported there), is stopped with
     SIGINT and classified with the sweep's checks; with --guest-bcc then
     under BCC (5-60 s a tool under TCG, its compile included), as long as
     --budget allows; --bcc-only runs BCC alone (steps 2 and 3's drop-in
     runs skipped, their cells kept).

The results go into the sweep's state (--state) as each tool's "guest" and
"guest_bcc" cells (so --only reruns update them), and docs/tool-sweep.md
is written again (--doc). The state starts from the doc's table when the
state file is missing. Each run's output is kept under the temp dir printed
(runs/TOOL-KIND/{run.json,out.txt}; --keep keeps the disk image too).
Root only. BCC2CORE=path picks the bcc2core binary."""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
import sweep_tools as S  # noqa: E402  the tool table, run_one, checks, doc
import dropin_kprobe_tools as D  # noqa: E402  the guest's scratch disk, sh()

RUN_IN_GUEST = os.path.join(HERE, "..", "guest", "run-in-guest.sh")
GUEST_WORK = "/tmp/gsweep"        # the guest's own tmpfs
DISK_MIB = 256
PARALLEL_PORTS = 2
# host reasons another kernel does not change
NOT_KERNEL = r"USDT|hardware perf events|Intel VMX"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def candidates(results, bcc):
    """Tools to run in the guest: the drop-in (or, with @bcc, BCC) could not
    attach here for a reason of this kernel."""
    out = []
    for t in sorted(results):
        spec = S.T.get(t, {})
        if spec.get("skip") or spec.get("cannot"):
            continue
        cells = [results[t].get(k) for k in (("bcc", "dropin") if bcc else ("dropin",))]
        if any(c and c[0] == "cannot attach here" and not re.search(NOT_KERNEL, c[1])
               for c in cells):
            out.append(t)
    return out


# ---------------------------------------------------------------- in the guest


DATA = "(data symbols)"     # kernel_funcs()'s key: kallsyms lists data symbols
CANNOT_DATA = "needs data symbols in /proc/kallsyms (CONFIG_KALLSYMS_ALL is off here)"


def kernel_funcs():
    """{name: 'traceable' | 'not traceable'} of the functions in kallsyms"""
    funcs = {}
    with open("/proc/kallsyms") as f:
        for line in f:
            p = line.split()
            if len(p) >= 3 and p[1] in "tT":
                funcs[p[2]] = "not traceable"
            elif len(p) >= 3 and p[1] in "dD":
                funcs[DATA] = "yes"
    try:
        with open("/sys/kernel/tracing/available_filter_functions") as f:
            for line in f:
                if line.strip():
                    name = line.split()[0]
                    if name in funcs:
                        funcs[name] = "traceable"
    except OSError:
        pass
    return funcs


def attach_name(note):
    """the kprobe target a failed attach names, or None"""
    m = re.search(r"to k(?:ret)?probe (?:b')?([\w.]+)", note)
    return m.group(1) if m else None


def attach_why(note, facts):
    """A kprobe that did not attach here, where kprobes exist: say what
    this kernel has of its function (facts: kernel_funcs() of the names
    seen) instead of "no kprobes"."""
    if facts.get(DATA) and CANNOT_DATA in note:
        note = note.replace(CANNOT_DATA, "needs a symbol this kernel's kallsyms lacks (it has "
                            "data symbols: the module is not loaded here)", 1)
    fn = attach_name(note)
    if not fn or "no kprobes in this kernel" not in note:
        return note
    have = facts.get(fn)
    what = ("kprobes exist here, %s did not attach" % fn if have is None else
            "%s is not in this kernel's kallsyms (inlined, gone, or in a module not loaded)"
            % fn if have == "absent" else
            "%s is in kallsyms but ftrace cannot patch it (not in available_filter_functions: "
            "notrace, or an inlined copy)" % fn if have == "not traceable" else
            "%s is traceable here: the attach failed anyway" % fn)
    return note.replace("needs kprobes (no kprobes in this kernel)", what, 1)


def names_workload(t):
    """its arguments name the workload ({pid}, {dir}, {tty}, {tcp_port}): ported
    in its run"""
    return any("{" in x for x in S.T.get(t, {}).get("args", []))


def port_all(tools, env, work, res, save):
    """bcc2core port of every tool whose arguments do not name the
    workload, PARALLEL_PORTS at a time, into env's object cache"""
    todo = [t for t in tools if not names_workload(t)]
    running = {}
    while todo or running:
        while todo and len(running) < PARALLEL_PORTS:
            t = todo.pop(0)
            p = subprocess.Popen([S.BCC2CORE, "port", "-o", os.path.join(work, t + ".bpf.o"),
                                  "/usr/sbin/%s-bpfcc" % t, *S.T.get(t, {}).get("args", [])],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL, text=True, env=env)
            running[t] = (p, time.monotonic())
        time.sleep(0.2)
        for t, (p, t0) in list(running.items()):
            if p.poll() is not None:
                err = p.stderr.read().splitlines()
                res["port"][t] = {"rc": p.returncode, "secs": round(time.monotonic() - t0, 1),
                                  "stderr": err[-10:]}
                log("  port %-14s rc=%d %5.1fs %s" % (t, p.returncode, time.monotonic() - t0,
                                                     (err[-1] if err else "")[:100]))
                del running[t]
                save()


# the file systems on a loop device a tool's table entry can ask for (fs=):
# module (the key) and mkfs command; LOOP_MIB each (XFS needs 300 at least)
LOOP_FILESYSTEMS = {"xfs": ["mkfs.xfs", "-q", "-f"], "btrfs": ["mkfs.btrfs", "-q", "-f"]}
LOOP_MIB = 320


def loop_filesystems(mnt, res):
    """Each of LOOP_FILESYSTEMS on a loop device of a file on the scratch
    disk, mounted at mnt/FS, then NFS and md -> {fs: mount point}; what
    failed goes into res["fs_errors"] (those tools' workloads then run on
    ext4)"""
    mounts, errors = {}, {}
    for fs, mkfs in LOOP_FILESYSTEMS.items():
        where = os.path.join(mnt, fs)
        os.makedirs(where, exist_ok=True)
        dev, err = None, run_steps([["modprobe", "-a", "loop", fs]])
        if not err:
            dev, err = loop_device(os.path.join(mnt, fs + ".img"), LOOP_MIB)
        if not err:
            err = run_steps([mkfs + [dev], ["mount", "-o", "noatime", dev, where]])
        if err:
            errors[fs] = err
            log("guest: no %s file system: %s" % (fs, err))
        else:
            mounts[fs] = where
    for fs, mount in (("nfs", nfs_mount), ("md", md_mount)):
        where, err = mount(mnt)
        if where:
            mounts[fs] = where
        else:
            errors[fs] = err
            log("guest: no %s mount: %s" % (fs, err))
    res["fs_errors"] = errors
    return mounts


def run_steps(steps):
    """None, or what the first failing command said"""
    for cmd in steps:
        r = D.sh(cmd)
        if r.returncode:
            return "%s: %s" % (" ".join(cmd), (r.stderr or r.stdout).strip()[:200])
    return None


def loop_device(img, mib):
    """A loop device of a new file @img of @mib MiB -> (device, None) or
    (None, error)"""
    with open(img, "wb") as f:
        f.truncate(mib << 20)
    r = D.sh(["losetup", "-f", "--show", img])
    if r.returncode:
        return None, "losetup: " + r.stderr.strip()[:200]
    return r.stdout.strip(), None


def md_mount(mnt):
    """ext4 on an md RAID1 of two loop devices, mounted at mnt/md ->
    (mount point, None) or (None, error): mdflush's md_flush_request"""
    where = os.path.join(mnt, "md")
    os.makedirs(where, exist_ok=True)
    devs = []
    for i in (0, 1):
        dev, err = loop_device(os.path.join(mnt, "md%d.img" % i), 64)
        if err:
            return None, err
        devs.append(dev)
    err = run_steps([["modprobe", "-a", "md_mod", "raid1"],
                     ["mdadm", "--create", "/dev/md0", "--run", "--force", "--level=1",
                      "--raid-devices=2", "--metadata=1.2", "--assume-clean"] + devs,
                     ["mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0",
                      "/dev/md0"],
                     ["mount", "-o", "noatime", "/dev/md0", where]])
    return (None, err) if err else (where, None)


def nfs_mount(mnt):
    """NFSv4.2 over 127.0.0.1: the kernel's server exports mnt/nfs-export
    (ext4), mounted at mnt/nfs -> (mount point, None) or (None, error).
    v4 only, so no rpcbind; the server's state on a tmpfs (the guest's root
    is read-only), its grace period cut to 10 s and waited out here."""
    export, where = os.path.join(mnt, "nfs-export"), os.path.join(mnt, "nfs")
    os.makedirs(export, exist_ok=True)
    os.makedirs(where, exist_ok=True)
    steps = [["modprobe", "-a", "nfsd", "nfsv4"],
             ["mount", "-t", "nfsd", "nfsd", "/proc/fs/nfsd"],
             ["mount", "-t", "tmpfs", "bcc2core-nfs-state", "/var/lib/nfs"],
             ["mkdir", "-p", "/var/lib/nfs/v4recovery"],
             ["touch", "/var/lib/nfs/etab", "/var/lib/nfs/rmtab"],   # exportfs reads them
             ["sh", "-c", "echo 10 > /proc/fs/nfsd/nfsv4leasetime && "
                          "echo 10 > /proc/fs/nfsd/nfsv4gracetime"],
             ["exportfs", "-o", "rw,no_root_squash,no_subtree_check,fsid=0,insecure,sync",
              "127.0.0.1:" + export],
             ["rpc.mountd", "-N", "3", "--no-udp"],
             ["rpc.nfsd", "-N", "3", "-U", "4"],
             # 64 KiB writes: the workload's 256 KiB and fsync are four
             # unstable WRITEs and a COMMIT (one WRITE would be a stable one)
             ["mount", "-t", "nfs4", "-o", "vers=4.2,retry=0,wsize=65536", "127.0.0.1:/",
              where],
             # the first open waits for the grace period's end
             ["sh", "-c", "echo grace > %s/grace && sync" % where]]
    err = run_steps(steps)
    return (None, err) if err else (where, None)


def guest_phase(a):
    t_start = time.monotonic()
    res = {"kernel": os.uname().release, "runs": {}, "port": {}, "secs": {}, "funcs": {}}

    def save():
        with open(os.path.join(a.base, "guest.json"), "w") as f:
            json.dump(res, f)

    os.makedirs(GUEST_WORK, exist_ok=True)
    mnt = D.guest_setup(GUEST_WORK, res)
    save()
    if not mnt:
        log("guest setup failed: %s" % res.get("setup_error"))
        return 1
    fs_mounts = loop_filesystems(mnt, res)
    save()
    S.BCC2CORE = a.bcc2core
    S.IN_GUEST = True
    # TCG: the drop-in's start-up is slower than the host's, and a tool whose
    # text names its own pid (capable) is converted at its start (~1 min)
    S.READY_SECS = 180
    funcs = kernel_funcs()
    res["funcs"][DATA] = funcs.get(DATA, "")
    tools = a.tools.split(",")
    pp = subprocess.run([S.BCC2CORE, "python-path"], capture_output=True,
                        text=True).stdout.strip()
    env_bcc = dict(os.environ, PYTHONUNBUFFERED="1")
    env_bcc.pop("PYTHONPATH", None)
    env_drop = dict(env_bcc, PYTHONPATH=pp,
                    BCC2CORE_CACHE_DIR=os.path.join(GUEST_WORK, "cache"))
    t0 = time.monotonic()
    plan = []
    if not a.bcc_only:
        log("guest %s: port %d tools" % (res["kernel"], len(tools)))
        port_all(tools, env_drop, GUEST_WORK, res, save)
        res["secs"]["port"] = round(time.monotonic() - t0, 1)
        plan = [(t, "dropin", env_drop) for t in tools]
    if a.guest_bcc or a.bcc_only:
        plan += [(t, "bcc", env_bcc) for t in tools]
    for t, kind, env in plan:
        if time.monotonic() - t_start > a.budget:
            log("budget of %ds spent: %s %s and the rest not run" % (a.budget, t, kind))
            break
        if kind == "bcc":
            S.READY_SECS = 300  # BCC compiles for minutes under TCG
        tmp = tempfile.mkdtemp(dir=fs_mounts.get(S.T.get(t, {}).get("fs"), mnt),
                               prefix=t + "-")
        t0 = time.monotonic()
        try:
            # ported above (run_one's port again would cost 20-40 s of TCG)
            outcome, note, _ = S.run_one(t, S.T.get(t, {}), kind, tmp, env, a.secs,
                                         port=names_workload(t))
            pr = res["port"].get(t)
            if kind == "dropin" and pr and (pr["rc"] or not any(
                    "cached as" in l for l in pr["stderr"])):
                note = S.join_note("port: %s; " % S.first_error(pr["stderr"], []), outcome,
                                   note)
        except Exception as e:  # the sweep goes on
            outcome, note = "fails", "sweep error: %r" % e
        if outcome == "cannot attach here":
            if attach_name(note):
                res["funcs"][attach_name(note)] = funcs.get(attach_name(note), "absent")
            note = attach_why(note, res["funcs"])
        secs = time.monotonic() - t0
        res["runs"].setdefault(t, {})[kind] = [outcome, note, round(secs, 1)]
        keep = os.path.join(a.base, "runs", "%s-%s" % (t, kind))
        os.makedirs(keep, exist_ok=True)
        for p in glob.glob(os.path.join(tmp, "*", "*.json")) + \
                glob.glob(os.path.join(tmp, "*", "*.txt")):
            shutil.copy(p, keep)
        shutil.rmtree(tmp, ignore_errors=True)
        save()
        log("%-16s %-6s %-24s %5.1fs  %s" % (t, kind, outcome, secs, note[:150]))
    res["secs"]["all"] = round(time.monotonic() - t_start, 1)
    save()
    return 0


# ---------------------------------------------------------------- on the host


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--phase", choices=["guest"], help=argparse.SUPPRESS)
    ap.add_argument("--base", help=argparse.SUPPRESS)
    ap.add_argument("--tools", help=argparse.SUPPRESS)
    ap.add_argument("--bcc2core", default=S.BCC2CORE, help=argparse.SUPPRESS)
    ap.add_argument("--only", help="comma-separated tool names (default: all candidates)")
    ap.add_argument("--guest-bcc", action="store_true",
                    help="after the drop-in runs, run the tools under BCC too (slow)")
    ap.add_argument("--bcc-only", action="store_true",
                    help="run the tools under BCC only (the drop-in cells are kept)")
    ap.add_argument("--kernel", help="the guest kernel (BCC2CORE_GUEST_KVER; default 6.1)")
    ap.add_argument("--timeout", type=int, default=4800, help="of the whole guest run")
    ap.add_argument("--budget", type=int, default=None,
                    help="start no run after this many seconds in the guest "
                         "(default: --timeout minus 10 minutes)")
    ap.add_argument("--secs", type=float, default=2.5, help="workload duration")
    ap.add_argument("--doc", default=os.path.join(S.ROOT, "docs", "tool-sweep.md"))
    ap.add_argument("--state", default="/var/tmp/bcc2core-sweep-state.json")
    ap.add_argument("--keep", action="store_true", help="keep the scratch disk image")
    ap.add_argument("--reclassify", metavar="DIR",
                    help="classify again the runs kept in DIR (a guest sweep's temp dir) "
                         "with the sweep's current checks, and write the doc; runs nothing")
    a = ap.parse_args()
    if a.budget is None:
        a.budget = max(a.timeout - 600, 60)
    if a.phase == "guest":
        return guest_phase(a)
    if a.reclassify:
        return reclassify(a)
    if os.geteuid():
        sys.exit("guest_sweep.py: needs root")
    results = S.load_results(a.state, a.doc)
    tools = candidates(results, a.guest_bcc or a.bcc_only)
    if a.only:
        tools = [t for t in a.only.split(",") if os.path.exists("/usr/sbin/%s-bpfcc" % t)]
    if not tools:
        sys.exit("guest_sweep.py: no tools to run")
    base = tempfile.mkdtemp(prefix="bcc2core-gsweep-", dir="/var/tmp")
    os.chmod(base, 0o755)
    disk = os.path.join(base, "scratch.img")
    with open(disk, "wb") as f:
        f.truncate(DISK_MIB << 20)
    env = dict(os.environ)
    if a.kernel:
        env["BCC2CORE_GUEST_KVER"] = a.kernel
    log("guest sweep: %d tools (%s), outputs in %s" % (len(tools), ",".join(tools), base))
    cmd = [RUN_IN_GUEST, "--timeout", str(a.timeout), "--rw", base, "--disk", disk,
           "--", S.PYTHON, os.path.abspath(__file__), "--phase", "guest", "--base", base,
           "--bcc2core", os.path.abspath(S.BCC2CORE), "--tools", ",".join(tools),
           "--budget", str(a.budget), "--secs", str(a.secs)] + \
        (["--guest-bcc"] if a.guest_bcc else []) + (["--bcc-only"] if a.bcc_only else [])
    t0 = time.monotonic()
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, env=env, cwd="/")
    log("guest run %.0fs, status %d" % (time.monotonic() - t0, r.returncode))
    if not a.keep:
        os.unlink(disk)
    # the state again: a host sweep (--only) may have written it meanwhile
    results = S.load_results(a.state, a.doc)
    g = merge(a, results, base, "guest_sweep.py " + " ".join(sys.argv[1:]))
    log("guest sweep: %d runs of %d tools on %s; wrote %s" % (
        sum(len(k) for k in g["runs"].values()), len(tools), g["kernel"], a.doc))
    return 0 if r.returncode == 0 else 1


def merge(a, results, base, command):
    """The guest's results (base/guest.json) into the state's guest cells;
    the doc written again -> the guest's results"""
    try:
        with open(os.path.join(base, "guest.json")) as f:
            g = json.load(f)
    except (OSError, ValueError):
        sys.exit("guest_sweep.py: the guest wrote no results in %s" % base)
    if g.get("setup_error"):
        sys.exit("guest_sweep.py: guest setup failed: %s" % g["setup_error"])
    for t, kinds in g["runs"].items():
        for kind, (outcome, note, _secs) in kinds.items():
            results.setdefault(t, {})["guest" if kind == "dropin" else "guest_bcc"] = \
                (outcome, note)
    with open(a.state, "w") as f:
        json.dump(results, f)
    all_tools = sorted(os.path.basename(p)[:-len("-bpfcc")]
                       for p in glob.glob("/usr/sbin/*-bpfcc"))
    S.write_doc(a.doc, results, all_tools, "", [x for x in all_tools if x not in results],
                any("bcc" in r for r in results.values()),
                command="compat-tests/sweep/" + command.strip())
    return g


def reclassify(a):
    """The runs kept in a.reclassify (a guest sweep's temp dir) classified
    again with the sweep's current checks; a missing kprobe target is
    explained by the facts the guest kept of it (guest.json "funcs")."""
    path = os.path.join(a.reclassify, "guest.json")
    with open(path) as f:
        g = json.load(f)
    for t, kinds in g["runs"].items():
        for kind, cell in kinds.items():
            try:
                with open(os.path.join(a.reclassify, "runs", "%s-%s" % (t, kind),
                                       "run.json")) as f:
                    r = json.load(f)
            except (OSError, ValueError):
                continue
            outcome, note = S.classify(t, S.T.get(t, {}), S._Kept(r["out"], r["err"]),
                                       r["rc"], r["timed_out"], r["w"], kind)
            if outcome == "cannot attach here":
                note = attach_why(note, g.get("funcs", {}))
            if outcome != cell[0]:
                log("%-16s %-6s %s -> %s: %s" % (t, kind, cell[0], outcome, note[:120]))
            pre = re.match(r"port: .*?; ", cell[1])
            kinds[kind] = [outcome, S.join_note(pre.group(0) if pre else "", outcome, note),
                           cell[2]]
    with open(path, "w") as f:
        json.dump(g, f)
    merge(a, S.load_results(a.state, a.doc), a.reclassify,
          "guest_sweep.py " + " ".join(sys.argv[1:]))
    log("guest sweep: reclassified %s; wrote %s" % (a.reclassify, a.doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
