#!/usr/bin/python3
"""test_tool.py NAME: the Debian BCC tool NAME-bpfcc, unmodified, under
bcc2core's drop-in `bcc` package (object from `bcc2core port`), against a
workload whose ground truth this test knows: the pids, parent pids,
arguments, paths, exit codes, signals, syscall counts and connections the
tool must print."""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

from dropin import Running, env, fail, port, skip

WAIT = "import sys; sys.stdin.readline()"   # a workload that starts on a line of input


def start(tool, args, tmp, e):
    """Ports the tool with exactly these arguments (its text depends on
    them), then runs it under the drop-in package."""
    port(tool, args, e["BCC2CORE_CACHE_DIR"], tmp)
    return Running(tool, args, e)


def gated(code):
    """A Python process that waits for a line on stdin, then runs @code."""
    return subprocess.Popen(["/usr/bin/python3", "-c", WAIT + "\n" + code],
                            stdin=subprocess.PIPE, text=True)


def go(p):
    p.stdin.write("\n")
    p.stdin.close()
    p.wait(timeout=60)


def execsnoop(tmp, e):
    r = start("execsnoop-bpfcc", [], tmp, e)
    if not r.wait_for(lambda l: l.startswith("PCOMM")):
        fail("no header\n" + r.show())
    # execsnoop prints its header before it opens its perf buffer (as under
    # BCC, an exec in between is not printed): on a loaded machine, exec again
    pids = []
    for _ in range(3):
        w = subprocess.Popen(["/bin/sh", "-c",
                              "exec /bin/echo bcc2core-dropin-arg > /dev/null"])
        w.wait()
        pids.append(w.pid)
        time.sleep(0.5)
        want = re.compile(r"^echo\s+(%s)\s+%d\s+0\s+/bin/echo bcc2core-dropin-arg$" %
                          ("|".join(map(str, pids)), os.getpid()))
        if any(want.match(l) for l in r.lines):
            break
    r.stop()
    if not any(want.match(l) for l in r.lines):
        fail(f"no line 'echo PID {os.getpid()} 0 /bin/echo bcc2core-dropin-arg' for any of "
             f"the execs {pids}\n" + r.show())


def opensnoop(tmp, e):
    marker = os.path.join(tmp, "opensnoop-marker")
    open(marker, "w").close()
    r = start("opensnoop-bpfcc", [], tmp, e)
    if not r.wait_for(lambda l: l.startswith("PID")):
        fail("no header\n" + r.show())
    w = subprocess.Popen(["/bin/cat", marker], stdout=subprocess.DEVNULL)
    w.wait()
    missing = os.path.join(tmp, "no-such-file")
    w2 = subprocess.Popen(["/bin/cat", missing], stderr=subprocess.DEVNULL)
    w2.wait()
    time.sleep(0.5)
    r.stop()
    ok = re.compile(r"^%d\s+cat\s+(\d+)\s+0\s+%s$" % (w.pid, re.escape(marker)))
    bad = re.compile(r"^%d\s+cat\s+-1\s+2\s+%s$" % (w2.pid, re.escape(missing)))
    if not any(ok.match(l) for l in r.lines) or not any(bad.match(l) for l in r.lines):
        fail(f"want '{w.pid} cat FD 0 {marker}' and '{w2.pid} cat -1 2 {missing}'\n" +
             r.show())


def exitsnoop(tmp, e):
    r = start("exitsnoop-bpfcc", [], tmp, e)
    if not r.wait_for(lambda l: l.startswith("PCOMM")):
        fail("no header\n" + r.show())
    w = subprocess.Popen(["/bin/sh", "-c", "exit 3"])
    w.wait()
    time.sleep(0.5)
    r.stop()
    want = re.compile(r"^sh\s+%d\s+%d\s+%d\s+[\d.]+\s+code 3$" % (w.pid, os.getpid(), w.pid))
    if not any(want.match(l) for l in r.lines):
        fail(f"no line 'sh {w.pid} {os.getpid()} {w.pid} AGE code 3'\n" + r.show())


