#!/usr/bin/python3
"""An attach call goes where the tool asks, not where the cached object was
built to go: the object cache is keyed by the program's text and cflags,
and the same text can be attached elsewhere by another run of the tool
(bashreadline's shell, a function pattern). A uprobe program moves to the
symbol this run names, attach_uprobe(pid=) counts that process only, and
attach_uprobe(addr=) goes on the file offset of that ELF address; a
tracepoint program, which reads its own event's record, never runs on an
event it was not built for: with bcc2core's converter at hand it is built
again for this run's target (and counts there); without it, it is refused
with a hint. A kprobe on a function this kernel does not have is refused
as BCC refuses it, with no build again."""
import os
import subprocess
import sys
import tempfile

from dropin import PYTHON, env, fail

UPROBE_PROG = r'''
BPF_HASH(calls, u32, u64);
int on_call(struct pt_regs *ctx) {
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    calls.increment(pid);
    return 0;
}
'''

TP_PROG = r'''
BPF_HASH(calls, u32, u64);
int on_enter(void *ctx) {
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    calls.increment(pid);
    return 0;
}
'''

# attaches on_call to libc's SYM (in process PID only when given), lets a
# child call getppid() 7 times and itself call getpid() and getppid() 5
# times, prints {pid: count} and the pids
UPROBE_RUN = r'''
import os, subprocess, sys
from bcc import BPF
sym, only_child = sys.argv[2], sys.argv[3] == "child"
child = subprocess.Popen([sys.executable, "-c",
    "import os, sys; sys.stdin.readline(); [os.getppid() for _ in range(7)]; print('done')"],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
b = BPF(src_file=sys.argv[1])
b.attach_uprobe(name="c", sym=sym, fn_name="on_call", pid=child.pid if only_child else -1)
calls = b["calls"]
len(calls)    # a read: on a cache miss, the object is built and attached here
child.stdin.write("go\n"); child.stdin.flush()
assert child.stdout.readline() == "done\n"
child.wait()
for _ in range(5):
    os.getpid(); os.getppid()
print("counts", {k.value: v.value for k, v in calls.items()})
print("pids", os.getpid(), child.pid)
'''

TP_RUN = r'''
import os, sys
from bcc import BPF
me = os.getpid()
b = BPF(src_file=sys.argv[1])
b.attach_tracepoint(tp=sys.argv[2], fn_name="on_enter")
for _ in range(4):
    os.getpid(); os.getppid()
print("attached", b["calls"][b["calls"].Key(me)].value)
'''

# fileslower's way: attach_kprobe on a function this kernel may not have
# (__vfs_read), and on the exception, another
KPROBE_PROG = r'''
#include <linux/fs.h>
BPF_HASH(sizes, u32, u64);
int trace_read_entry(struct pt_regs *ctx, struct file *file, char *buf, size_t count) {
    u32 pid = bpf_get_current_pid_tgid() >> 32;
    u64 c = count;
    sizes.update(&pid, &c);
    return 0;
}
'''

NO_FUNCTION_RUN = r'''
import sys
from bcc import BPF
b = BPF(src_file=sys.argv[1])
try:
    b.attach_kprobe(event="bcc2core_no_such_function", fn_name="trace_read_entry")
except Exception as e:
    print("refused:", e)
'''

# attach_uprobe(addr=) on libc's getppid by its ELF address (from nm), and
# sym_off=0 beside it; the child's 7 calls counted by each
ADDR_RUN = r'''
import os, subprocess, sys
from bcc import BPF
libc, addr = sys.argv[2], int(sys.argv[3], 16)
child = subprocess.Popen([sys.executable, "-c",
    "import os, sys; sys.stdin.readline(); [os.getppid() for _ in range(7)]; print('done')"],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
b = BPF(src_file=sys.argv[1])
b.attach_uprobe(name=libc, addr=addr, fn_name="on_call", pid=child.pid)
child.stdin.write("go\n"); child.stdin.flush()
assert child.stdout.readline() == "done\n"
child.wait()
by_addr = {k.value: v.value for k, v in b["calls"].items()}
b.detach_uprobe(name=libc, addr=addr)
b["calls"].clear()
[os.getppid() for _ in range(3)]
after_detach = len(b["calls"])
print("counts", by_addr, after_detach, child.pid)
'''


def getppid_vaddr():
    """(libc path, getppid's address in it) from nm, not from the package."""
    libc = subprocess.run(["/usr/bin/python3", "-c", "import ctypes.util, sys; "
                           "sys.stdout.write(ctypes.util.find_library('c'))"],
                          capture_output=True, text=True).stdout
    path = next(l.split("=> ")[1].split()[0] for l in subprocess.run(
        ["ldconfig", "-p"], capture_output=True, text=True).stdout.splitlines()
        if l.strip().startswith(libc + " ") and "x86-64" in l)
    for line in subprocess.run(["nm", "-D", path], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] in ("getppid", "getppid@@GLIBC_2.2.5"):
            return path, parts[0]
    fail(f"no getppid in nm -D {path}")


def run(script, args, cache, tmp, **extra):
    path = os.path.join(tmp, "run.py")
    with open(path, "w") as f:
        f.write(script)
    return subprocess.run([PYTHON, path, *args], capture_output=True, text=True, timeout=180,
                          env=env(cache, **extra))


