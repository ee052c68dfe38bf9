#!/usr/bin/python3
"""Hygiene: `bcc2core run` ended every way leaves nothing behind.

    run.py [--cycles N] [--path NAME]... [--keep] [-v]

Runs N cycles (default 200) of `bcc2core run` over tracepoint objects, round
robin over the exit paths below, and after each cycle checks that the run
left nothing: no BPF program, map or link of its objects still alive (bpftool
-j prog/map/link show, new IDs since the start, by name, held by no other
live process), no perf event with one of those programs (bpftool -j perf), no
pin under /sys/fs/bpf, no kprobe/uprobe event in tracefs, no tracefs instance
(instances/bcc2core-*), no bpf_trace_printk enable flipped in the top
instance, no temporary file (its private TMPDIR, bcc2core's mkdtemp names
in /tmp and /var/tmp, *.tmp in its private BTF cache), no descriptor leaked
into CMD (/proc/PID/fd of CMD while attached: 0, 1, 2 only), and CMD not
left running, after SIGKILL included (the command asks for SIGTERM when
run dies). Everything is compared with a baseline taken at the
start, so other tools' objects are not counted; the kernel frees programs
and maps asynchronously, so a leftover counts only if it is still there
after a grace period.

Exit paths (expected exit status):
  cmd-exit        -- true                                  0
  cmd-fails       -- false                                 1 (CMD's status)
  duration        --duration 0.2, no CMD                   0
  sigint          SIGINT to bcc2core while attached        0
  sigterm         SIGTERM while attached                   0
  sigkill         SIGKILL while attached                   -9
  printk-sigint   a printk/perf/ringbuf object, SIGINT     0
  printk-sigkill  the same, SIGKILL                        -9
  c-input-sigterm run IN.c (built into a temporary dir), SIGTERM  0
  attach-fails    --strict, a uprobe on a missing symbol after a tracepoint
                  attached                                 1
  attach-tp-fails --strict, SEC("tracepoint/nope/nope")    1
  load-fails      a program the verifier rejects (NULL deref)  1
"While attached" = after CMD (`sh -c 'echo $$ > READY; exec sleep 30'`),
which run starts only once every program is attached, wrote READY.

Prints one line per exit path and `N passed, N failed`. Exit status 0 when
all passed, 1 otherwise, 77 (skip) without root or bpftool.
Environment: BCC2CORE (default build/bin/bcc2core), BCC2CORE_DATADIR.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BCC2CORE = os.environ.get("BCC2CORE", os.path.join(ROOT, "build", "bin", "bcc2core"))
TRACEFS = "/sys/kernel/tracing" if os.path.isdir("/sys/kernel/tracing/events") \
    else "/sys/kernel/debug/tracing"
BPFFS = "/sys/fs/bpf"
GRACE_S = 3.0
# what the command and the runtime name their temporaries (mkdtemp): build's
# bcc2core-XXXXXX, run IN.c's bcc2core-run-XXXXXX, bundled BTF's
# bcc2core-btf-XXXXXX; not the test suite's (bcc2core-guest.*, -bench.*, ...)
OUR_TMP = re.compile(r"^bcc2core-(run-|btf-)?[A-Za-z0-9]{6}$")

PRINTK = r"""
struct ev_t { u32 pid; char comm[16]; };
BPF_PERF_OUTPUT(events);
BPF_RINGBUF_OUTPUT(ring, 8);
BPF_HASH(counts, u32, u64);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	struct ev_t ev = {};
	u32 pid = args->pid;

	ev.pid = pid;
	bpf_get_current_comm(&ev.comm, sizeof(ev.comm));
	events.perf_submit(args, &ev, sizeof(ev));
	ring.ringbuf_output(&ev, sizeof(ev), 0);
	counts.increment(pid);
	bpf_trace_printk("exec %d\n", pid);
	return 0;
}
"""

UPROBE_MISSING = r"""
BPF_HASH(seen, u32, u64);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	u32 pid = args->pid;

	seen.increment(pid);
	return 0;
}

int missing_target(struct pt_regs *ctx)
{
	return 0;
}
"""

NULL_DEREF = r"""
#include <linux/sched.h>
BPF_HASH(counts, u32);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	u32 pid = args->pid;
	u64 *v = counts.lookup(&pid);
	return *v;
}
"""

# not from `bcc2core build`: a libbpf object whose second program names a
# tracepoint that does not exist (the rewriter refuses to convert one)
TP_NOPE = r"""
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} hyg_tp_seen SEC(".maps");