def killsnoop(tmp, e):
    r = start("killsnoop-bpfcc", [], tmp, e)
    if not r.wait_for(lambda l: l.startswith("TIME")):
        fail("no header\n" + r.show())
    target = subprocess.Popen(["/bin/sleep", "30"])
    k = subprocess.Popen(["/bin/kill", "-USR1", str(target.pid)])
    k.wait()
    target.wait()
    time.sleep(0.5)
    r.stop()
    want = re.compile(r"^[\d:]+\s+%d\s+kill\s+10\s+%d\s+0$" % (k.pid, target.pid))
    if not any(want.match(l) for l in r.lines):
        fail(f"no line 'TIME {k.pid} kill 10 {target.pid} 0'\n" + r.show())


def statsnoop(tmp, e):
    """Ported, and a cache miss (built at BPF(), again at attach calls).
    Its first attach, attach_kprobe(__x64_sys_stat), names no system call
    of x86-64 (stat is sys_newstat there, no sys_enter_stat): on a kernel
    with kprobes BCC attaches it and it never runs, and so it must be taken
    here, both ways, where kprobes are absent. Its program's syscall
    tracepoint form then goes on to statfs, newstat, ... with no rebuild."""
    marker = os.path.join(tmp, "statsnoop-marker")
    open(marker, "w").close()
    for ported in (True, False):
        if ported:
            r = start("statsnoop-bpfcc", [], tmp, e)
        else:
            r = Running("statsnoop-bpfcc", [],
                        dict(e, BCC2CORE_CACHE_DIR=os.path.join(tmp, "empty-cache")))
        how = "ported" if ported else "a cache miss"
        if not r.wait_for(lambda l: l.startswith("PID"), timeout=120):
            fail(f"no header ({how})\n" + r.show())
        w = subprocess.Popen(["/usr/bin/stat", marker], stdout=subprocess.DEVNULL)
        w.wait()
        time.sleep(0.5)
        r.stop()
        want = re.compile(r"^%d\s+stat\s+0\s+0\s+%s$" % (w.pid, re.escape(marker)))
        if not any(want.match(l) for l in r.lines):
            fail(f"no line '{w.pid} stat 0 0 {marker}' ({how})\n" + r.show())
        # a miss builds once, then again for each program's first syscall
        # (kprobe -> ksyscall: stat_entry, trace_return, statx_entry); each
        # goes on to its other syscalls as it is (it was 6 builds, 0.6 s each)
        builds = sum("converted and compiled" in l for l in r.err)
        if not ported and builds != 4:
            fail(f"a cache miss built {builds} times, want 4\n" + r.show())


def syscount(tmp, e):
    w = gated("import os\nfor _ in range(1234): os.getppid()")
    r = start("syscount-bpfcc", ["-p", str(w.pid)], tmp, e)
    if not r.wait_for(lambda l: l.startswith("Tracing")):
        fail("no start line\n" + r.show())
    go(w)
    time.sleep(0.5)
    r.stop()
    want = re.compile(r"^getppid\s+1234$")
    if not any(want.match(l) for l in r.lines):
        fail("no line 'getppid 1234'\n" + r.show())


def hist_total(lines):
    total = 0
    for l in lines:
        m = re.match(r"^\s+\d+ -> \d+\s+: (\d+)\s+\|", l)
        if m:
            total += int(m.group(1))
    return total


