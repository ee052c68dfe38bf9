#!/usr/bin/python3
"""sizeof(struct task_struct) computed with at run time, and a pointer
difference, are the running kernel's: the object is run with this kernel's
BTF and with a copy in which task_struct is 64 bytes bigger (a kernel whose
task_struct differs, as 6.1's and 6.18's do), and must report each one's
size, and 3 / -3 task_structs between two pointers 3 sizes apart."""
import json
import os
import subprocess
import sys
import tempfile

from e2e_common import fail, require_root

sys.path.insert(0, os.path.join(os.environ["BCC2CORE_SOURCE_DIR"], "compat-tests", "corpus"))
import btfread  # noqa: E402

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "progs", "kernel_type_size.bcc.c")
GROW = 64


def run(obj, tmp, *extra):
    rec = os.path.join(tmp, "pid")
    res = subprocess.run([BCC2CORE, "run", "--json", *extra, obj, "--", "sh", "-c",
                          f'echo $$ > {rec}; exec /bin/true'],
                         capture_output=True, text=True, timeout=60)
    if res.returncode:
        fail(f"run {extra} exited {res.returncode}: {res.stderr}")
    pid = int(open(rec).read())
    for r in map(json.loads, res.stdout.splitlines()):
        if r["type"] == "map" and r["name"] == "sizes":
            for e in r["entries"]:
                if e["key"] == pid:
                    return e["value"]
    fail(f"run {extra}: no entry for pid {pid} in {res.stdout[:500]}")


require_root()
if not os.path.exists("/sys/kernel/btf/vmlinux"):
    print("SKIP: no kernel BTF")
    sys.exit(77)
data = bytearray(open("/sys/kernel/btf/vmlinux", "rb").read())
btf = btfread.Btf(bytes(data))
task = btf.types[btf.by_name[("task_struct", 4)]]
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "prog.bpf.o")
    subprocess.run([BCC2CORE, "build", SRC, "-o", obj], check=True)
    at = task.pos + 8       # the size: the third u32 of the type's header
    data[at:at + 4] = (task.size + GROW).to_bytes(4, "little")
    bigger = os.path.join(tmp, "bigger.btf")
    open(bigger, "wb").write(data)
    if btfread.Btf(bytes(data)).types[task.id].size != task.size + GROW:
        fail("the patched BTF does not have the bigger task_struct")

    for extra, size in (((), task.size), (("--btf", bigger), task.size + GROW)):
        v = run(obj, tmp, *extra)
        want = {"size": size, "ahead": 3, "behind": -3}
        if v != want:
            fail(f"run {extra}: {v}, want {want} (task_struct is {size} bytes there)")
        print(f"ok   {' '.join(extra) or 'this kernel'}: {v}")
print("PASS")
