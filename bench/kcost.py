#!/usr/bin/python3
"""In-kernel cost per event: each bench/kcost/*.bcc.c program loaded twice
at once, compiled by BCC (python3-bpfcc) and as the bcc2core object (the
drop-in `bcc` package), both attached to the same hook while a workload
runs; kernel.bpf_stats_enabled counts each program's runs and run time.

    kcost.py [--runs N] [--only NAME,...] [--json FILE] [--dir DIR] [--scale F]
              [--cache DIR] [--corpus NAME,...|default] [--alone]
              [--chunks K] [--aa bcc|bcc2core] [--e2e]

Per program: ns/event of each side (run time / run count over N runs, N
even, each side loaded first in half of them), their ratio, the run counts
(equal: both saw the same events) and the translated and jited sizes. Then
the geometric mean of the ratios. The median column: each run's workload
in --chunks pieces, the ratio of each piece, their median in each run, the
geometric mean over the runs (a side first in half of them); it does not
follow a single slow program run, as the sum does. --aa KIND loads KIND's
program on both sides: the ratios of an A/A run are the method's noise.
Every program of bench/kcost reads only
tracepoint arguments and helpers: on this host BCC compiles against other
kernel headers and reads kernel structs at wrong offsets, which changes what
its program does. The struct readers, bench/kcost_structs (--dir), are
measured in a guest whose kernel has BCC's headers: bench/kcost_guest.sh.
--scale shrinks the workloads (a TCG guest runs them ~30x slower).
--corpus measures BCC tools of compat-tests/corpus/tools instead (NAME.bcc.c
with the cflags and attach specs of NAME.bcc.args), all on one workload,
CORPUS_WORK; a row per program (tool/program), programs of the same 15-char
kernel name summed; each tool's object is put in the cache first, built with
its attach specs, as `bcc2core port` does at build time. Only in the guest
(their probes are kprobes). --e2e measures the e2e matrix's programs
(compat-tests/guest/e2e_truth.py: ground-truth programs, some reading kernel
structs: in the guest too), a row per program, each on a loop of its
matrix workload's calls.
Needs root and BCC able to compile here (bench/run.sh sets that up)."""
import argparse
import functools
import glob
import json
import math
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BCC2CORE = os.environ.get("BCC2CORE", os.path.join(ROOT, "build", "bin", "bcc2core"))
PYTHON = "/usr/bin/python3"

# what makes each program's events: a Python loop, N times
LOOP = "import os\nfor _ in range(%d):\n    %s\n"
WORK = {
    "percpu_counter": LOOP % (200000, "os.getppid()"),
    "struct_hash": LOOP % (200000, "os.getppid()"),
    "uprobe_count": LOOP % (100000, "os.getppid()"),
    "openat_filter": "import os\nfor i in range(50000):\n"
                     "    os.close(os.open('/dev/null' if i % 2 else '/etc/hostname', 0))\n",
    "write_hist": "import os\nfd = os.open('/dev/null', os.O_WRONLY)\n"
                  "for i in range(200000):\n    os.write(fd, b'x' * (1 + i % 4000))\n",
    "syscall_ids": LOOP % (100000, "os.getppid(); os.getpid()"),
    "pid_filter": LOOP % (100000, "os.getppid(); os.getpid()"),
    # context switches and wakeups: a ping-pong over a pipe pair
    "sched_switch": "import os\nr1, w1 = os.pipe(); r2, w2 = os.pipe()\n"
                    "if os.fork() == 0:\n"
                    "    for _ in range(20000): os.read(r1, 1); os.write(w2, b'x')\n"
                    "    os._exit(0)\n"
                    "for _ in range(20000): os.write(w1, b'x'); os.read(r2, 1)\n"
                    "os.wait()\n",
}
WORK["raw_tp_count"] = WORK["switch_pids"] = WORK["sched_switch"]
# bench/kcost_structs
WORK["task_tgid"] = WORK["parent_chain"] = WORK["task_fields"] = WORK["percpu_counter"]
WORK["switch_prev"] = WORK["sched_switch"]
ATTACH = {"uprobe_count": ["uprobe:c:getppid=on_getppid"]}

