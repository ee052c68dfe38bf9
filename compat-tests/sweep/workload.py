"""The sweep's generic workload: waits for a line on stdin, then for about
SECS seconds exercises common kernel paths in a loop, and writes what it did
(pids, paths, ports, counts) as JSON to LOG.

    python3 workload.py DIR SECS LOG [LANG]

Its comm is "sweepwl", so tools that print comms name it. With LANG (java,
ruby or php) it first starts a process of that runtime (langs/), whose pid
it writes to DIR/lang.pid once the process is up, for the tools that trace
a runtime's USDT probes by pid; that process makes its burst when the tool
is tracing and ends with the workload. With SWEEP_BUSY=1 in the
environment it also keeps two busy loops per CPU running (runqlen's queue);
with SWEEP_OOM=1 a child of it is OOM-killed in a memory cgroup of its own;
with SWEEP_DROP=1 a SYN of its own is dropped by a netfilter rule; with
SWEEP_DCACHE=1 it creates and removes files of names the dentry cache has
never seen (dcstat's misses); with
SWEEP_RECLAIM=1 (the guest sweep's, 4 GiB of memory or less) a child takes
memory until the OOM killer ends it."""
import ctypes
import gc
import json
import os
import pty
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

d, secs, log = sys.argv[1], float(sys.argv[2]), sys.argv[3]
lang = sys.argv[4] if len(sys.argv) > 4 else None
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl(15, b"sweepwl", 0, 0, 0)           # PR_SET_NAME
marker = os.path.join(d, "sweep-marker-file")
missing = os.path.join(d, "sweep-no-such-file")
data = os.path.join(d, "sweep-data-file")
mnt = os.path.join(d, "sweep-mnt")
with open(marker, "w") as f:
    f.write("marker\n")
os.makedirs(mnt, exist_ok=True)
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(8)
w = {"pid": os.getpid(), "dir": d, "marker": marker, "missing": missing, "data": data, "mnt": mnt,
     "tcp_port": srv.getsockname()[1], "exec_pids": [], "exit_pids": [], "kill_targets": [],
     "fsyncs": 0, "opens": 0, "stats": 0, "threads": 0, "connects": 0, "lookups": 0,
     "sendfds": 0, "shmgets": 0, "gcs": 0, "mount": False, "sync": False, "bash_pid": 0,
     "binds": 0, "unlinks": 0, "tty_writes": 0, "oom_pid": 0, "drop_port": 0,
     "reclaim_pid": 0, "dirtied_buffers": 0,
     "forks": 0}    # processes and threads started once the tool traces


def publish(name, value):
    """@value into DIR/@name whole or not at all: the sweep waits for the
    file, and reads it once it exists"""
    with open(os.path.join(d, name + ".tmp"), "w") as f:
        f.write("%d\n" % value)
    os.rename(os.path.join(d, name + ".tmp"), os.path.join(d, name))


# the listener's port, at once, for the tools that filter on it (tcprtt -p)
publish("tcp.port", w["tcp_port"])
signal.signal(signal.SIGUSR2, lambda *a: None)
# ustat (pythonstat) counts processes whose comm is "python" and that run
# when it starts, over intervals of its own: a child of that name,
# collecting garbage all along (ended with the workload)
GC_CHILD = """import ctypes, gc, time
ctypes.CDLL(None).prctl(15, b"python", 0, 0, 0)
for _ in range(1500):
    gc.collect()
    time.sleep(0.02)
"""
gc_child = subprocess.Popen([sys.executable, "-c", GC_CHILD])
w["gc_pid"] = gc_child.pid
LANGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "langs")
LANG_ARGV = {
    # method and allocation probes fire only with ExtendedDTraceProbes
    "java": ["java", "-XX:+ExtendedDTraceProbes", os.path.join(LANGS, "SweepObj.java")],
    "ruby": ["ruby", os.path.join(LANGS, "sweep_obj.rb")],
    "php": ["php", os.path.join(LANGS, "sweep_obj.php")],
}
lang_ready, lang_go = os.path.join(d, "lang.ready"), os.path.join(d, "lang.go")
lang_child = None
if lang:
    # PHP fires its function probes only with USE_ZEND_DTRACE set
    lang_child = subprocess.Popen(LANG_ARGV[lang] + [lang_ready, lang_go],
                                  env=dict(os.environ, USE_ZEND_DTRACE="1"),
                                  stdout=subprocess.DEVNULL)
    end = time.time() + 60
    while not os.path.exists(lang_ready) and lang_child.poll() is None and time.time() < end:
        time.sleep(0.05)
    w["lang_pid"] = lang_child.pid
    w["lang_calls"] = 100      # the burst: sweep_marker calls, SweepObj objects
    publish("lang.pid", lang_child.pid)
