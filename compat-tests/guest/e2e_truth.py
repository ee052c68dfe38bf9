"""Ground truth of the end-to-end programs, in one place for e2e_matrix.py.

Each program has a workload (a `sh -c` script that records its own ground
truth: PIDs, parent PIDs, file names) and a check of a run's JSON Lines
records against that truth. The checks of the three host tests are copied
from compat-tests/e2e/test_{execsnoop_ppid,syscall_fallback,output_kinds}.py
(same workload, same assertions); kprobe_unlink and fentry_unlink are the
guest lane's own (compat-tests/guest/progs/).

A record list is what `bcc2core run --json` prints, or what bcc_driver.py
prints for real BCC in the same shape:
  {"type":"map","name":..,"kind":..,"entries":[{"key":..,"value":..}]}
  {"type":"event","name":..,"data":{..}}   {"type":"printk","text":..}

`view()` reduces a run to what the ground truth is about, with PIDs and
temporary paths replaced by their roles, so that two runs (BCC, bcc2core)
of the same program can be compared. Stdlib only: this module runs on the
host and, inside the guest, under the guest's /usr/bin/python3.
"""
import hashlib
import ipaddress
import json
import os

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def records_of(text):
    """JSON Lines records of a run's stdout (other lines are ignored)."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def maps_of(recs):
    return {r["name"]: r for r in recs if r.get("type") == "map"}


def entries(maps, name):
    m = maps.get(name)
    return m["entries"] if m else []


def as_dict(maps, name):
    return {_hashable(e["key"]): e["value"] for e in entries(maps, name)}


def _hashable(k):
    return json.dumps(k, sort_keys=True) if isinstance(k, (dict, list)) else k


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


class Program:
    name = ""
    src = ""            # relative to the repository
    # which attach kinds the program needs, per tool; any one suffices
    # ("kprobe", "fentry"); empty: tracepoints only
    needs = {"bcc2core": (), "bcc": ()}
    derefs_kernel_structs = False
    env = {}            # for the bcc2core runs
    bcc_why = ""        # set: no BCC run of this program (why)

    @property
    def path(self):
        return os.path.join(REPO, self.src)

    def prepare(self, work):
        """before the run (files the workload needs)"""

    def cleanup(self, work):
        """after the run"""

    def workload(self, work):
        raise NotImplementedError

    def truth(self, work):
        raise NotImplementedError

    def check(self, recs, truth):
        """problems (strings) of a run against the ground truth; [] = pass"""
        raise NotImplementedError

    def view(self, recs, truth):
        raise NotImplementedError

    def expected_forms(self, caps):
        """substrings `bcc2core -v run` must print on a kernel with @caps"""
        return []

    def unexpected_forms(self, caps):
        """substrings `bcc2core -v run` must not print there (a form that
        runs beside the one that should, alone)"""
        return []

    def bcc_known_wrong(self, caps, problems):
        """why BCC's @problems on a kernel with @caps are BCC's own known
        error (a documented BCC limit, bcc2core right), or None"""
        return None


# --- examples/execsnoop_ppid.bcc.c (compat-tests/e2e/test_execsnoop_ppid.py) ---

class ExecsnoopPpid(Program):
    name = "execsnoop_ppid"
    src = "examples/execsnoop_ppid.bcc.c"
    derefs_kernel_structs = True   # task->real_parent->tgid, task->tgid

    def workload(self, work):
        rec = os.path.join(work, "truth.txt")
        # each shell records "pid ppid"; the inner one then execs /bin/true
        return (
            f'echo "$$ $PPID sh" >> {rec}; '
            f'for i in 1 2 3; do sh -c \'echo "$$ $PPID sh" >> {rec}\'; done; '
            f'sh -c \'echo "$$ $PPID true" >> {rec}; exec /bin/true\''
        )

    def truth(self, work):
        t = []
        for line in _read(os.path.join(work, "truth.txt")).splitlines():
            pid, ppid, comm = line.split()
            t.append([int(pid), int(ppid), comm])
        return {"procs": t}

    def check(self, recs, truth):
        procs = truth["procs"]
        if len(procs) != 5:
            return [f"workload recorded {len(procs)} processes, expected 5"]
        maps = maps_of(recs)
        if not {"execs", "last_exec"} <= set(maps):
            return [f"maps: {sorted(maps)}"]
        execs = {(e["key"]["pid"], e["key"]["comm"]): e for e in entries(maps, "execs")}
        last = {e["key"]: e["value"] for e in entries(maps, "last_exec")}
        bad = []
        for pid, ppid, comm in procs:
            e = execs.get((pid, comm))
            if not e:
                bad.append(f"no exec record for pid {pid} ({comm})")
                continue
            if e["key"]["ppid"] != ppid:
                bad.append(f"pid {pid}: ppid {e['key']['ppid']}, truth {ppid}")
            if e["value"] != 1:
                bad.append(f"pid {pid} {comm}: count {e['value']}, expected 1")
            if pid not in last:
                bad.append(f"no last_exec[{pid}]")
            elif last[pid]["tgid"] != pid or last[pid]["ppid"] != ppid:
                bad.append(f"last_exec[{pid}] = {last[pid]}, truth tgid {pid} ppid {ppid}")
        # the pid that execed sh then true counted twice in last_exec
        sh_then_true = [p for p, _, c in procs if c == "true"][0]
        if sh_then_true in last and last[sh_then_true]["count"] != 2:
            bad.append(f"last_exec[{sh_then_true}].count = {last[sh_then_true]['count']}, expected 2")
        return bad

    def view(self, recs, truth):
        maps = maps_of(recs)
        execs = {(e["key"]["pid"], e["key"]["comm"]): e for e in entries(maps, "execs")}
        last = {e["key"]: e["value"] for e in entries(maps, "last_exec")}
        out = []
        for i, (pid, ppid, comm) in enumerate(truth["procs"]):
            e = execs.get((pid, comm))
            le = last.get(pid)
            out.append({
                "proc": f"{i}:{comm}",
                "count": e["value"] if e else None,
                "ppid": None if not e else "truth" if e["key"]["ppid"] == ppid else e["key"]["ppid"],
                "last.tgid": None if not le else "truth" if le["tgid"] == pid else le["tgid"],
                "last.ppid": None if not le else "truth" if le["ppid"] == ppid else le["ppid"],
                "last.count": le["count"] if le else None,
            })
        return out


# --- compat-tests/e2e/progs/unlinkat_count.bcc.c (test_syscall_fallback.py) ---

class UnlinkatCount(Program):
    name = "unlinkat_count"
    src = "compat-tests/e2e/progs/unlinkat_count.bcc.c"
    needs = {"bcc2core": (), "bcc": ("kprobe",)}   # bcc2core falls back to the tracepoint

    def files(self, work):
        return [os.path.join(work, f"victim{i}") for i in range(3)]

    def workload(self, work):
        files = " ".join(self.files(work))
        pidfile = os.path.join(work, "pid")
        return f'touch {files}; echo $$ > {pidfile}; exec rm {files}'

    def truth(self, work):
        pid = _read(os.path.join(work, "pid")).strip()
        return {"rm_pid": int(pid) if pid else None, "files": self.files(work), "work": work}

    def check(self, recs, truth):
        rm_pid = truth["rm_pid"]
        maps = maps_of(recs)
        counts = as_dict(maps, "counts")
        names = {e["key"]: e["value"]["name"] for e in entries(maps, "last_name")}
        bad = []
        if counts.get(rm_pid) != 3:
            bad.append(f"rm (pid {rm_pid}) unlinkat count {counts.get(rm_pid)}, expected 3")
        if names.get(rm_pid) != truth["files"][-1]:
            bad.append(f"last path {names.get(rm_pid)!r}, expected {truth['files'][-1]!r}")
        return bad

    def view(self, recs, truth):
        maps = maps_of(recs)
        rm_pid = truth["rm_pid"]
        name = {e["key"]: e["value"]["name"] for e in entries(maps, "last_name")}.get(rm_pid)
        return {"rm.count": as_dict(maps, "counts").get(rm_pid),
                "rm.last_name": name.replace(truth["work"], "<work>") if name else name}

    def expected_forms(self, caps):
        # its fentry form first where trampolines work: a plain load per argument
        if caps.get("fentry"):
            return ["syscall__unlinkat: syscall__unlinkat__fentry (fentry/__x64_sys_unlinkat)"]
        if caps.get("kprobes"):
            return ["syscall__unlinkat: syscall__unlinkat (ksyscall/unlinkat)"]
        return ["syscall__unlinkat: syscall__unlinkat__tp (tracepoint/syscalls/sys_enter_unlinkat)"]


# --- compat-tests/e2e/progs/output_kinds.bcc.c (test_output_kinds.py) ---

def log2l(v):
    return v.bit_length()   # BCC's bpf_log2l: floor(log2 v) + 1


class OutputKinds(Program):
    name = "output_kinds"
    src = "compat-tests/e2e/progs/output_kinds.bcc.c"

    def names(self, work):
        # the program matches paths whose characters 5.. spell the marker: /tmp/ + marker
        tag = self.tag(work)
        return [f"/tmp/bcc2core-marker-{tag}-{i}" + "x" * (i * 10) for i in range(3)]

    @staticmethod
    def tag(work):
        # same length for every run (the histogram buckets name lengths)
        return hashlib.md5(work.encode()).hexdigest()[:8]

    def prepare(self, work):
        os.makedirs("/tmp", exist_ok=True)
        for n in self.names(work):
            open(n, "w").close()

    def cleanup(self, work):
        for n in self.names(work):
            try:
                os.unlink(n)
            except OSError:
                pass

    def workload(self, work):
        pidfile = os.path.join(work, "pid")
        return f"echo $$ > {pidfile}; exec cat {' '.join(self.names(work))}"

    def truth(self, work):
        pid = _read(os.path.join(work, "pid")).strip()
        return {"pid": int(pid) if pid else None, "names": self.names(work),
                "ncpus": os.cpu_count(), "tag": self.tag(work)}

    def check(self, recs, truth):
        names, pid = truth["names"], truth["pid"]
        bad = []
        for chan in ("events", "ring"):
            evs = [r["data"] for r in recs if r.get("type") == "event" and r["name"] == chan]
            got = [(e["pid"], e["comm"], e["fname"]) for e in evs]
            if got != [(pid, "cat", n) for n in names]:
                bad.append(f"{chan}: {got}")
        printks = [r["text"] for r in recs if r.get("type") == "printk"]
        if printks != [f"open {n} by {pid}" for n in names]:
            bad.append(f"printk: {printks}")
        maps = maps_of(recs)
        if not {"name_len", "opens", "opens_percpu"} <= set(maps):
            return bad + [f"maps: {sorted(maps)}"]
        hist = {e["key"]: e["value"] for e in entries(maps, "name_len") if e["value"]}
        want = {}
        for n in names:
            b = log2l(len(n) + 1)   # bpf_probe_read_user_str counts the NUL
            want[b] = want.get(b, 0) + 1
        if hist != want:
            bad.append(f"histogram {hist}, expected {want}")
        if entries(maps, "opens") != [{"key": 0, "value": 3}]:
            bad.append(f"opens: {entries(maps, 'opens')}")
        percpu = entries(maps, "opens_percpu")[0]["value"]
        ncpu = truth["ncpus"]
        if sum(percpu) != 3 or len(percpu) != ncpu and len(percpu) < ncpu:
            bad.append(f"opens_percpu: {percpu}")
        if maps["opens_percpu"]["kind"] != "percpu_array" or maps["name_len"]["kind"] != "array":
            bad.append("map kinds: " + str({k: v["kind"] for k, v in maps.items()}))
        return bad

    def view(self, recs, truth):
        pid, tag = truth["pid"], truth["tag"]

        def rel(s):
            return s.replace(tag, "<tag>").replace(f" by {pid}", " by <pid>")
        out = {}
        for chan in ("events", "ring"):
            evs = [r["data"] for r in recs if r.get("type") == "event" and r["name"] == chan]
            out[chan] = [["<pid>" if e["pid"] == pid else e["pid"], e["comm"], rel(e["fname"]),
                          e["flags"]] for e in evs]
        out["printk"] = [rel(r["text"]) for r in recs if r.get("type") == "printk"]
        maps = maps_of(recs)
        out["name_len"] = {str(e["key"]): e["value"] for e in entries(maps, "name_len") if e["value"]}
        out["opens"] = entries(maps, "opens")
        pc = entries(maps, "opens_percpu")
        out["opens_percpu.sum"] = sum(pc[0]["value"]) if pc else None
        out["kinds"] = {k: v.get("kind") for k, v in sorted(maps.items())}
        return out


# --- compat-tests/guest/progs/{kprobe,fentry}_unlink.bcc.c -------------------------

class _UnlinkWorkload(Program):
    """`rm` of three files (3 do_unlinkat + 3 vfs_unlink, all returning 0),
    then `unlink` of a missing file (1 do_unlinkat returning -ENOENT, no
    vfs_unlink). Both record their PID before exec."""

    def files(self, work):
        return [os.path.join(work, f"k{i}") for i in range(3)]

    def workload(self, work):
        files = " ".join(self.files(work))
        missing = os.path.join(work, "missing")
        return (f"touch {files}; "
                f"sh -c 'echo $$ > {work}/pid_rm; exec rm {files}'; "
                f"sh -c 'echo $$ > {work}/pid_unlink; exec unlink {missing}' 2>/dev/null; "
                f"test ! -e {self.files(work)[0]}")

    def truth(self, work):
        def pid(n):
            s = _read(os.path.join(work, n)).strip()
            return int(s) if s else None
        return {"rm_pid": pid("pid_rm"), "unlink_pid": pid("pid_unlink"),
                "files": self.files(work), "missing": os.path.join(work, "missing"),
                "work": work}

    FIELDS = ()

    def view(self, recs, truth):
        maps = maps_of(recs)
        out = {}
        for role in ("rm", "unlink"):
            pid = truth[f"{role}_pid"]
            v = {}
            for m in self.FIELDS:
                x = as_dict(maps, m).get(pid)
                if isinstance(x, dict):   # struct name_t / path_t
                    x = next(iter(x.values()))
                if isinstance(x, str):
                    x = x.replace(truth["work"], "<work>")
                v[m] = x
            out[role] = v
        return out

    def expected_view(self, truth):
        raise NotImplementedError

    def check(self, recs, truth):
        if truth["rm_pid"] is None or truth["unlink_pid"] is None:
            return ["workload did not record its pids"]
        got, want = self.view(recs, truth), self.expected_view(truth)
        bad = []
        for role in want:
            for k in want[role]:
                if got[role].get(k) != want[role][k]:
                    bad.append(f"{role} (pid {truth[role + '_pid']}) {k}: "
                               f"{got[role].get(k)!r}, expected {want[role][k]!r}")
        return bad


ENOENT = 2


class KprobeUnlink(_UnlinkWorkload):
    name = "kprobe_unlink"
    src = "compat-tests/guest/progs/kprobe_unlink.bcc.c"
    needs = {"bcc2core": ("kprobe", "fentry"), "bcc": ("kprobe",)}
    derefs_kernel_structs = True   # dentry->d_name.name
    FIELDS = ("calls", "ok", "last_err", "removed", "last_dentry", "removed_ok")

    def expected_view(self, truth):
        return {"rm": {"calls": 3, "ok": 3, "last_err": None, "removed": 3, "last_dentry": "k2",
                       "removed_ok": 3},
                "unlink": {"calls": 1, "ok": None, "last_err": -ENOENT, "removed": None,
                           "last_dentry": None, "removed_ok": None}}

    def expected_forms(self, caps):
        # a trampoline first wherever the kernel takes one (select.c's
        # trampoline_first()); vfs_unlink's form loads d_name.name plainly
        if caps.get("fentry"):
            return ["kprobe__do_unlinkat: kprobe__do_unlinkat__fentry (fentry/do_unlinkat): "
                    "a trampoline costs less than a kprobe",
                    "kretprobe__do_unlinkat__fexit: attached (fexit/do_unlinkat)",
                    "kprobe__vfs_unlink: kprobe__vfs_unlink__fentry (fentry/vfs_unlink): "
                    "its fentry form reads the arguments directly",
                    "kretprobe__vfs_unlink__fexit: attached (fexit/vfs_unlink)"]
        if caps.get("kprobes"):
            return KprobeUnlinkAsKprobes.FORMS
        return []


class KprobeUnlinkAsKprobes(KprobeUnlink):
    """the same program with trampolines turned off (BCC2CORE_NO_TRAMPOLINES):
    its kprobe forms, as BCC runs it, CO-RE reads where BCC probe-reads"""
    name = "kprobe_as_kprobes"
    needs = {"bcc2core": ("kprobe",), "bcc": ("kprobe",)}
    env = {"BCC2CORE_NO_TRAMPOLINES": "1"}
    bcc_why = "BCC runs it as kprobe_unlink"
    FORMS = ["kprobe__do_unlinkat: attached (kprobe/do_unlinkat)",
             "kretprobe__do_unlinkat: attached (kretprobe/do_unlinkat)",
             "kprobe__vfs_unlink: attached (kprobe/vfs_unlink)",
             "kretprobe__vfs_unlink: attached (kretprobe/vfs_unlink)"]

    def expected_forms(self, caps):
        return self.FORMS if caps.get("kprobes") else []


class FentryUnlink(_UnlinkWorkload):
    name = "fentry_unlink"
    src = "compat-tests/guest/progs/fentry_unlink.bcc.c"
    needs = {"bcc2core": ("fentry",), "bcc": ("fentry",)}
    derefs_kernel_structs = True   # dentry->d_name.name, name->name (BTF-typed)
    FIELDS = ("removed", "last_dentry", "ok", "last_err", "last_path")

    def expected_view(self, truth):
        return {"rm": {"removed": 3, "last_dentry": "k2", "ok": 3, "last_err": None,
                       "last_path": "<work>/k2"},
                "unlink": {"removed": None, "last_dentry": None, "ok": None,
                           "last_err": -ENOENT, "last_path": "<work>/missing"}}

    def expected_forms(self, caps):
        if caps.get("fentry"):
            return ["kfunc__vfs_unlink: attached (fentry/vfs_unlink)",
                    "kretfunc__do_unlinkat: attached (fexit/do_unlinkat)"]
        return []


class FentryUnlinkAsKprobes(FentryUnlink):
    """the same program in its kprobe forms (BCC2CORE_NO_TRAMPOLINES): the
    KRETFUNC_PROBE reads its arguments, so its kretprobe form comes with a
    kprobe that saves them on entry"""
    name = "fentry_as_kprobes"
    needs = {"bcc2core": ("kprobe",), "bcc": ("fentry",)}
    env = {"BCC2CORE_NO_TRAMPOLINES": "1"}
    bcc_why = "BCC runs it as fentry_unlink"

    def expected_forms(self, caps):
        if caps.get("kprobes"):
            return ["kfunc__vfs_unlink__kprobe: attached (kprobe/vfs_unlink)",
                    "kretfunc__do_unlinkat__kentry: attached (kprobe/do_unlinkat)",
                    "kretfunc__do_unlinkat__kretprobe: attached (kretprobe/do_unlinkat)"]
        return []


# --- compat-tests/guest/progs/syscall_args.bcc.c ---

SYSCALL_ARGS_WORKLOAD = """\
import errno, json, mmap, os, sys
flags = os.O_RDONLY | os.O_DIRECTORY
try:
    os.open("/nonexistent-bcc2core/x", flags)