# --e2e: the e2e matrix's programs (compat-tests/guest/e2e_truth.py, the
# ones BCC runs as written), each on its matrix workload's calls in a loop.
# Inner repeats are spelled (0,)*K: scaled() shrinks every range()
E2E_TRUTH = os.path.join(ROOT, "compat-tests", "guest")
# unlinkat(2) (os.unlink() alone calls unlink(2)), every 4th a second time:
# the error return
UNLINKS = """import os
d = os.open("/tmp", os.O_RDONLY)
f = "kcost-e2e.%d" % os.getpid()
for i in range(20000):
    os.close(os.open(f, os.O_CREAT | os.O_WRONLY, 0o600, dir_fd=d))
    os.unlink(f, dir_fd=d)
    if i % 4 == 0:
        try:
            os.unlink(f, dir_fd=d)
        except FileNotFoundError:
            pass
"""
FORK_EXEC = """import os
r1, w1 = os.pipe(); r2, w2 = os.pipe()
for i in range(1000):
    pid = os.fork()
    if pid == 0:
        if i % 4 == 0:
            os.execv("/bin/true", ["true"])
        for _ in (0,) * 8:
            os.read(r1, 1); os.write(w2, b"x")
        os._exit(0)
    if i % 4:
        for _ in (0,) * 8:
            os.write(w1, b"x"); os.read(r2, 1)
    os.waitpid(pid, 0)
"""
WORK.update({
    "execsnoop_ppid": FORK_EXEC,
    "sched_events": FORK_EXEC,
    "unlinkat_count": UNLINKS,
    "kprobe_unlink": UNLINKS,
    "fentry_unlink": UNLINKS,
    # half the opens are of a file the program reports (its marker)
    "output_kinds": """import os
f = "/tmp/bcc2core-marker.kcost"
open(f, "w").close()
for i in range(50000):
    os.close(os.open(f if i % 2 else "/dev/null", os.O_RDONLY))
os.unlink(f)
""",
    # the matrix's calls: the marker open once (the later programs look its
    # tgid up; a path missing on the guest's shared root is a lookup on the
    # host, 10-300 M instructions), then an open, a read, a kill, a pread
    # and an mmap each round
    "syscall_args": """import mmap, os
zero = os.open("/dev/zero", os.O_RDONLY)
try:
    os.open("/nonexistent-bcc2core/x", os.O_RDONLY)
except OSError:
    pass
for i in range(20000):
    os.close(os.open("/dev/null", os.O_RDONLY))
    os.read(zero, 37)
    try:
        os.kill(4000000, 12)
    except OSError:
        pass
    os.pread(zero, 37, 0x123456789)
    mmap.mmap(zero, 12288, mmap.MAP_PRIVATE, mmap.PROT_READ, offset=8192).close()
""",
    "raw_syscalls": WORK["percpu_counter"],
    # a listener's two state changes a round, and a connection over the
    # loopback every 8th
    "sock_states": """import socket
for i in range(8000):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
    if i % 8 == 0:
        c = socket.create_connection(s.getsockname()); a, _ = s.accept()
        c.close(); a.close()
    s.close()
""",
})


@functools.lru_cache(maxsize=None)
def e2e_programs():
    """{name: path} of the e2e matrix's programs that BCC runs as written
    (not fentry_as_kprobes: fentry_unlink's object run another way), and
    their syscall__ functions' attach calls in ATTACH, as a tool makes them;
    once a process."""
    sys.path.insert(0, E2E_TRUTH)
    import e2e_truth
    import re
    got = {}
    for p in e2e_truth.PROGRAMS:
        if p.bcc_why or p.env:
            continue
        got[p.name] = p.path
        with open(p.path) as f:
            ATTACH[p.name] = ["ksyscall:%s=syscall__%s" % (n, n)
                              for n in re.findall(r"\bint syscall__(\w+)\(", f.read())]
    return got

