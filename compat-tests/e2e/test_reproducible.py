#!/usr/bin/python3
"""An object is a function of its source, its options and the kernel BTF it
is built against, not of the build machine: the same programs (a tracepoint
reading args->field of sched:sched_switch, a syscall tracepoint, a kprobe
reading task->real_parent->tgid, a raw tracepoint, a program that includes
a header of its own with #include "header.h") built four ways give the same
bytes:
  A  from a copy of the sources, by a relative path, in one directory;
  B  from the source tree by an absolute path, in another working directory
     and TMPDIR, with tracefs hidden (a private mount namespace with empty
     tmpfs over /sys/kernel/tracing and /sys/kernel/debug);
  C  with --btf naming a copy of this kernel's BTF;
  D  with a data directory whose vmlinux.h was made from another BTF (so
     the build makes its own from this one).
Each object names that BTF (btf=sha256:...) and no path of its build, and
loads here. With another kernel's BTF at hand (a linux-headers vmlinux), a
build against it is reproducible too, differs, and names that BTF."""
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
PROGS = os.path.join(os.environ["BCC2CORE_SOURCE_DIR"], "compat-tests", "e2e", "progs")
NAMES = ["repro_sched_switch", "repro_openat", "repro_parent", "repro_raw_tp", "repro_header"]
HOST_BTF = "/sys/kernel/btf/vmlinux"


def build(src, obj, cwd, *extra, env=None, hide_tracefs=False):
    """bcc2core -v build; returns what the object says it was built against"""
    cmd = [BCC2CORE, "-v", "build", *extra, src, "-o", obj]
    if hide_tracefs:
        quoted = " ".join("'%s'" % a for a in cmd)
        cmd = ["unshare", "-m", "sh", "-c",
               "mount -t tmpfs none /sys/kernel/tracing || exit 3; "
               "mount -t tmpfs none /sys/kernel/debug 2>/dev/null; "
               "test ! -e /sys/kernel/tracing/events || exit 4; exec " + quoted]
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, **(env or {})))
    if res.returncode != 0:
        fail(f"{' '.join(cmd)} (in {cwd}) exited {res.returncode}: {res.stderr}")
    m = re.search(r"built against kernel BTF (sha256:[0-9a-f]{64})", res.stderr)
    if not m:
        fail(f"build of {src} does not say what it was built against: {res.stderr}")
    return m.group(1)


def same(paths, what):
    data = [open(p, "rb").read() for p in paths]
    for p, d in zip(paths[1:], data[1:]):
        if d != data[0]:
            fail(f"{what}: {paths[0]} and {p} differ")
    return data[0]


def other_kernel_btf():
    for path in sorted(glob.glob("/usr/src/linux-headers-*/vmlinux")):
        if subprocess.run(["bpftool", "btf", "dump", "file", path], capture_output=True,
                          timeout=60).returncode == 0:
            return path
    return None


require_root()
if not os.path.exists(HOST_BTF) or not shutil.which("unshare"):
    print("SKIP: needs /sys/kernel/btf/vmlinux and unshare")
    sys.exit(77)
host_id = "sha256:" + hashlib.sha256(open(HOST_BTF, "rb").read()).hexdigest()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    a, b, c = (os.path.join(tmp, d) for d in ("a", "b/work/deeper", "c"))
    b_tmp = os.path.join(tmp, "b/tmp")
    for d in (a + "/src", b, b_tmp, c):
        os.makedirs(d)
    btf_copy = os.path.join(c, "vmlinux.btf")
    shutil.copyfile(HOST_BTF, btf_copy)
    other_data = os.path.join(tmp, "d/data")
    shutil.copytree(os.environ["BCC2CORE_DATADIR"], other_data)
    with open(os.path.join(other_data, "vmlinux.h.sha256"), "w") as f:
        f.write("0" * 64 + "  another BTF\n")
    for n in NAMES:
        shutil.copy(os.path.join(PROGS, n + ".bcc.c"), os.path.join(a, "src"))
        if os.path.exists(os.path.join(PROGS, n + ".h")):   # its own header
            shutil.copy(os.path.join(PROGS, n + ".h"), os.path.join(a, "src"))
        ids = [build(os.path.join("src", n + ".bcc.c"), "A.o", a),
               build(os.path.join(PROGS, n + ".bcc.c"), "../B.o", b, env={"TMPDIR": b_tmp},
                     hide_tracefs=True),
               build(os.path.join(a, "src", n + ".bcc.c"), os.path.join(c, "C.o"), c,
                     "--btf", btf_copy),
               build(os.path.join(a, "src", n + ".bcc.c"), "D.o", os.path.dirname(other_data),
                     env={"BCC2CORE_DATADIR": other_data, "TMPDIR": b_tmp})]
        if ids != [host_id] * 4:
            fail(f"{n}: objects name BTF {ids}, this kernel's is {host_id}")
        data = same([os.path.join(a, "A.o"), os.path.join(tmp, "b/work/B.o"),
                     os.path.join(c, "C.o"), os.path.join(tmp, "d/D.o")], n)
        for path in (tmp, PROGS, os.environ["BCC2CORE_DATADIR"], "/tmp/bcc2core"):
            if path.encode() in data:
                fail(f"{n}: the object holds the build path {path}")
        res = subprocess.run([BCC2CORE, "verify", os.path.join(a, "A.o")], capture_output=True,
                             text=True, timeout=120)
        if res.returncode != 0:
            fail(f"{n}: verify: {res.stderr}{res.stdout}")
        print(f"{n}: {len(data)} bytes, identical four ways")
    if os.listdir(b_tmp):
        fail(f"builds B and D left {os.listdir(b_tmp)} in their TMPDIR")

    other = other_kernel_btf()
    if other:
        n = NAMES[0]
        src = os.path.join(a, "src", n + ".bcc.c")
        ids = [build(src, "O1.o", a, "--btf", other, env={"TMPDIR": b_tmp}),
               build(src, os.path.join(c, "O2.o"), c, "--btf", other, env={"TMPDIR": b_tmp},
                     hide_tracefs=True)]
        data = same([os.path.join(a, "O1.o"), os.path.join(c, "O2.o")], f"{n} for {other}")
        if ids[0] != ids[1] or ids[0] == host_id:
            fail(f"{n} for {other}: objects name BTF {ids}, this kernel's is {host_id}")
        if data == open(os.path.join(a, "A.o"), "rb").read():
            fail(f"{n}: the object for {other} is this kernel's")
        if os.listdir(b_tmp):
            fail(f"the build for {other} left {os.listdir(b_tmp)} in its TMPDIR")
        print(f"{n} for {other}: identical twice, {ids[0]}")
    else:
        print("no other kernel's BTF here (linux-headers-*/vmlinux): --btf of another "
              "kernel not checked")
print("PASS")
