#!/usr/bin/python3
"""Forms a kernel will not use are never loaded: an object with two
tracepoint programs and three syscall kprobes (each as ksyscall/NAME and
NAME__tp, and as fentry on the syscall's function where the build kernel
has one with the registers: eight programs, and those; getpgid's
tracepoint program has a fentry form there too) loads five, one per
BCC function, each of the type this kernel runs (tracepoint forms where it
has neither kprobes nor trampolines, as on this machine). Counted from
run's own file descriptors by its command, once
attached (/proc/PPID/fdinfo of each bpf-prog fd), and each function is seen
to fire."""
import json
import os
import subprocess
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.path.join(os.path.dirname(__file__), "progs", "unused_forms.bcc.c")
PROG_TYPE_KPROBE, PROG_TYPE_TRACEPOINT, PROG_TYPE_TRACING = 2, 5, 26

# run's command: the prog_type of each program run holds, then one call of
# each traced syscall (getppid, getpgid, getsid, getpriority, sched_yield)
COUNT = r"""
import ctypes, os, sys
ppid = os.getppid()
with open(sys.argv[1], "w") as out:
    for fd in os.listdir(f"/proc/{ppid}/fd"):
        try:
            if os.readlink(f"/proc/{ppid}/fd/{fd}") != "anon_inode:bpf-prog":
                continue
            info = open(f"/proc/{ppid}/fdinfo/{fd}").read()
        except OSError:
            continue
        kv = dict(l.split(":", 1) for l in info.splitlines() if ":" in l)
        out.write(kv["prog_type"].strip() + "\n")
libc = ctypes.CDLL(None, use_errno=True)
os.getppid(); os.getpgid(0); os.getsid(0)
libc.getpriority(0, 0); libc.sched_yield()
"""


def sections(obj):
    out = subprocess.run(["llvm-objdump", "-h", obj], capture_output=True, text=True,
                         check=True).stdout
    return [l.split()[1] for l in out.splitlines()
            if l.split() and l.split()[-1] == "TEXT" and l.split()[1] != ".text"]


require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "prog.bpf.o")
    subprocess.run([BCC2CORE, "build", SRC, "-o", obj], check=True)
    present = sections(obj)
    fentry = [p for p in present if p.startswith("fentry/")]
    if len(present) - len(fentry) != 8 or any(
            p not in ("fentry/__x64_sys_getpgid", "fentry/__x64_sys_getsid",
                      "fentry/__x64_sys_getpriority", "fentry/__x64_sys_sched_yield")
            for p in fentry):
        fail(f"the object has {len(present)} programs, expected 8 and the syscalls' fentry "
             f"forms: {present}")
    types_file = os.path.join(tmp, "types")
    res = subprocess.run([BCC2CORE, "-v", "run", "--json", obj, "--", "/usr/bin/python3", "-c",
                          COUNT, types_file], capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        fail(f"run exited {res.returncode}: {res.stderr}")
    kprobes = os.path.exists("/sys/bus/event_source/devices/kprobe/type")
    # a function's fentry form, where trampolines work, stands for its own
    # (a syscall kprobe's, or getpgid's tracepoint's: getppid has none)
    # (run -v says why getpgid's fentry form does not run, where it does not)
    trampolines = not ("refuses BTF trampolines" in res.stderr or
                       "BTF trampolines turned off" in res.stderr)
    types = sorted(int(t) for t in open(types_file).read().split())
    want = sorted([PROG_TYPE_TRACING if trampolines and fe else PROG_TYPE_TRACEPOINT
                   for fe in ("fentry/__x64_sys_getppid" in fentry,
                              "fentry/__x64_sys_getpgid" in fentry)] +
                  [PROG_TYPE_TRACING if trampolines and f"fentry/__x64_sys_{sc}" in fentry
                   else PROG_TYPE_KPROBE if kprobes else PROG_TYPE_TRACEPOINT
                   for sc in ("getsid", "getpriority", "sched_yield")])
    if types != want:
        fail(f"run holds programs of types {types}, expected {want} (one form per function; "
             f"kprobes here: {kprobes}):\n{res.stderr}")
    maps = {r["name"]: r for r in map(json.loads, res.stdout.splitlines()) if r["type"] == "map"}
    counts = {e["key"]: e["value"] for e in maps["counts"]["entries"]}
    if sorted(counts) != [1, 2, 3, 4, 5]:
        fail(f"functions that fired: {sorted(counts)}, expected 1-5; {counts}")
    print(f"PASS: {len(present)} programs in the object, {len(types)} loaded "
          f"({'kprobe' if kprobes else 'tracepoint'} forms of the syscall kprobes), all five fired")