# a BPF map held from before the tool starts (bpflist lists its holders):
# bpf(BPF_MAP_CREATE) of an array of one u32
_attr = ctypes.create_string_buffer(struct.pack("<IIII", 2, 4, 4, 1), 128)
libc.syscall.restype = ctypes.c_long
w["bpf_map_fd"] = libc.syscall(321, 0, _attr, 128)
# a certificate for the TLS connection (sslsniff), made before the tool
# starts (an EC key: quick)
tls_key, tls_crt = os.path.join(d, "tls.key"), os.path.join(d, "tls.crt")
subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", tls_key, "-out", tls_crt,
                "-subj", "/CN=localhost", "-days", "1"], capture_output=True)
sys.stdin.readline()   # the tool is tracing
if lang_child:
    open(lang_go, "w").close()


def bash_readline():
    pid, fd = pty.fork()
    if pid == 0:
        os.execve("/bin/bash", ["bash", "--norc", "-i"], {"TERM": "dumb", "PS1": "$ "})
    w["bash_pid"] = pid
    w["forks"] += 1
    os.write(fd, b"echo sweep-readline-marker\nexit\n")
    end = time.time() + 5
    while time.time() < end:
        try:
            if not os.read(fd, 4096):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    os.close(fd)


def tls():
    """A TLS connection over localhost between openssl s_client and
    s_server (libssl's SSL_write/SSL_read; Python's ssl calls the _ex
    forms, which BCC 0.26's sslsniff does not trace): the client writes
    TLS_MARKER and a newline."""
    if not os.path.exists(tls_crt):
        return
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    srv = subprocess.Popen(["openssl", "s_server", "-accept", "127.0.0.1:%d" % port,
                            "-cert", tls_crt, "-key", tls_key, "-quiet"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    end = time.time() + 5
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port)).close()
            break
        except OSError:
            time.sleep(0.05)
    cli = subprocess.Popen(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port,
                            "-quiet"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    w["forks"] += 2
    cli.stdin.write(TLS_MARKER + b"\n")
    cli.stdin.flush()
    time.sleep(0.5)
    for p in (cli, srv):
        p.kill()
        p.wait()
    w["tls_pid"] = cli.pid


TLS_MARKER = b"sweep-tls-marker"


def disk_of(path):
    """The disk @path is on ("vda") and the names of its interrupts in
    /proc/interrupts (its device's MSI vectors: "virtio1-req.0", ...)."""
    st = os.stat(path)
    dev = os.path.realpath("/sys/dev/block/%d:%d" % (os.major(st.st_dev), os.minor(st.st_dev)))
    if os.path.exists(os.path.join(dev, "partition")):
        dev = os.path.dirname(dev)
    d = os.path.realpath(os.path.join(dev, "device"))
    while d != "/" and not os.path.isdir(os.path.join(d, "msi_irqs")):
        d = os.path.dirname(d)
    irqs = set(os.listdir(os.path.join(d, "msi_irqs"))) if d != "/" else set()
    names = []
    with open("/proc/interrupts") as f:
        for line in f:
            cols = line.split()
            if cols and cols[0].rstrip(":") in irqs:
                names.append(cols[-1])
    return os.path.basename(dev), names


def syn_retransmits():
    """Connections to a listener whose accept queue is full: the kernel
    drops their SYNs, and each client sends its SYN again after a second
    (tcpretrans' SYN_SENT retransmits; the timeout puts them in the Loss
    state). At 1.5 s the listener accepts one, so the next SYN of the others
    (at 3 s) gets through, and they leave Loss (tcpcong's Los_ms)."""
    lsn = socket.socket()
    lsn.bind(("127.0.0.1", 0))
    lsn.listen(0)
    w["retrans_port"] = lsn.getsockname()[1]
    clients = []
    for _ in range(3):
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect(("127.0.0.1", w["retrans_port"]))
        except BlockingIOError:
            pass
        clients.append(c)
    w["retrans_lports"] = [c.getsockname()[1] for c in clients]
    time.sleep(1.5)
    accepted = [lsn.accept()[0]]
    time.sleep(2.0)
    lsn.setblocking(False)
    try:
        while True:
            accepted.append(lsn.accept()[0])
    except BlockingIOError:
        pass
    for c in clients + accepted:
        c.close()
    lsn.close()


def busy_loops():
    """Two busy loops per CPU until the workload ends (SWEEP_BUSY=1)."""
    if os.environ.get("SWEEP_BUSY") != "1":
        return []
    return [subprocess.Popen(["/bin/sh", "-c", "while :; do :; done"])
            for _ in range(2 * os.cpu_count())]


def killed_child(what, code, *args):
    """Python @code in a child the kernel must SIGKILL: its pid as
    w[@what_pid], else why not as w[@what_error]"""
    p = subprocess.Popen([sys.executable, "-c", code, *args], stderr=subprocess.DEVNULL)
    if p.wait() == -signal.SIGKILL:
        w[what + "_pid"] = p.pid
    else:
        w[what + "_error"] = "the child ended with %d, not SIGKILL" % p.returncode


OOM_CHILD = """import os, sys
with open(os.path.join(sys.argv[1], "cgroup.procs"), "w") as f:
    f.write("%d\\n" % os.getpid())
hog = b"o" * (256 << 20)     # written: every page counts against memory.max
"""


def memory_cgroup_root():
    """(where a memory cgroup goes, its limit file): cgroup2 with the memory
    controller, or cgroup v1's memory hierarchy; None when there is neither."""
    with open("/proc/self/mounts") as f:
        mounts = [l.split() for l in f]
    for _dev, where, fstype, opts, *_ in mounts:
        if fstype == "cgroup2":
            with open(os.path.join(where, "cgroup.controllers")) as f:
                if "memory" not in f.read().split():
                    continue
            with open(os.path.join(where, "cgroup.subtree_control"), "w") as f:
                f.write("+memory")
            return where, "memory.max"
    for _dev, where, fstype, opts, *_ in mounts:
        if fstype == "cgroup" and "memory" in opts.split(","):
            return where, "memory.limit_in_bytes"
    return None


def oom_kill():
    """A child OOM-killed in a memory cgroup of its own, limited to 32 MiB
    (SWEEP_OOM=1, oomkill's): the rest of the machine untouched."""
    if os.environ.get("SWEEP_OOM") != "1":
        return
    try:
        root, limit = memory_cgroup_root() or (None, None)
        if not root:
            w["oom_error"] = "no memory cgroup here"
            return
        cg = os.path.join(root, "sweep-oom-%d" % os.getpid())
        os.mkdir(cg)
    except OSError as e:
        w["oom_error"] = str(e)
        return
    try:
        for name, value in ((limit, "32M"), ("memory.swap.max", "0")):
            if os.path.exists(os.path.join(cg, name)):
                with open(os.path.join(cg, name), "w") as f:
                    f.write(value)
        killed_child("oom", OOM_CHILD, cg)
    finally:
        os.rmdir(cg)


RECLAIM_CHILD = """import os
with open("/proc/self/oom_score_adj", "w") as f:
    f.write("1000")          # the OOM killer's first choice, once reclaim fails
keep = []
while True:
    keep.append(b"r" * (64 << 20))
"""


def direct_reclaim():
    """A child that takes memory until the OOM killer ends it: on the way
    the kernel reclaims in its context (drsnoop's direct reclaim; a memory
    cgroup's limit reclaims otherwise). SWEEP_RECLAIM=1, which the guest
    sweep alone sets, and only on a machine of 4 GiB or less."""
    if os.environ.get("SWEEP_RECLAIM") != "1":
        return
    with open("/proc/meminfo") as f:
        kib = int(f.readline().split()[1])
    if kib > 4 << 20:
        w["reclaim_error"] = "not run: %d MiB of memory (the guest has 3 GiB)" % (kib >> 10)
        return
    killed_child("reclaim", RECLAIM_CHILD)


def tcp_drop():
    """A SYN of the workload's own, dropped on its way out by a netfilter
    rule for one free port (SWEEP_DROP=1, tcpdrop's: a drop of a packet
    that still has its socket), the rule gone after."""
    if os.environ.get("SWEEP_DROP") != "1":
        return
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    table = "bcc2core_sweep_%d" % os.getpid()
    rule = ("add table inet {t}\nadd chain inet {t} out {{ type filter hook output "
            "priority 0; }}\nadd rule inet {t} out ip daddr 127.0.0.1 tcp dport {p} drop\n"
            .format(t=table, p=port))
    subprocess.run(["modprobe", "nf_tables"], capture_output=True)   # a module on Debian
    r = subprocess.run(["nft", "-f", "-"], input=rule, text=True, capture_output=True)
    if r.returncode:
        w["drop_error"] = "nft: " + r.stderr.strip()[:200]
        return
    try:
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        time.sleep(0.5)
        c.close()
        w["drop_port"] = port
    finally:
        subprocess.run(["nft", "delete", "table", "inet", table], capture_output=True)


DCACHE_FILES = 2000


def dcache_misses():
    """Files of new names created and removed in a new directory
    (SWEEP_DCACHE=1, dcstat's): each create looks its name up in the dentry
    cache (d_lookup) first, and misses. At least DCACHE_FILES misses, of the
    workload's own."""
    if os.environ.get("SWEEP_DCACHE") != "1":
        return
    sub = os.path.join(d, "sweep-dcache")
    os.mkdir(sub)
    for i in range(DCACHE_FILES):
        p = os.path.join(sub, "n%d" % i)
        os.close(os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        os.unlink(p)
    os.rmdir(sub)
    w["dcache_misses"] = DCACHE_FILES


def tty_write():
    """A line on the terminal the sweep gave the tool (ttysnoop's), when it
    says which (SWEEP_TTY)."""
    tty = os.environ.get("SWEEP_TTY")
    if tty:
        fd = os.open(tty, os.O_WRONLY | os.O_NOCTTY)
        # two buffers: BCC 0.26's ttysnoop reads only ITER_IOVEC writes
        # (6.0+ makes a one-buffer write(2) an ITER_UBUF, which it skips)
        os.writev(fd, [b"sweep-tty-marker\n", b"\n"])
        os.close(fd)
        w["tty_writes"] += 1


def once():
    bash_readline()
    tls()
    tty_write()
    oom_kill()
    tcp_drop()
    dcache_misses()
    direct_reclaim()
    if libc.mount(b"sweep-tmpfs", mnt.encode(), b"tmpfs", 0, None) == 0:
        w["mount"] = True
        libc.umount2(mnt.encode(), 0)
    os.sync()
    w["sync"] = True


def step(i):
    p = subprocess.Popen(["/bin/echo", "sweep-exec-marker"], stdout=subprocess.DEVNULL)
    w["exec_pids"].append(p.pid)
    w["forks"] += 3          # echo, sh and sleep
    p.wait()
    p = subprocess.Popen(["/bin/sh", "-c", "exit 3"])
    w["exit_pids"].append(p.pid)
    p.wait()
    with open(marker) as f:
        f.read()
    w["opens"] += 1
    try:
        open(missing)
    except OSError:
        pass
    # statx, as stat(1) does: Python's os.stat is newfstatat, which
    # statsnoop does not trace (under BCC either)
    libc.statx(-100, marker.encode(), 0, 0xfff, ctypes.create_string_buffer(256))
    w["stats"] += 1
    fd = os.open(data, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, b"x" * 262144)
    # new page-cache pages: each of their buffers (4 a page on a file
    # system of 1 KiB blocks) dirtied once (mark_buffer_dirty)
    w["dirtied_buffers"] += 262144 // os.statvfs(d).f_bsize
    os.fsync(fd)
    w["fsyncs"] += 1
    os.close(fd)
    with open(data, "rb") as f:
        f.read()
    c = socket.create_connection(("127.0.0.1", w["tcp_port"]))
    a, _ = srv.accept()
    c.sendall(b"y" * 100000)
    got = 0
    while got < 100000:
        got += len(a.recv(65536))
    c.close()
    a.close()
    w["connects"] += 1
    # a port bound and listened on after the tool started (bindsnoop, solisten)
    b = socket.socket()
    b.bind(("127.0.0.1", 0))
    b.listen(4)
    b.close()
    w["binds"] += 1
    # a file created and deleted (filelife, filegone)
    life = os.path.join(d, "sweep-life-file")
    with open(life, "w") as f:
        f.write("life\n")
    os.unlink(life)
    w["unlinks"] += 1
    t = subprocess.Popen(["/bin/sleep", "5"])
    os.kill(t.pid, signal.SIGUSR1)
    w["kill_targets"].append(t.pid)
    t.wait()
    os.kill(os.getpid(), signal.SIGUSR2)
    socket.getaddrinfo("localhost", 80)
    w["lookups"] += 1
    th = threading.Thread(target=time.sleep, args=(0.001,))
    th.start()
    w["forks"] += 1
    th.join()
    w["threads"] += 1
    s1, s2 = socket.socketpair(socket.AF_UNIX)
    socket.send_fds(s1, [b"f"], [fd_null])
    msg, fds, _, _ = socket.recv_fds(s2, 16, 1)
    for x in fds:
        os.close(x)
    s1.close()
    s2.close()
    w["sendfds"] += 1
    sid = libc.shmget(0, 4096, 0o1600)       # IPC_PRIVATE, IPC_CREAT|0600
    if sid >= 0:
        libc.shmctl(sid, 0, None)            # IPC_RMID
        w["shmgets"] += 1
    gc.collect()
    w["gcs"] += 1
    for _ in range(5):
        time.sleep(0.01)


def first():
    """At once, for the tools that report one short interval: a malloc of a
    size nothing else asks for, kept (memleak's outstanding allocation,
    cobjnew's block size), and collections of Python's GC (pythongc;
    pythonstat counts the child's)."""
    # a tool may print its first line before its attach calls (memleak)
    time.sleep(0.3)
    kept.append(libc.malloc(MALLOC_SIZE))
    w["malloc_size"] = MALLOC_SIZE
    for _ in range(5):
        gc.collect()
        w["gcs"] += 1
        time.sleep(0.02)


# below glibc's mmap threshold (128 KiB): memleak traces mmap too, and a
# malloc served by mmap would be reported as the mmap's page-rounded size
MALLOC_SIZE = 77777
kept = []
libc.malloc.restype = ctypes.c_void_p
fd_null = os.open("/dev/null", os.O_RDONLY)
w["disk"], w["disk_irqs"] = disk_of(d)
busy = busy_loops()
t0 = time.monotonic()
retrans = threading.Thread(target=syn_retransmits)
retrans.start()
w["forks"] += 1
first()
once()
i = 0
# two steps at least: under TCG the once() part alone can take SECS
while time.monotonic() - t0 < secs or i < 2:
    step(i)
    i += 1
w["steps"] = i
retrans.join()
for b in busy:
    b.kill()
    b.wait()
gc_child.kill()
gc_child.wait()
if lang_child:
    lang_child.kill()
    lang_child.wait()
with open(log, "w") as f:
    json.dump(w, f)