except OSError:
    pass
fd = os.open("/dev/zero", os.O_RDONLY)
got = len(os.read(fd, 37))
os.pread(fd, 37, 0x123456789)
m = mmap.mmap(fd, 12288, mmap.MAP_PRIVATE, mmap.PROT_READ, offset=8192)
m.close()
try:
    os.kill(4000000, 12)
    kill_ret = 0
except ProcessLookupError:
    kill_ret = -errno.ESRCH
# Python adds O_CLOEXEC to every open
json.dump({"pid": os.getpid(), "flags": flags | os.O_CLOEXEC, "read": got,
           "kill_ret": kill_ret, "fd": fd}, open(sys.argv[1], "w"))
"""


class _PythonWorkload(Program):
    """A workload that is a Python script (self.script), run as the traced
    process itself, writing its ground truth as JSON"""
    script = ""

    def prepare(self, work):
        with open(os.path.join(work, self.name + ".py"), "w") as f:
            f.write(self.script)

    def workload(self, work):
        return (f'exec /usr/bin/python3 {os.path.join(work, self.name + ".py")} '
                f'{os.path.join(work, "truth.json")}')

    def truth(self, work):
        try:
            return json.loads(_read(os.path.join(work, "truth.json")))
        except ValueError:
            return {}


class SyscallArgs(_PythonWorkload):
    """syscall tracepoint arguments (args->filename, ->flags, ->pid, ->sig),
    return values (args->ret) and __syscall_nr, which a context of the wrong
    layout reads from the wrong offsets (under PREEMPT_RT)"""
    name = "syscall_args"
    src = "compat-tests/guest/progs/syscall_args.bcc.c"
    script = SYSCALL_ARGS_WORKLOAD
    ENTERS = ("openat", "kill", "pread64", "mmap")

    def view(self, recs, truth):
        maps = maps_of(recs)
        pid = truth.get("pid")
        return {m: as_dict(maps, m).get(pid) for m in
                ("open_flags", "open_nr", "read_ret", "kill_sig", "kill_nr", "kill_ret",
                 "pread_pos", "mmap_fd", "mmap_len")}

    def expected_view(self, truth):
        # x86_64 syscall numbers: openat 257, kill 62
        return {"open_flags": truth["flags"], "open_nr": 257, "read_ret": truth["read"],
                "kill_sig": 12, "kill_nr": 62, "kill_ret": truth["kill_ret"],
                "pread_pos": 0x123456789, "mmap_fd": truth.get("fd"), "mmap_len": 12288}

    def expected_forms(self, caps):
        # the sys_enter programs as fentry on the syscall's function where
        # trampolines work (the registers, not the record); the exits stay
        # tracepoints (they fire for a call seccomp refused, the function not)
        forms = [f"tracepoint__syscalls__sys_exit_{sc}: attached (tracepoint/syscalls/sys_exit_{sc})"
                 for sc in ("read", "kill")]
        for sc in self.ENTERS:
            p = f"tracepoint__syscalls__sys_enter_{sc}"
            if caps.get("fentry") is True:
                forms.append(f"{p}__fentry: attached (fentry/__x64_sys_{sc})")
            elif caps.get("fentry") is False:
                forms.append(f"{p}: attached (tracepoint/syscalls/sys_enter_{sc})")
        return forms

    def unexpected_forms(self, caps):
        # one form of each program: with the fentry form, not the tracepoint
        p = "tracepoint__syscalls__sys_enter_"
        if caps.get("fentry") is True:
            return [f"{p}{sc}: attached" for sc in self.ENTERS]
        if caps.get("fentry") is False:
            return [f"{p}{sc}__fentry: attached" for sc in self.ENTERS]
        return []   # not known (fentry_unlink's object not run)

    def bcc_known_wrong(self, caps, problems):
        # BCC lays the context out as the tracefs format says (__syscall_nr
        # at 12 under PREEMPT_RT); 6.1 hands the program struct syscall_tp_t,
        # with the number at 8: BCC reads its upper half (0)
        if "-rt-" in caps.get("kernel", "") and \
                all(p.split(":")[0] in ("open_nr", "kill_nr") for p in problems):
            return ("BCC reads __syscall_nr where the tracefs format puts it; under "
                    "PREEMPT_RT the kernel hands syscall_tp_t, with the number elsewhere")
        return None

    def check(self, recs, truth):
        if "pid" not in truth:
            return ["the workload recorded no ground truth"]
        got, want = self.view(recs, truth), self.expected_view(truth)
        return [f"{k}: {got[k]}, truth {want[k]}" for k in want if got[k] != want[k]]


# --- compat-tests/guest/progs/raw_syscalls.bcc.c (e2e/test_tp_record_forms.py) ---

RAW_SYSCALLS_CALLS = 100
RAW_SYSCALLS_WORKLOAD = """\
import json, os, sys, time
for i in range(%d):
    os.getppid()