def counts(r, what):
    if r.returncode:
        fail(f"{what}: exited {r.returncode}: {r.stderr}")
    lines = dict(l.split(" ", 1) for l in r.stdout.splitlines())
    got = eval(lines["counts"])     # a dict literal this test printed
    me, child = (int(p) for p in lines["pids"].split())
    return got, me, child


def main():
    with tempfile.TemporaryDirectory(prefix="bcc2core-targets-") as tmp:
        cache = os.path.join(tmp, "cache")
        up = os.path.join(tmp, "uprobe.bcc.c")
        with open(up, "w") as f:
            f.write(UPROBE_PROG)
        # the first run builds the object at BPF() (a cache miss), before its
        # attach call: the bare kprobe program it makes attaches as a uprobe
        # as it is, with no build again
        r = run(UPROBE_RUN, [up, "getpid", "all"], cache, tmp)
        got, me, _ = counts(r, "getpid run")
        if got.get(me, 0) < 5:
            fail(f"the uprobe on getpid counted {got} for pid {me}: want at least 5")
        if r.stderr.count("converted and compiled") != 1:
            fail(f"a cache miss of a uprobe program built it "
                 f"{r.stderr.count('converted and compiled')} times: want 1: {r.stderr}")
        # the next, a cache hit, moves it to getppid, in the child only
        r = run(UPROBE_RUN, [up, "getppid", "child"], cache, tmp)
        if "converted and compiled" in r.stderr:
            fail(f"the second run missed the cache: {r.stderr}")
        got, me, child = counts(r, "getppid run")
        if got != {child: 7}:
            fail(f"attach_uprobe(sym='getppid', pid={child}) from an object built for getpid "
                 f"counted {got}: want {{{child}: 7}} (the child's getppid calls only)")

        # by address: the same probe, in the child only, gone once detached
        libc, vaddr = getppid_vaddr()
        r = run(ADDR_RUN, [up, libc, vaddr], cache, tmp)
        if r.returncode:
            fail(f"attach_uprobe(addr=0x{vaddr}): exited {r.returncode}: {r.stderr}")
        words = r.stdout.split(" ", 1)[1].rsplit(" ", 2)
        got, after, child = eval(words[0]), int(words[1]), int(words[2])
        if got != {child: 7} or after:
            fail(f"attach_uprobe(name={libc}, addr=0x{vaddr}, pid={child}) counted {got} "
                 f"and {after} keys after detach_uprobe(): want {{{child}: 7}} and 0")

        tp = os.path.join(tmp, "tp.bcc.c")
        with open(tp, "w") as f:
            f.write(TP_PROG)
        # every getppid() between the attach call and the read counts, on the
        # cache miss too (the object is built at BPF() and again at the attach
        # call, keeping its maps)
        r = run(TP_RUN, [tp, "syscalls:sys_enter_getppid"], cache, tmp)
        if r.returncode or r.stdout.strip() != "attached 4":
            fail(f"the tracepoint run that builds the object: {r.stdout} {r.stderr}")
        # without a converter, the object built for getppid is refused on getpid
        r = run(TP_RUN, [tp, "syscalls:sys_enter_getpid"], cache, tmp,
                BCC2CORE="/nonexistent/bcc2core")
        if r.returncode == 0 or "attached" in r.stdout:
            fail("a tracepoint program built for sys_enter_getppid was attached to "
                 f"sys_enter_getpid: {r.stdout} {r.stderr}")
        for want in ("cannot move to tracepoint/syscalls/sys_enter_getpid",
                     "run.py:6", "bcc2core port"):
            if want not in r.stderr:
                fail(f"the refusal does not say {want!r}: {r.stderr}")
        # with one, it is built again for getpid, and counts getpid() there
        r = run(TP_RUN, [tp, "syscalls:sys_enter_getpid"], cache, tmp)
        if r.returncode or r.stdout.strip() != "attached 4" or \
                "again, for tracepoint syscalls:sys_enter_getpid" not in r.stderr:
            fail(f"the tracepoint run on getpid with the converter: {r.stdout} {r.stderr}")

        # a kprobe on a function this kernel does not have is refused as BCC
        # refuses it, from the one build: no build can attach there
        kp = os.path.join(tmp, "kprobe.bcc.c")
        with open(kp, "w") as f:
            f.write(KPROBE_PROG)
        r = run(NO_FUNCTION_RUN, [kp], cache, tmp)
        want = "refused: Failed to attach BPF program trace_read_entry to kprobe " \
            "bcc2core_no_such_function"
        if r.returncode or not r.stdout.startswith(want):
            fail(f"attach_kprobe on a missing function: want {want!r}: {r.stdout} {r.stderr}")
        if "this kernel has no function bcc2core_no_such_function" not in r.stderr:
            fail(f"the refusal does not say the function is missing: {r.stderr}")
        builds = r.stderr.count("converted and compiled")
        if builds != 1:
            fail(f"attach_kprobe on a missing function built the program {builds} times: "
                 f"want 1 (a build again cannot attach there): {r.stderr}")
    print("PASS: a uprobe moves to this run's symbol and pid, and goes on an address; a "
          "tracepoint program is refused "
          "elsewhere without a converter, and built again for its new target with one; a "
          "kprobe on a missing function is refused from one build")


if __name__ == "__main__":
    sys.exit(main())