def runqlat(tmp, e):
    # the times it was preempted (queued again without a wakeup) count too:
    # many on a loaded machine (ctest -j)
    counts = os.path.join(tmp, "ctxt")
    w = gated("import time, shutil\nfor _ in range(200): time.sleep(0.002)\n"
              f"shutil.copy('/proc/self/status', {counts!r})")
    r = start("runqlat-bpfcc", ["-p", str(w.pid)], tmp, e)
    if not r.wait_for(lambda l: l.startswith("Tracing")):
        fail("no start line\n" + r.show())
    go(w)
    time.sleep(0.5)
    r.stop()
    if "     usecs               : count     distribution" not in r.lines:
        fail("no histogram header\n" + r.show())
    # one wakeup per sleep, plus the few of start and exit, plus one per
    # preemption
    with open(counts) as f:
        preempted = int(re.search(r"^nonvoluntary_ctxt_switches:\s+(\d+)$", f.read(), re.M)[1])
    total = hist_total(r.lines)
    if not 200 <= total <= 260 + preempted:
        fail(f"{total} run queue latencies for 200 wakeups and {preempted} preemptions\n" +
             r.show())


def softirqs(tmp, e):
    r = start("softirqs-bpfcc", ["1", "1"], tmp, e)
    r.finish()
    m = [l for l in r.lines if re.match(r"^timer\s+\d+$", l.strip())]
    if not any(l.startswith("SOFTIRQ") for l in r.lines) or not m or int(m[0].split()[-1]) <= 0:
        fail("no 'timer N' line with N > 0 (timer softirqs run every tick)\n" + r.show())


def tcplife(tmp, e):
    r = start("tcplife-bpfcc", [], tmp, e)
    if not r.wait_for(lambda l: l.startswith("PID")):
        fail("no header\n" + r.show())
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port_no = srv.getsockname()[1]
    code = ("import socket\ns = socket.create_connection(('127.0.0.1', %d))\n"
            "s.sendall(b'x' * 300000)\ns.close()" % port_no)
    c = subprocess.Popen(["/usr/bin/python3", "-c", code])
    conn, _ = srv.accept()
    got = 0
    while True:
        d = conn.recv(65536)
        if not d:
            break
        got += len(d)
    conn.close()
    srv.close()
    c.wait()
    time.sleep(0.5)
    r.stop()
    # PID COMM LADDR LPORT RADDR RPORT TX_KB RX_KB MS: the client sent 292 KiB
    want = re.compile(r"^%d\s+python3\s+127\.0\.0\.1\s+\d+\s+127\.0\.0\.1\s+%d\s+29[23]\s+0\s+"
                      r"[\d.]+$" % (c.pid, port_no))
    if got != 300000 or not any(want.match(l) for l in r.lines):
        fail(f"no line '{c.pid} python3 127.0.0.1 PORT 127.0.0.1 {port_no} 292 0 MS'\n" +
             r.show())


def bashreadline(tmp, e):
    import pty
    r = start("bashreadline-bpfcc", [], tmp, e)
    if not r.wait_for(lambda l: l.startswith("TIME")):
        fail("no header\n" + r.show())
    pid, fd = pty.fork()
    if pid == 0:
        os.execve("/bin/bash", ["bash", "--norc", "-i"], {"TERM": "dumb", "PS1": "$ "})
    os.write(fd, b"echo bcc2core-readline-marker\nexit\n")
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            if not os.read(fd, 4096):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    time.sleep(0.5)
    r.stop()
    want = re.compile(r"^[\d:]+\s+%d\s+echo bcc2core-readline-marker$" % pid)
    if not any(want.match(l) for l in r.lines):
        fail(f"no line 'TIME {pid} echo bcc2core-readline-marker'\n" + r.show())