CORPUS = os.path.join(ROOT, "compat-tests", "corpus", "tools")
# one workload for every corpus tool: what makes their common events
# happen, N rounds of: a fork and exit, every 8th round with an exec of
# /bin/true; files created, written, read, stat'ed (stat, statx and
# newfstatat), renamed and unlinked in a tmpfs directory; a listener bound
# on 127.0.0.1, a TCP connect, accept, a send each way and the closes; a
# kill(2) with signal 0; a shared memory segment got, attached, detached,
# removed; a pipe ping-pong with the child (context switches, wakeups)
CORPUS_WORK = r"""
import ctypes, os, socket, tempfile
libc = ctypes.CDLL(None, use_errno=True)
buf = ctypes.create_string_buffer(512)
d = tempfile.mkdtemp(prefix="kcost.", dir="/tmp")
r1, w1 = os.pipe(); r2, w2 = os.pipe()
for i in range(2000):
    pid = os.fork()
    if pid == 0:
        if i % 8 == 0:
            os.execv("/bin/true", ["true"])
        for _ in range(8):
            os.read(r1, 1); os.write(w2, b"x")
        os._exit(0)
    if i % 8:
        for _ in range(8):
            os.write(w1, b"x"); os.read(r2, 1)
    f = os.path.join(d, "f%d" % i).encode()
    fd = os.open(f, os.O_CREAT | os.O_RDWR, 0o600)
    os.write(fd, b"y" * 4096)
    os.lseek(fd, 0, 0)
    os.read(fd, 4096)
    os.close(fd)
    libc.syscall(4, f, buf)                      # stat(2)
    libc.syscall(332, -100, f, 0, 0x7ff, buf)    # statx(2)
    os.stat(f)                                   # newfstatat(2)
    os.rename(f, f + b".r")
    os.unlink(f + b".r")
    ls = socket.socket(); ls.bind(("127.0.0.1", 0)); ls.listen(1)
    c = socket.create_connection(ls.getsockname())
    s, _ = ls.accept()
    c.sendall(b"p" * 100); s.recv(100); s.sendall(b"q" * 100); c.recv(100)
    c.close(); s.close(); ls.close()
    os.kill(os.getpid(), 0)
    shm = libc.shmget(0, 4096, 0o1600)
    libc.shmat.restype = ctypes.c_void_p
    a = libc.shmat(shm, None, 0)
    libc.shmdt(ctypes.c_void_p(a)); libc.shmctl(shm, 0, None)
    os.waitpid(pid, 0)
os.rmdir(d)
"""
# the corpus tools whose probes fire under CORPUS_WORK in the 6.1 guest
CORPUS_DEFAULT = ("execsnoop,exitsnoop,killsnoop,statsnoop,tcpconnect,tcpaccept,tcplife,"
                  "tcpstates,runqlat,wakeuptime,filelife,filegone,filetop,syscount,solisten,"
                  "bindsnoop,shmsnoop,runqslower,tcpconnlat,tcptracer")
# targets the tools' Python side finds at run time (bcc2core_unresolved in
# the .bcc.args): the regex their attach_kprobe(event_re=) gives
UNRESOLVED = r"re:^finish_task_switch$|^finish_task_switch\.isra\.\d$"


def corpus_args(name):
    """[cflags and attach specs] of corpus tool @name, from its .bcc.args."""
    out = []
    path = os.path.join(CORPUS, name + ".bcc.args")
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            words = line.split()
            if len(words) == 2 and words[0] == "--attach":
                where, _, prog = words[1].rpartition("=")
                out.append(where.replace("bcc2core_unresolved", UNRESOLVED) + "=" + prog)
            elif len(words) == 2 and words[0] == "-D":
                out.append("-D" + words[1])
            elif words:
                raise RuntimeError("%s: cannot take %s" % (path, line.strip()))
    return out


def fill_cache(cache, prog, specs):
    """The object of program @prog in the drop-in package's cache @cache,
    built with its cflags and attach specs, as `bcc2core port` leaves it at
    build time (a miss at BPF() would build before the tool's attach calls
    are known: bare programs, without their fentry forms)."""
    args = []
    for s in specs:
        if s.startswith("-D"):
            args += ["-D", s[2:]]
        elif ":re:" not in s:
            args += ["--attach", s]
    env = dict(os.environ, BCC2CORE_CACHE_DIR=cache)
    subprocess.run([BCC2CORE, "cache", "add", *args, prog], env=env, check=True,
                   capture_output=True, text=True)


def python_path():
    return subprocess.run([BCC2CORE, "python-path"], capture_output=True, text=True,
                          check=True).stdout.strip()


SCALE = 1.0


def scaled(work, factor=None):
    """@work with its loop counts times @factor (--scale by default)."""
    import re
    factor = SCALE if factor is None else factor
    return re.sub(r"range\((\d+)\)", lambda m: "range(%d)" % max(1, int(int(m.group(1)) *
                                                                       factor)), work)