# a device's interrupts: a block or virtio request per sync
for i in range(3):
    with open(sys.argv[1] + ".sync", "w") as f:
        f.write("x" * 4096)
        f.flush()
        os.fsync(f.fileno())
os.unlink(sys.argv[1] + ".sync")
time.sleep(0.2)   # softirqs run meanwhile
json.dump({"pid": os.getpid(), "ppid": os.getppid()}, open(sys.argv[1], "w"))
""" % RAW_SYSCALLS_CALLS


class RawSyscalls(_PythonWorkload):
    """raw_syscalls:sys_enter's id, sys_exit's id and ret, irq:softirq_entry's
    vec, irq:irq_handler_entry's irq and irq_handler_exit's irq and ret:
    read from the record as a tracepoint, from the tracepoint's arguments
    as the tp_btf form (where the kernel's BTF has it)"""
    name = "raw_syscalls"
    src = "compat-tests/guest/progs/raw_syscalls.bcc.c"
    script = RAW_SYSCALLS_WORKLOAD

    def view(self, recs, truth):
        """what the maps say, relative to the run's own truth (its pid and
        parent, and the calls its driver's shell makes, differ from run to
        run)"""
        maps = maps_of(recs)
        vecs, irqs = as_dict(maps, "softirq_vecs"), as_dict(maps, "irq_exits")
        calls = as_dict(maps, "getppid_calls").get(truth.get("pid")) or {}
        exits = calls.get("exits", 0)
        # its own calls (the loop's and json.dump's), and at most three more
        # of the same process before (a shell's $PPID, the interpreter's
        # start-up)
        own = RAW_SYSCALLS_CALLS + 1
        return {"own_calls_counted": own <= exits <= own + 3,
                "enters_equal_exits": calls.get("enters") == exits,
                "returned_ppid": calls.get("ret_sum") == exits * truth.get("ppid", -1),
                "softirqs_seen": sum(vecs.values()) > 0, "unknown_vectors": vecs.get(10),
                # exits: 0 of the interrupt entered, 1 of another, 2 with
                # no entry seen (attached mid-handler), 3 returned other
                # than IRQ_NONE/HANDLED/WAKE_THREAD
                "handlers_paired": irqs.get(0, 0) > 0, "handlers_mismatched": irqs.get(1),
                "handler_returns_unknown": irqs.get(3)}

    def check(self, recs, truth):
        if "pid" not in truth:
            return ["the workload recorded no ground truth"]
        got = self.view(recs, truth)
        want = {"own_calls_counted": True, "enters_equal_exits": True, "returned_ppid": True,
                "softirqs_seen": True, "unknown_vectors": 0, "handlers_paired": True,
                "handlers_mismatched": 0, "handler_returns_unknown": 0}
        problems = [f"{k}: {got[k]}, truth {want[k]}" for k in want if got[k] != want[k]]
        if problems:
            calls = as_dict(maps_of(recs), "getppid_calls").get(truth["pid"])
            problems.append(f"getppid_calls of pid {truth['pid']}: {calls}, "
                            f"{RAW_SYSCALLS_CALLS + 1} made, parent {truth.get('ppid')}")
        return problems

    def expected_forms(self, caps):
        return ["tracepoint__raw_syscalls__sys_exit: tracepoint__raw_syscalls__sys_exit__tp_btf "
                "(tp_btf/sys_exit)"]


# --- compat-tests/guest/progs/sched_events.bcc.c (e2e/test_tp_record_forms.py) ---

SCHED_EVENTS_WORKLOAD = """\
import json, os, sys, time
with open("/proc/self/comm", "w") as f:
    f.write("b2c_sched")
nice = os.nice(0)
child = os.fork()
if child == 0:
    os.nice(5)
    for i in range(5):
        time.sleep(0.01)
    os.execv("/bin/sleep", ["sleep", "0.05"])
os.waitpid(child, 0)
json.dump({"pid": os.getpid(), "child": child, "prio": 120 + nice,
           "rt": "PREEMPT_RT" in os.uname().version}, open(sys.argv[1], "w"))
"""


class SchedEvents(_PythonWorkload):
    """sched:sched_process_fork's parent_pid and child_pid, _exec's pid and
    old_pid, _exit's, sched_wakeup's and _wakeup_new's pid, prio and comm,
    sched_switch's prev_/next_ pid, prio and comm: read from the record as a
    tracepoint, from the tracepoint's task_struct arguments as the tp_btf
    form (where the kernel's BTF has it)"""
    name = "sched_events"
    src = "compat-tests/guest/progs/sched_events.bcc.c"
    script = SCHED_EVENTS_WORKLOAD

    def view(self, recs, truth):
        """the maps' entries of the workload's child, its pids as what they
        are to the run's own truth (they differ from run to run): fork's
        parent_pid the workload's, exec's old_pid the child's own"""
        maps = maps_of(recs)
        child = truth.get("child")
        other = {"forks": truth.get("pid"), "execs": child}
        own = truth.get("prio", 0) + 5

        def of(name):
            s = as_dict(maps, name).get(child) or {}
            o, prio = s.get("other"), s.get("prio")
            # under PREEMPT_RT its locks are rt_mutexes: a task that holds
            # one another waits for runs at that waiter's priority (a lower
            # number) while it does, so it may wake or switch at a priority
            # above its own (BCC saw 120 for its 125 in a 6.1-rt run): that
            # is the task's effective priority, taken as its own here
            if name in ("woken", "switched_in", "switched_out") and truth.get("rt") and \
                    isinstance(prio, int) and 0 <= prio < own:
                prio = own
            return (s.get("count", 0) > 0, o == other[name] if name in other else o,
                    prio, s.get("comm"))
        return {m: of(m) for m in ("forks", "execs", "exits", "woken_new", "woken",
                                   "switched_out", "switched_in")}

    def expected_view(self, truth):
        # the child starts as its parent (its comm, its priority), lowers its
        # own by 5, then execs sleep(1); the last of each event is sleep's.
        # A wakeup or switch-in may go unrecorded: the kernel skips a
        # program that fires while it (or, for a tracepoint, any program)
        # already runs on that CPU, as another test's may under load. Then
        # the last recorded one is from before the exec, under the
        # workload's name. A field read from the wrong place gives another
        # name (the parent's name, b2c_sched too, only on the switch-in
        # right after the fork, not the child's last)
        prio = truth["prio"]
        last_wake = OneOf(("sleep", "b2c_sched"))
        return {"forks": (True, True, 0, ""),
                "execs": (True, True, 0, ""),
                "exits": (True, 0, prio + 5, "sleep"),
                "woken_new": (True, 0, prio, "b2c_sched"),
                "woken": (True, 0, prio + 5, last_wake),
                "switched_out": (True, 0, prio + 5, "sleep"),
                "switched_in": (True, 0, prio + 5, last_wake)}

    def check(self, recs, truth):
        if "child" not in truth:
            return ["the workload recorded no ground truth"]
        got, want = self.view(recs, truth), self.expected_view(truth)
        return [f"{k}: {got[k]}, truth {want[k]}" for k in want if got[k] != want[k]]

    def expected_forms(self, caps):
        return ["tracepoint__sched__sched_switch: tracepoint__sched__sched_switch__tp_btf "
                "(tp_btf/sched_switch)"]


# --- compat-tests/guest/progs/sock_states.bcc.c (e2e/test_tp_record_forms.py) ---

SOCK_STATES_WORKLOAD = """\
import json, socket, subprocess, sys
# the guest boots with its loopback down
subprocess.run(["ip", "link", "set", "lo", "up"], check=False)
truth, opened = {}, []
# the two ends at different addresses where the loopback has them (an IPv6
# socket's IPv4-mapped ones: its family AF_INET6, its addresses IPv4's)
for name, family, server, client in (
        ("v4", socket.AF_INET, "127.0.0.1", "127.0.0.2"),
        ("v6", socket.AF_INET6, "::1", "::1"),
        ("v6mapped", socket.AF_INET6, "::ffff:127.0.0.1", "::ffff:127.0.0.2")):
    try:
        lsn = socket.socket(family); lsn.bind((server, 0)); lsn.listen(1)
        cli = socket.socket(family); cli.bind((client, 0))
    except OSError as e:
        truth[name] = {"error": str(e)}
        continue
    truth[name] = {"server": lsn.getsockname()[1], "client": cli.getsockname()[1],
                   "server_addr": server, "client_addr": client}
    cli.connect(lsn.getsockname()[:2])
    acc, _ = lsn.accept()
    opened.append((cli, acc, lsn))
# closed at the end: no socket's memory taken by another of the run's
for cli, acc, lsn in opened:
    cli.close(); acc.close(); lsn.close()
json.dump(truth, open(sys.argv[1], "w"))
"""

# TCP states (include/net/tcp_states.h)
TCP_ESTABLISHED, TCP_SYN_SENT, TCP_SYN_RECV, TCP_CLOSE, TCP_LISTEN = 1, 2, 3, 7, 10
KERNEL_HALF = 1 << 63   # x86_64's and arm64's kernel addresses


class OneOf(tuple):
    """a truth that allows each of several values (kernels differ)"""
    def __eq__(self, other):
        return other in tuple(self)

    def __ne__(self, other):
        return not self == other

    __hash__ = tuple.__hash__


def _addr_words(text, words, size):
    """an address's bytes as the program's little-endian words of @size"""
    raw = ipaddress.ip_address(text).packed
    return [int.from_bytes(raw[i:i + size], "little") for i in range(0, words * size, size)]


class SockStates(_PythonWorkload):
    """sock:inet_sock_set_state's skaddr, oldstate, newstate, sport, dport,
    family, protocol and the four addresses of TCP connections over IPv4
    (127.0.0.2 to 127.0.0.1), IPv6 (::1) and IPv4-mapped IPv6: read from the
    record as a tracepoint, from
    the socket the tracepoint is handed as the tp_btf form (where the
    kernel's BTF has it)"""
    name = "sock_states"
    src = "compat-tests/guest/progs/sock_states.bcc.c"
    script = SOCK_STATES_WORKLOAD

    @staticmethod
    def _sockets(truth):
        """(role, family, local port, remote port, local address, remote
        address) of each socket the workload made"""
        out = []
        for name, family, any_ in (("v4", 2, "0.0.0.0"), ("v6", 10, "::"), ("v6mapped", 10, "::")):
            t = truth.get(name) or {}
            if "server" not in t:
                continue
            s, c, sa, ca = t["server"], t["client"], t["server_addr"], t["client_addr"]
            out += [(name + " listener", family, s, 0, sa, any_),
                    (name + " client", family, c, s, ca, sa),
                    (name + " accepted", family, s, c, sa, ca)]
        return out

    def view(self, recs, truth):
        """per socket: its first change, whether it changed to and from
        the states a connection's sockets pass, its protocol and addresses"""
        changes = as_dict(maps_of(recs), "changes")
        out, skaddrs = {}, set()
        for role, family, sport, dport, local, remote in self._sockets(truth):
            key = _hashable({"family": family, "sport": sport, "dport": dport, "pad": 0})
            c = changes.get(key)
            if not c:
                out[role] = None
                continue
            to = c.get("to", 0)
            skaddrs.add(c.get("skaddr"))
            # skaddr: the socket's address in the kernel's half, the same
            # in each of its changes
            v = {"first": (c.get("first_from"), c.get("first_to")), "protocol": c.get("protocol"),
                 "skaddr": (c.get("skaddr", 0) >= KERNEL_HALF, c.get("skaddr_moved")),
                 "to_established": bool(to >> TCP_ESTABLISHED & 1),
                 "to_close": bool(to >> TCP_CLOSE & 1),
                 "saddr_v6": c.get("saddr_v6"), "daddr_v6": c.get("daddr_v6")}
            if family == 2:
                v["saddr"], v["daddr"] = c.get("saddr"), c.get("daddr")
            out[role] = v
        # and each socket's its own
        out["distinct_skaddrs"] = len(skaddrs) == len(out)
        return out

    def expected_view(self, truth):
        out = {}
        for role, family, sport, dport, local, remote in self._sockets(truth):
            if family == 2:
                # an IPv4 socket's addresses, and the same mapped into IPv6
                s6, d6 = "::ffff:" + local, "::ffff:" + remote
            else:
                s6, d6 = local, remote
            # the first change of each. A socket accept()ed is a clone of
            # the listener: 6.18 reports it changing from LISTEN to SYN_RECV
            # with its peer's port; 6.1 before that port is set, so under
            # the listener's key (its skaddr another's there, once)
            kind = role.split()[1]
            first = {"listener": (TCP_CLOSE, TCP_LISTEN), "client": (TCP_CLOSE, TCP_SYN_SENT),
                     "accepted": OneOf(((TCP_LISTEN, TCP_SYN_RECV),
                                        (TCP_SYN_RECV, TCP_ESTABLISHED)))}[kind]
            skaddr = OneOf(((True, 0), (True, 1))) if kind == "listener" else (True, 0)
            v = {"first": first, "protocol": 6, "skaddr": skaddr,
                 "to_established": not role.endswith("listener"),
                 "to_close": True,
                 "saddr_v6": _addr_words(s6, 2, 8), "daddr_v6": _addr_words(d6, 2, 8)}
            if family == 2:
                v["saddr"], v["daddr"] = _addr_words(local, 1, 4)[0], _addr_words(remote, 1, 4)[0]
            out[role] = v
        out["distinct_skaddrs"] = True
        return out

    def check(self, recs, truth):
        missing = [n for n in ("v4", "v6", "v6mapped") if "server" not in (truth.get(n) or {})]
        if missing:
            return [f"the workload made no {n} connection: {truth.get(n)}" for n in missing]
        got, want = self.view(recs, truth), self.expected_view(truth)
        return [f"{k}: {got[k]}, truth {want[k]}" for k in want if got[k] != want[k]]

    def expected_forms(self, caps):
        return ["tracepoint__sock__inet_sock_set_state: "
                "tracepoint__sock__inet_sock_set_state__tp_btf (tp_btf/inet_sock_set_state)"]


PROGRAMS = [ExecsnoopPpid(), UnlinkatCount(), OutputKinds(), KprobeUnlink(),
            KprobeUnlinkAsKprobes(), FentryUnlink(), FentryUnlinkAsKprobes(), SyscallArgs(), RawSyscalls(), SchedEvents(), SockStates()]

# `bcc2core verify` in the guest: fentry/fexit/LSM programs must verify there
VERIFY = {"btf_programs": "compat-tests/golden/btf_programs.bcc.c"}
VERIFY_MUST = ["kfunc__vfs_read", "kretfunc__vfs_write", "lsm__bpf"]