SEC("tracepoint/sched/sched_process_exec")
int hyg_tp_ok(void *ctx)
{
	__u32 k = 0;
	__u64 one = 1;

	bpf_map_update_elem(&hyg_tp_seen, &k, &one, BPF_ANY);
	return 0;
}

SEC("tracepoint/nope/nope")
int hyg_tp_nope(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
"""

WAIT_CMD = ["sh", "-c", "echo $$ > READY; exec sleep 30"]

# name: (object, run options, CMD, how it ends, expected status)
PATHS = {
    "cmd-exit": ("ok", [], ["true"], None, 0),
    "cmd-fails": ("ok", [], ["false"], None, 1),
    "duration": ("ok", ["--duration", "0.2"], None, None, 0),
    "sigint": ("ok", [], WAIT_CMD, signal.SIGINT, 0),
    "sigterm": ("ok", [], WAIT_CMD, signal.SIGTERM, 0),
    "sigkill": ("ok", [], WAIT_CMD, signal.SIGKILL, -9),
    "printk-sigint": ("printk", [], WAIT_CMD, signal.SIGINT, 0),
    "printk-sigkill": ("printk", [], WAIT_CMD, signal.SIGKILL, -9),
    "c-input-sigterm": ("src", [], WAIT_CMD, signal.SIGTERM, 0),
    "attach-fails": ("noattach", ["--strict"], WAIT_CMD, None, 1),
    "attach-tp-fails": ("tpnope", ["--strict"], WAIT_CMD, None, 1),
    "load-fails": ("badload", [], WAIT_CMD, None, 1),
}


def bpf_holders():
    """{("progs"|"maps"|"links", id): {pid, ...}} from every process's fds
    (bpftool's own "pids" needs a bpftool built with skeletons)."""
    held = {}
    keys = {"prog_id": "progs", "map_id": "maps", "link_id": "links"}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if not os.readlink(f"/proc/{pid}/fd/{fd}").startswith("anon_inode:bpf"):
                    continue
                with open(f"/proc/{pid}/fdinfo/{fd}") as f:
                    info = f.read()
            except OSError:
                continue
            for line in info.splitlines():
                k, _, v = line.partition(":")
                if k in keys and v.strip().isdigit():
                    held.setdefault((keys[k], int(v)), set()).add(int(pid))
                    break
    return held


def bpftool(*args):
    out = subprocess.run(["bpftool", "-j", "-f"] + list(args), capture_output=True, text=True)
    if out.returncode:
        return []
    try:
        return json.loads(out.stdout or "[]") or []
    except json.JSONDecodeError:
        return []


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie is dead for our purposes
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def elf_symbols(path):
    """FUNC and OBJECT symbols defined in @path (program and map names)."""
    out = subprocess.run(["readelf", "-sW", path], capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 8 and f[3] in ("FUNC", "OBJECT") and f[6] != "UND" and f[7] != "LICENSE":
            names.add(f[7])
    return names


def listdir(path, prefix=""):
    try:
        return {e for e in os.listdir(path) if e.startswith(prefix)}
    except OSError:
        return set()


def walk(root):
    found = set()
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            found.add(os.path.join(d, n))
    return found


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


class World:
    """The machine's state that a run could leave something in."""

    def __init__(self, ours):
        self.ours = ours	# program/map names (15 characters, as the kernel keeps them)

    def snapshot(self):
        progs = bpftool("prog", "show")
        maps = bpftool("map", "show")
        return {
            "progs": {p["id"]: p for p in progs},
            "maps": {m["id"]: m for m in maps},
            "links": {lk["id"]: lk for lk in bpftool("link", "show")},
            "perf": bpftool("perf"),
            "holders": bpf_holders(),
            "pins": walk(BPFFS),
            "instances": listdir(os.path.join(TRACEFS, "instances"), "bcc2core-"),
            "kprobe_events": set(read(os.path.join(TRACEFS, "kprobe_events")).splitlines()),
            "uprobe_events": set(read(os.path.join(TRACEFS, "uprobe_events")).splitlines()),
            "printk_enable": read(os.path.join(TRACEFS, "events/bpf_trace/bpf_trace_printk/enable")),
            "tmp": {e for e in listdir("/tmp", "bcc2core-") if OUR_TMP.match(e)} |
                   {"/var/tmp/" + e for e in listdir("/var/tmp", "bcc2core-") if OUR_TMP.match(e)},
        }

    def ours_name(self, name):
        return name in self.ours or name.startswith("hyg_")

    def leftovers(self, base, now, our_pids, foreign):
        """What is in @now and not in @base that a run of ours made. A
        program or map is another tool's (remembered in @foreign) when it is
        pinned (pins are checked on their own), held open by a live process
        that is not ours, or, for a map, used by a program that is not ours."""
        left = []
        held = now["holders"]

        def elsewhere(kind, oid):
            pids = {p for p in held.get((kind, oid), ()) if pid_alive(p)}
            return pids and not pids & our_pids

        new_progs = set()
        for oid, p in now["progs"].items():
            if oid in base["progs"] or ("progs", oid) in foreign:
                continue
            if p.get("pinned") or elsewhere("progs", oid) or not self.ours_name(p.get("name", "")):
                foreign.add(("progs", oid))
                continue
            new_progs.add(oid)
            pids = sorted(held.get(("progs", oid), ()))
            left.append(f"prog {oid} {p.get('name', '')}" + (f" held by {pids}" if pids else ""))
        others_maps = set()
        for oid, p in now["progs"].items():
            if oid not in new_progs:
                others_maps |= set(p.get("map_ids", []))
        for oid, m in now["maps"].items():
            if oid in base["maps"] or ("maps", oid) in foreign:
                continue
            if m.get("pinned") or elsewhere("maps", oid) or oid in others_maps or \
               not self.ours_name(m.get("name", "")):
                foreign.add(("maps", oid))
                continue
            pids = sorted(held.get(("maps", oid), ()))
            left.append(f"map {oid} {m.get('name', '')}" + (f" held by {pids}" if pids else ""))
        for oid, lk in now["links"].items():
            if oid not in base["links"] and lk.get("prog_id") in new_progs:
                left.append(f"link {oid} (prog {lk.get('prog_id')})")
        for pe in now["perf"]:
            if pe.get("prog_id") in new_progs or pe.get("pid") in our_pids:
                left.append(f"perf event pid {pe.get('pid')} fd {pe.get('fd')} "
                            f"prog {pe.get('prog_id')} ({pe.get('fd_type')})")
        for p in sorted(now["pins"] - base["pins"]):
            # the test suite's own (golden.sh, corpus/sweep.sh bpftool loadall)
            if not os.path.relpath(p, BPFFS).startswith(("bcc2core-test-", "bcc2core-sweep-")):
                left.append(f"pin {p}")
        for i in sorted(now["instances"] - base["instances"]):
            left.append(f"tracefs instance {i}")
        for k in ("kprobe_events", "uprobe_events"):
            for e in sorted(now[k] - base[k]):
                left.append(f"{k[:-1]} {e}")
        if now["printk_enable"] != base["printk_enable"]:
            left.append("bpf_trace_printk enabled in the top tracefs instance")
        return left


def build_objects(work, env):
    """The objects the exit paths run; returns {kind: path}."""
    objs = {}

    def bcc2core_build(kind, text, *args):
        src = os.path.join(work, f"hyg_{kind}.bcc.c")
        with open(src, "w") as f:
            f.write(text)
        out = os.path.join(work, f"hyg_{kind}.bpf.o")
        r = subprocess.run([BCC2CORE, "build"] + list(args) + [src, "-o", out], env=env,
                           capture_output=True, text=True)
        if r.returncode:
            sys.exit(f"hygiene: cannot build {kind}: {r.stderr.strip()}")
        objs[kind] = out

    with open(os.path.join(ROOT, "examples", "execsnoop_ppid.bcc.c")) as f:
        example = f.read()
    bcc2core_build("ok", example)
    bcc2core_build("printk", PRINTK)
    bcc2core_build("noattach", UPROBE_MISSING, "--attach",
                   "uprobe:/bin/true:bcc2core_no_such_symbol=missing_target")
    bcc2core_build("badload", NULL_DEREF)
    src = os.path.join(work, "hyg_tpnope.bpf.c")
    with open(src, "w") as f:
        f.write(TP_NOPE)
    out = os.path.join(work, "hyg_tpnope.bpf.o")
    arch = subprocess.run(["uname", "-m"], capture_output=True, text=True).stdout.strip()
    r = subprocess.run(["clang", "-target", "bpf", "-O2", "-g", f"-I/usr/include/{arch}-linux-gnu",
                        "-c", src, "-o", out], capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"hygiene: cannot compile the tracepoint:nope object: {r.stderr.strip()}")
    objs["tpnope"] = out
    # run IN.c: the example, built by run itself into TMPDIR
    objs["src"] = os.path.join(work, "hyg_src.c")
    shutil.copy(os.path.join(ROOT, "examples", "execsnoop_ppid.bcc.c"), objs["src"])
    return objs


# what sleep opens itself as it starts (its locale), never ours
SLEEP_OWN = ("/usr/lib/locale/", "/usr/share/locale/")


def fds_of(pid):
    fds = {}
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                fds[int(fd)] = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                pass
    except OSError:
        pass
    return fds


def one_cycle(path, objs, work, env, world, base, foreign, verbose):
    """Runs one cycle; returns (problems, notes, new shared temporaries).
    The runs' TMPDIR is private; a new /tmp/bcc2core-* or /var/tmp/bcc2core-*
    may be another user's, so it is only a candidate, checked at the end."""
    kind, opts, cmd, sig, want = PATHS[path]
    cyc = tempfile.mkdtemp(prefix="cycle-", dir=work)
    problems, notes = [], []
    argv = [BCC2CORE, "run"] + opts + [objs[kind]] + (["--"] + cmd if cmd else [])
    with open(os.path.join(cyc, "out"), "w") as out, open(os.path.join(cyc, "err"), "w") as err:
        proc = subprocess.Popen(argv, cwd=cyc, env=env, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, close_fds=True)
    our_pids = {proc.pid}
    ready = os.path.join(cyc, "READY")
    cmd_pid = None
    if sig is not None:
        deadline = time.time() + 30
        while time.time() < deadline and proc.poll() is None:
            try:
                with open(ready) as f:
                    cmd_pid = int(f.read().strip())
                break
            except (OSError, ValueError):
                time.sleep(0.01)
        if cmd_pid is None:
            problems.append("never attached (no READY)" if proc.poll() is None
                            else f"exited {proc.returncode} before attaching: "
                            + read(os.path.join(cyc, "err")).strip()[-300:])
        else:
            our_pids.add(cmd_pid)
            # READY appears while sh still holds its redirection (fd 10):
            # look once sh has exec'd sleep
            until = time.time() + 5
            while time.time() < until:
                try:
                    if open(f"/proc/{cmd_pid}/comm").read().strip() == "sleep":
                        break
                except OSError:
                    break
                time.sleep(0.005)
            # sleep opens (and closes) locale files as it starts: a leaked
            # descriptor is one that stays, over three looks 50 ms apart
            extra = None
            for _ in range(3):
                now_fds = {(fd, t) for fd, t in fds_of(cmd_pid).items()
                           if fd > 2 and not t.startswith(SLEEP_OWN)}
                extra = now_fds if extra is None else extra & now_fds
                time.sleep(0.05)
            if extra:
                problems.append(f"descriptors leaked into CMD: {dict(sorted(extra))}")
            proc.send_signal(sig)
    elif cmd == WAIT_CMD:
        # a run that must fail before CMD: READY must never appear
        pass
    try:
        rc = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = proc.wait()
        problems.append("did not exit within 30 s (killed)")
    if rc != want:
        problems.append(f"exit status {rc}, expected {want}: "
                        + read(os.path.join(cyc, "err")).strip()[-300:])
    if cmd == WAIT_CMD and sig is None and os.path.exists(ready):
        problems.append("CMD started although the run was to fail")
        try:
            cmd_pid = int(read(ready).strip())
            our_pids.add(cmd_pid)
        except ValueError:
            pass
    if cmd_pid is not None:
        deadline = time.time() + 2
        while pid_alive(cmd_pid) and time.time() < deadline:
            time.sleep(0.02)
        if pid_alive(cmd_pid):
            # after SIGKILL too: the child asked for a parent-death signal
            problems.append("CMD still running after the run ended"
                            + (" (SIGKILL)" if sig == signal.SIGKILL else ""))
            try:
                os.killpg(cmd_pid, signal.SIGKILL)
            except OSError:
                pass
    # leftovers, given the kernel time to free what the run released
    deadline = time.time() + GRACE_S
    while True:
        left = world.leftovers(base, world.snapshot(), our_pids, foreign)
        left += [f"temporary {os.path.join(env['TMPDIR'], e)}" for e in listdir(env["TMPDIR"])]
        for d, _, files in os.walk(env["BCC2CORE_CACHE_DIR"]):
            left += [f"temporary {os.path.join(d, f)}" for f in files if f.endswith(".tmp")]
        if not left or time.time() > deadline:
            break
        time.sleep(0.1)
    problems += left
    tmp_new = world.snapshot()["tmp"] - base["tmp"]
    # reported once; leave the machine as it was for the next cycles
    for pid in our_pids:
        inst = os.path.join(TRACEFS, "instances", f"bcc2core-{pid}")
        if os.path.isdir(inst):
            try:
                os.rmdir(inst)
            except OSError:
                pass
    if verbose:
        print(f"  {path}: rc {rc} {'; '.join(problems + notes) or 'clean'}")
    shutil.rmtree(cyc, ignore_errors=True)
    return problems, notes, tmp_new


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cycles", type=int, default=200, help="cycles in all (default 200)")
    ap.add_argument("--path", action="append", choices=sorted(PATHS),
                    help="only these exit paths (repeatable)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if os.geteuid() != 0:
        print("SKIP: hygiene needs root (it loads programs)")
        return 77
    if not shutil.which("bpftool"):
        print("SKIP: no bpftool")
        return 77
    if not os.access(BCC2CORE, os.X_OK):
        print(f"hygiene: no bcc2core at {BCC2CORE} (set BCC2CORE)")
        return 2
    work = tempfile.mkdtemp(prefix="hygiene-")
    env = dict(os.environ)
    env["TMPDIR"] = os.path.join(work, "tmp")	# the runs' own: must stay empty
    env["BCC2CORE_CACHE_DIR"] = os.path.join(work, "cache")
    os.makedirs(env["TMPDIR"])
    paths = args.path or list(PATHS)
    try:
        objs = build_objects(work, env)
        ours = {"bcc2core_probe"}
        for kind, o in objs.items():
            if o.endswith(".o"):
                ours |= {n[:15] for n in elf_symbols(o)}
        world = World(ours)
        base = world.snapshot()
        foreign = set()
        cycles = []	# (path, problems, notes) per cycle
        tmp_candidates = {}	# shared temporary entry -> cycle it appeared in
        start = time.time()
        for i in range(args.cycles):
            p = paths[i % len(paths)]
            problems, notes, tmp_new = one_cycle(p, objs, work, env, world, base, foreign,
                                                 args.verbose)
            for t in tmp_new:
                tmp_candidates.setdefault(t, i)
            cycles.append((p, problems, notes))
            # a leftover is reported once: the next cycle starts from here
            base = world.snapshot()
        took = time.time() - start
        # shared temporary entries that appeared during a cycle and are still
        # there (another user's come and go): against the cycle they came in
        time.sleep(GRACE_S)
        still = world.snapshot()["tmp"]
        for t, i in sorted(tmp_candidates.items()):
            if t in still:
                name = t if t.startswith("/") else "/tmp/" + t
                cycles[i][1].append(f"temporary {name} (still there at the end)")
    finally:
        if args.keep:
            print(f"work directory: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    results = {p: [0, 0, {}, {}] for p in paths}	# passed, failed, problems, notes
    for p, problems, notes in cycles:
        r = results[p]
        r[0 if not problems else 1] += 1
        for x in problems:
            key = re.sub(r"\b\d+\b", "N", x.split(":")[0])
            r[2][key] = r[2].get(key, 0) + 1
        for x in notes:
            r[3][x] = r[3].get(x, 0) + 1
    passed = sum(r[0] for r in results.values())
    failed = sum(r[1] for r in results.values())
    for p in paths:
        ok, bad, probs, notes = results[p]
        line = f"{p:16} {ok + bad:4} cycles: {ok} passed, {bad} failed"
        if notes:
            line += " (" + ", ".join(f"{n} x{c}" for n, c in notes.items()) + ")"
        print(line)
        for x, c in sorted(probs.items()):
            print(f"{'':16}   {c}x {x}")
    print(f"{args.cycles} cycles in {took:.0f} s")
    print(f"{passed} passed, {failed} failed")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