def runqlen(tmp, e):
    """Two busy loops per CPU: the CPUs sampled while they run have one of
    them waiting in the run queue (the tool counts the running task's own
    group's queue: other load, such as parallel tests, adds zeros; an idle
    machine gives none but zeros)."""
    ncpu = os.cpu_count()
    port("runqlen-bpfcc", ["1", "1"], e["BCC2CORE_CACHE_DIR"], tmp)
    busy = [subprocess.Popen(["/bin/sh", "-c", "while :; do :; done"])
            for _ in range(2 * ncpu)]
    try:
        time.sleep(0.5)
        r = Running("runqlen-bpfcc", ["1", "1"], e)
        r.finish()
    finally:
        for b in busy:
            b.kill()
            b.wait()
    counts = {}
    for l in r.lines:
        m = re.match(r"^\s+(\d+)\s+: (\d+)\s+\|", l)
        if m:
            counts[int(m.group(1))] = int(m.group(2))
    total = sum(counts.values())
    # 99 samples a second on each CPU (perf events opened on every CPU)
    queued = total - counts.get(0, 0)
    if not 0.8 * 99 * ncpu <= total <= 1.25 * 99 * ncpu or queued < 0.2 * total:
        fail(f"want ~{99 * ncpu} samples, a good part of length >= 1: {counts}\n" + r.show())


def threadsnoop(tmp, e):
    """pthread_create in libc, which exports it under two symbol versions."""
    r = start("threadsnoop-bpfcc", [], tmp, e)
    if not r.wait_for(lambda l: l.startswith("TIME(ms)")):
        fail("no header\n" + r.show())
    w = subprocess.Popen(["/usr/bin/python3", "-c", "import threading\n"
                          "t = threading.Thread(target=int); t.start(); t.join()"])
    w.wait()
    time.sleep(0.5)
    r.stop()
    want = re.compile(r"^\d+\s+%d\s+b'python3'\s+" % w.pid)
    if not any(want.match(l) for l in r.lines):
        fail(f"no line 'MS {w.pid} b'python3' FUNC'\n" + r.show())


def argdist(tmp, e):
    """A generated program (argdist writes the C from its arguments)."""
    spec = "t:syscalls:sys_enter_fsync():int:args->fd"
    r = start("argdist-bpfcc", ["-C", spec], tmp, e)
    if not r.wait_for(lambda l: l.startswith("[")):
        fail("no first interval\n" + r.show())
    w = subprocess.Popen(["/usr/bin/python3", "-c", "import os\n"
                          "os.dup2(os.open('/proc/self/exe', os.O_RDONLY), 57)\n"
                          "for _ in range(3): os.fsync(57)"])
    w.wait()
    time.sleep(1.5)
    r.stop()
    want = re.compile(r"^\s+3\s+args->fd = 57$")
    if not any(want.match(l) for l in r.lines):
        fail("no line '3 args->fd = 57'\n" + r.show())


def syncsnoop(tmp, e):
    """A program BCC wrote as void (it returns 0 where it ends)."""
    r = start("syncsnoop-bpfcc", [], tmp, e)
    if not r.wait_for(lambda l: l.startswith("TIME(s)")):
        fail("no header\n" + r.show())
    subprocess.run(["/bin/sync"], check=True)
    time.sleep(0.5)
    r.stop()
    if not any(re.match(r"^[\d.]+\s+sync\(\)$", l) for l in r.lines):
        fail("no line 'TIME sync()' for the sync(1) run\n" + r.show())