# --chunks: the workload runs as K pieces (its loop counts / K), each
# program's run time and count read between them from the holders'
# fdinfo. Under TCG one host preemption inside one program run adds
# milliseconds to that side's sum (a whole run of 100 events is ~1-2 ms),
# so a sum over a run moves by +-0.4 between two copies of the same code;
# the median of the per-piece ratios does not follow one such outlier
CHUNKS = 1
# the piece runner: runs the workload (argv[2]) argv[1] times, a line out
# after each piece, then waits for a line in before the next
CHUNK_DRIVER = """import sys
for k in range(int(sys.argv[1])):
    if k:
        sys.stdin.readline()
    exec(compile(sys.argv[2], "<workload>", "exec"), {"__name__": "__workload__"})
    print(k, flush=True)
"""


def prog_fdinfo(pid="self"):
    """{prog id: its fdinfo fields} of the BPF programs process @pid holds
    (its fds)."""
    got = {}
    try:
        fds = os.listdir("/proc/%s/fd" % pid)
    except OSError:
        return got
    for fd in fds:
        try:
            if os.readlink("/proc/%s/fd/%s" % (pid, fd)) != "anon_inode:bpf-prog":
                continue
            with open("/proc/%s/fdinfo/%s" % (pid, fd)) as f:
                info = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue
        if "prog_id" in info:
            got[int(info["prog_id"])] = info
    return got


def bpf_prog_ids(pid="self"):
    """The ids of the BPF programs process @pid holds, for kcost_side.py
    (itself) and kcost_libbpf_tools.py (a tool it started)."""
    return set(prog_fdinfo(pid))


def fd_stats(pids):
    """{prog id: (run_time_ns, run_cnt)} of the programs processes @pids
    hold, from their fdinfo (cheap enough to read between workload pieces,
    where a bpftool run is not)."""
    return {i: (int(info.get("run_time_ns", 0)), int(info.get("run_cnt", 0)))
            for pid in pids for i, info in prog_fdinfo(pid).items()}


def start_side(kind, prog, cache):
    kind = AA or kind
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("PYTHONPATH", None)
    if kind == "bcc2core":
        env.update(PYTHONPATH=python_path(), BCC2CORE_CACHE_DIR=cache, BCC2CORE=BCC2CORE)
    name = os.path.basename(prog)[:-len(".bcc.c")]
    p = subprocess.Popen([PYTHON, os.path.join(HERE, "kcost_side.py"), prog,
                          *ATTACH.get(name, [])], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    # a tool's text may print (BCC's warnings, a bpf_trace_printk): the ids
    # are the line that is a JSON list
    for line in p.stdout:
        if line.startswith("["):
            return p, json.loads(line)
    p.kill()
    p.wait()
    raise RuntimeError("%s side of %s did not start: %s" % (kind, name,
                                                            p.stderr.read()[-600:]))


def stop_side(p):
    p.stdin.close()
    try:
        p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def prog_stats(ids):
    """{id: (run_time_ns, run_cnt, bytes_xlated, bytes_jited, name, type)} from
    bpftool."""
    out = subprocess.run(["bpftool", "prog", "show", "--json"], capture_output=True,
                         text=True, check=True).stdout
    got = {}
    for p in json.loads(out):
        if p["id"] in ids:
            got[p["id"]] = (p.get("run_time_ns", 0), p.get("run_cnt", 0),
                            p.get("bytes_xlated", 0), p.get("bytes_jited", 0),
                            p.get("name", "?"), p.get("type", "?"))
    return got


# BCC 0.26 registers its uprobes with a stray reference-counter offset (6),
# and the kernel then refuses a second uprobe on the same address that has
# none (dmesg: "ref_ctr_offset mismatch"): these run one side at a time,
# each on its own run of the same workload
ONE_AT_A_TIME = {"uprobe_count"}
# --alone: every program so. Where the two sides hook one function by
# different mechanisms (BCC's kprobe, bcc2core's fentry trampoline), the
# order they run in at each event may be the mechanisms' and not the attach
# order, and then alternating the attach order would not cancel who meets
# the colder caches; alone, neither side runs beside the other
ALONE = False


# --aa KIND: both sides load KIND's program (an A/A run): the ratios then
# show the method's own noise on two copies of the same code
AA = None


def measure(prog, kinds, cache):
    """Starts @kinds at once, runs the workload in CHUNKS pieces: ids,
    bpftool's view of the programs (names, sizes) after, and the (ns, runs)
    of each program at the start and after each piece."""
    name = os.path.basename(prog)[:-len(".bcc.c")]
    sides = {}
    try:
        for kind in kinds:
            sides[kind] = start_side(kind, prog, cache)
        ids = {k: set(v[1]) for k, v in sides.items()}
        every = set().union(*ids.values())
        pids = [p.pid for p, _ in sides.values()]
        snaps = [fd_stats(pids)]
        work = scaled(WORK.get(name, CORPUS_WORK), SCALE / CHUNKS)
        drv = subprocess.Popen([PYTHON, "-c", CHUNK_DRIVER, str(CHUNKS), work],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for k in range(CHUNKS):
            if not drv.stdout.readline():
                break
            snaps.append(fd_stats(pids))
            if k + 1 < CHUNKS:
                drv.stdin.write("\n")
                drv.stdin.flush()
        drv.stdin.close()
        if drv.wait() != 0 or len(snaps) != CHUNKS + 1:
            raise subprocess.CalledProcessError(drv.returncode, "the workload")
        after = prog_stats(every)
    finally:
        for p, _ in sides.values():
            stop_side(p)
    return ids, after, snaps


def same_name(name):
    """@name as both sides call one program: bpftool shows BCC's
    RAW_TRACEPOINT_PROBE(EV) as EV, and bcc2core's as
    raw_tracepoint__EV__tp_btf (its BTF-typed form), __tp (a syscall
    probe's tracepoint form) or __fentry/__fexit (a kprobe's trampoline
    form)."""
    if name.startswith("raw_tracepoint__"):
        name = name[len("raw_tracepoint__"):]
    for suffix in ("__tp_btf", "__tp", "__fentry", "__fexit"):
        if name.endswith(suffix):
            name = name[:-len(suffix)]
    return name


# BCC loads a function named kprobe__FN (and so on) as the program FN;
# bpftool gives the function's whole name (from BTF) only for a name cut
# at 15 characters: solisten's kprobe__inet_listen is BCC's inet_listen
BCC_DROPS = ("kprobe__", "kretprobe__", "tracepoint__", "kfunc__", "kretfunc__")


def match_key(name):
    """same_name(@name) without a prefix BCC drops: the key both sides'
    names of one program meet at."""
    name = same_name(name)
    for prefix in BCC_DROPS:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def one_run(prog, order, cache):
    """{side: {program name: {ns, runs, xlated, jited}}} of one run; programs
    of the same (15-char) kernel name summed."""
    name = os.path.basename(prog)[:-len(".bcc.c")]
    if ALONE or name in ONE_AT_A_TIME:
        ids, after, snaps = {}, {}, [{} for _ in range(CHUNKS + 1)]
        for kind in order:
            i, a, sn = measure(prog, (kind,), cache)
            ids.update(i)
            after.update(a)
            for mine, theirs in zip(snaps, sn):
                mine.update(theirs)
    else:
        ids, after, snaps = measure(prog, order, cache)
    res = {}
    for kind in ("bcc", "bcc2core"):
        res[kind] = {}
        for i in ids[kind]:
            if i not in after:
                continue
            x = res[kind].setdefault(match_key(after[i][4]), {
                "xlated": 0, "jited": 0, "type": after[i][5], "name": same_name(after[i][4]),
                "chunks": [[0, 0] for _ in range(CHUNKS)]})
            x["xlated"] += after[i][2] // 8
            x["jited"] += after[i][3]
            for c in range(CHUNKS):
                a, b = snaps[c].get(i, (0, 0)), snaps[c + 1].get(i, (0, 0))
                x["chunks"][c][0] += b[0] - a[0]
                x["chunks"][c][1] += b[1] - a[1]
        # a run's totals: its pieces summed
        for x in res[kind].values():
            x["ns"] = sum(c[0] for c in x["chunks"])
            x["runs"] = sum(c[1] for c in x["chunks"])
    return res


def chunk_ratios(bcc, ours):
    """bcc2core/BCC ns per event of each workload piece both sides ran in
    (@bcc, @ours: one run's [ns, runs] per piece)."""
    return [(o[0] / o[1]) / (b[0] / b[1]) for b, o in zip(bcc, ours)
            if b[1] and o[1] and b[0] and o[0]]


def geomean(xs):
    return math.exp(sum(math.log(r) for r in xs) / len(xs)) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=6)
    ap.add_argument("--only", help="comma-separated program names")
    ap.add_argument("--json", help="write the figures here too")
    ap.add_argument("--dir", default=os.path.join(HERE, "kcost"),
                    help="the programs' directory (default bench/kcost)")
    ap.add_argument("--corpus", help="comma-separated corpus tools, or 'default' (%s)"
                    % CORPUS_DEFAULT)
    ap.add_argument("--e2e", action="store_true",
                    help="the e2e matrix's programs (compat-tests/guest/e2e_truth.py) instead")
    ap.add_argument("--scale", type=float, default=1.0, help="workload size factor")
    ap.add_argument("--alone", action="store_true",
                    help="one side at a time, each on its own run of the workload")
    ap.add_argument("--chunks", type=int, default=8,
                    help="workload pieces a run is split into (the median column)")
    ap.add_argument("--aa", choices=("bcc", "bcc2core"),
                    help="an A/A run: both sides load this side's program")
    ap.add_argument("--cache", default=os.path.join("/var/tmp", "bcc2core-kcost-cache"),
                    help="the drop-in package's object cache")
    a = ap.parse_args()
    global SCALE, ALONE, CHUNKS, AA
    SCALE = a.scale
    ALONE = a.alone
    CHUNKS = max(1, a.chunks)
    AA = a.aa
    a.runs += a.runs % 2    # each side first equally often
    if a.corpus:
        names = (CORPUS_DEFAULT if a.corpus == "default" else a.corpus).split(",")
        progs = [os.path.join(CORPUS, n + ".bcc.c") for n in names]
        for n in names:
            ATTACH[n] = corpus_args(n)
    elif a.e2e:
        progs = sorted(e2e_programs().values())
    else:
        progs = sorted(glob.glob(os.path.join(a.dir, "*.bcc.c")))
    if a.only:
        progs = [p for p in progs if os.path.basename(p)[:-6] in a.only.split(",")]
    if a.corpus or a.e2e:
        # the guest boots with its loopback down: the corpus' TCP connects
        # and sock_states' sockets need it
        subprocess.run(["ip", "link", "set", "lo", "up"], check=False)
    with open("/proc/sys/kernel/bpf_stats_enabled") as f:
        stats_was = f.read().strip()
    cache = a.cache
    os.makedirs(cache, mode=0o700, exist_ok=True)
    rows, ratios, medians, failed = [], [], [], []
    tool_ratios = {}
    # a row per program of each file (tool/program)
    multi = bool(a.corpus or a.e2e)
    width = 34 if multi else 16
    try:
        with open("/proc/sys/kernel/bpf_stats_enabled", "w") as f:
            f.write("1")
        if AA:
            print("A/A run: both sides load %s's program" % AA)
        print("%-*s %10s %10s %7s %7s %10s %10s %9s %9s" % (
            width, "program", "BCC ns/ev", "b2c ns/ev", "ratio", "median", "BCC runs",
            "b2c runs", "insns b/o", "jited b/o"))
        for prog in progs:
            tool = os.path.basename(prog)[:-len(".bcc.c")]
            per = []
            try:
                # built now, by this bcc2core: the cache is keyed by the
                # text and cflags alone, and an object an older build left
                # there would be measured instead
                fill_cache(cache, prog, ATTACH.get(tool, []))
                for r in range(a.runs):
                    order = ("bcc", "bcc2core") if r % 2 == 0 else ("bcc2core", "bcc")
                    per.append(one_run(prog, order, cache))
            except (RuntimeError, subprocess.CalledProcessError) as e:
                if not a.corpus:
                    raise
                failed.append(tool)
                print("%-*s not measured: %s" % (width, tool, " ".join(str(e).split())[-600:]),
                      flush=True)
                continue
            pnames = sorted(set().union(*(set(x["bcc"]) | set(x["bcc2core"]) for x in per)))
            tsum = {"bcc": [0, 0], "bcc2core": [0, 0]}
            for pn in pnames:
                # the longer of the two sides' names (BCC's may lack a prefix)
                shown = max((x[k][pn]["name"] for x in per for k in x if pn in x[k]), key=len)
                label = tool if len(pnames) == 1 and not multi else tool + "/" + shown
                got = {k: [x[k].get(pn, {"ns": 0, "runs": 0, "xlated": 0, "jited": 0})
                           for x in per] for k in ("bcc", "bcc2core")}
                # over all runs, as many with each side first: the program
                # attached first runs first at each event and meets the colder
                # caches (two copies of the same code differ by up to 1.4x)
                nb = sum(g["ns"] for g in got["bcc"])
                no = sum(g["ns"] for g in got["bcc2core"])
                cb = sum(g["runs"] for g in got["bcc"])
                co = sum(g["runs"] for g in got["bcc2core"])
                bcc_ns = nb / max(cb, 1)
                ours_ns = no / max(co, 1)
                ratio = ours_ns / bcc_ns if bcc_ns else float("nan")
                # the median of each run's pieces, then the geometric mean
                # over the runs: each side first in half of them, and the
                # side that runs first at each event is slower or faster
                # by the same factor in all the pieces of a run
                run_medians = []
                for gb, go in zip(got["bcc"], got["bcc2core"]):
                    pr = chunk_ratios(gb.get("chunks", []), go.get("chunks", []))
                    if pr:
                        run_medians.append(statistics.median(pr))
                median = geomean(run_medians) if len(run_medians) == len(per) else float("nan")
                runs_b = [g["runs"] for g in got["bcc"]]
                runs_o = [g["runs"] for g in got["bcc2core"]]
                same = all(abs(b - o) <= max(2, b // 100) for b, o in zip(runs_b, runs_o))
                fired = cb > 0 and co > 0
                lb, lo = got["bcc"][-1], got["bcc2core"][-1]
                rows.append({"program": label, "bcc_ns": bcc_ns, "bcc2core_ns": ours_ns,
                             "ratio": ratio, "median": median, "run_medians": run_medians,
                             "bcc_runs": runs_b, "bcc2core_runs": runs_o,
                             "runs_match": same, "counted": same and fired,
                             "bcc_xlated": lb["xlated"], "bcc2core_xlated": lo["xlated"],
                             "bcc_jited": lb["jited"], "bcc2core_jited": lo["jited"],
                             "bcc_type": lb.get("type", "?"),
                             "bcc2core_type": lo.get("type", "?")})
                note = ""
                if not fired:
                    note = "  no events: not counted"
                elif not same:
                    note = "  RUN COUNTS DIFFER: not counted"
                elif lb.get("type") != lo.get("type"):
                    # bpf_stats' windows differ by mechanism: see kcost_full.py
                    note = "  %s/%s" % (lb.get("type"), lo.get("type"))
                if same and fired and ratio == ratio:
                    ratios.append(ratio)
                    if median == median:
                        medians.append(median)
                    tsum["bcc"][0] += nb
                    tsum["bcc"][1] += cb
                    tsum["bcc2core"][0] += no
                    tsum["bcc2core"][1] += co
                print("%-*s %10.1f %10.1f %6.2fx %6.2fx %10d %10d %4d/%-4d %4d/%-4d%s" % (
                    width, label, bcc_ns, ours_ns, ratio, median, statistics.median(runs_b),
                    statistics.median(runs_o), lb["xlated"], lo["xlated"],
                    lb["jited"], lo["jited"], note), flush=True)
            if tsum["bcc"][1] and tsum["bcc2core"][1]:
                tool_ratios[tool] = (tsum["bcc2core"][0] / tsum["bcc2core"][1]) / \
                    (tsum["bcc"][0] / tsum["bcc"][1])
    finally:
        with open("/proc/sys/kernel/bpf_stats_enabled", "w") as f:
            f.write(stats_was)
    geo = geomean(ratios)
    worst = max(ratios) if ratios else float("nan")
    print("geomean bcc2core/BCC ns per event: %.2fx over %d programs (goal <= 0.80x); "
          "highest %.2fx (goal <= 1.00x)" % (geo, len(ratios), worst))
    mgeo = geomean(medians)
    mworst = max(medians) if medians else float("nan")
    print("median of %d pieces a run, bcc2core/BCC ns per event: %.2fx geomean over %d "
          "programs; highest %.2fx" % (CHUNKS, mgeo, len(medians), mworst))
    if multi:
        tr = list(tool_ratios.values())
        print("per tool (its counted programs' run time / runs summed): %.2fx geomean over "
              "%d tools, highest %.2fx (%s)%s" % (
                  geomean(tr), len(tr), max(tr) if tr else float("nan"),
                  max(tool_ratios, key=tool_ratios.get) if tr else "-",
                  "; not measured: " + ",".join(failed) if failed else ""))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"rows": rows, "geomean": geo, "highest": worst, "chunks": CHUNKS,
                       "median_geomean": mgeo, "median_highest": mworst,
                       "tools": tool_ratios, "failed": failed}, f, indent=1)
    if not ratios:
        sys.exit("kcost.py: no program measured")


if __name__ == "__main__":
    main()