def wait_perf_event(pid, timeout=30):
    """Until process @pid holds a perf event (a uprobe attached)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            fds = os.listdir("/proc/%d/fd" % pid)
        except OSError:
            return False
        for fd in fds:
            try:
                if os.readlink("/proc/%d/fd/%s" % (pid, fd)) == "anon_inode:[perf_event]":
                    return True
            except OSError:
                pass
        time.sleep(0.05)
    return False


def funccount(tmp, e):
    """Zeroes its table between BPF() and its attach calls, then sleeps
    before it reads: ported, and (a cache miss with the converter here)
    built at BPF(), the zeroing written to the loaded table, and built again
    if its attach call needs another form. A uprobe with pid=."""
    for ported in (True, False):
        w = gated("import os\nfor _ in range(1234): os.getppid()")
        args = ["-p", str(w.pid), "c:getppid"]
        if ported:
            r = start("funccount-bpfcc", args, tmp, e)
        else:
            r = Running("funccount-bpfcc", args,
                        dict(e, BCC2CORE_CACHE_DIR=os.path.join(tmp, "empty-cache")))
        if not r.wait_for(lambda l: l.startswith("Tracing")):
            fail("no start line\n" + r.show())
        if not ported:
            # built at BPF(), before this line
            if not r.wait_for(lambda l: "converted and compiled" in l, lines=r.err):
                fail("the cache miss was not built\n" + r.show())
            # said before it loads and attaches: the uprobe's perf event
            if not wait_perf_event(r.p.pid):
                fail("the uprobe was never attached\n" + r.show())
        go(w)
        time.sleep(0.5)
        r.stop()
        if not any(re.match(r"^getppid\s+1234$", l) for l in r.lines):
            fail(f"no line 'getppid 1234' ({'ported' if ported else 'a cache miss'})\n" +
                 r.show())


LANGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sweep", "langs")


def ruby_process(tmp):
    """The sweep's Ruby process (langs/sweep_obj.rb), up and ticking; its
    burst (100 calls of SweepObj#sweep_marker) comes when @tmp/go exists."""
    ready = os.path.join(tmp, "ruby.ready")
    p = subprocess.Popen(["ruby", os.path.join(LANGS, "sweep_obj.rb"), ready,
                          os.path.join(tmp, "go")])
    end = time.monotonic() + 30
    while not os.path.exists(ready) and p.poll() is None and time.monotonic() < end:
        time.sleep(0.05)
    if not os.path.exists(ready):
        p.kill()
        p.wait()
        fail("the ruby process did not start (scripts/setup.sh installs ruby)")
    return p


def rubycalls(tmp, e):
    """USDT probes in a library of the traced process (libruby), found from
    its pid as BCC finds them."""
    w = ruby_process(tmp)
    try:
        r = start("rubycalls-bpfcc", [str(w.pid)], tmp, e)
        # said once BPF() has attached its USDT probes
        if not r.wait_for(lambda l: l.startswith("Tracing calls")):
            fail("no start line\n" + r.show())
        open(os.path.join(tmp, "go"), "w").close()
        time.sleep(1.5)
        r.stop()
    finally:
        w.kill()
        w.wait()
    calls = sum(int(m.group(1)) for m in
                (re.match(r"^SweepObj\.sweep_marker\s+(\d+)$", l) for l in r.lines) if m)
    if calls != 100:
        fail(f"SweepObj.sweep_marker counted {calls} times, the process made 100 calls\n" +
             r.show())


def rubygc(tmp, e):
    """USDT programs that read no argument (gc__mark__begin): libbpf still
    needs usdt.bpf.h's maps to attach them."""
    w = ruby_process(tmp)
    try:
        r = start("rubygc-bpfcc", [str(w.pid)], tmp, e)
        if not r.wait_for(lambda l: l.startswith("START")):
            fail("no header\n" + r.show())
        # the process runs GC.start every 20 ms (its sweep is lazy: no
        # gc__sweep probe fires for it, under BCC either)
        r.wait_for(lambda l: "GC mark stage" in l, timeout=5)
        r.stop()
    finally:
        w.kill()
        w.wait()
    if not any(re.match(r"^[\d.]+\s+[\d.]+\s+GC mark stage$", l) for l in r.lines):
        fail("no 'GC mark stage' line of the ruby process's collections\n" + r.show())


CHECKS = {f.__name__: f for f in (execsnoop, opensnoop, exitsnoop, killsnoop, statsnoop,
                                  syscount, runqlat, runqlen, softirqs, tcplife, bashreadline,
                                  threadsnoop, argdist, syncsnoop, funccount, rubycalls,
                                  rubygc)}

if __name__ == "__main__":
    if os.geteuid():
        skip("needs root")
    name = sys.argv[1]
    with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
        CHECKS[name](tmp, env(os.path.join(tmp, "cache")))
    print(f"PASS: {name}-bpfcc under the drop-in bcc package printed the ground truth")
