#!/usr/bin/python3
"""Fields of the current task are read with plain BTF-typed loads from
bpf_get_current_task_btf() where the kernel has that helper, and with probe
reads where it does not; both give the same, right values. The object is
run with this kernel's BTF, where the loaded program calls the helper and
no probe read, and with a copy whose enum bpf_func_id lacks the helper (a
kernel before 5.11), where it makes probe reads instead. Each time, an
exec'ing shell's parent (bcc2core run) and grandparent (this test) are
checked (in whichever form the program runs: the tracepoint's tp_btf
form here)."""
import json
import os
import subprocess
import sys
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "progs", "current_task.bcc.c")
HELPER = b"BPF_FUNC_get_current_task_btf\0"


def run(obj, tmp, *extra):
    rec, dump = os.path.join(tmp, "pid"), os.path.join(tmp, "xlated")
    p = subprocess.Popen([BCC2CORE, "run", "--json", *extra, obj, "--", "sh", "-c",
                          f"echo $$ > {rec}; {{ bpftool prog dump xlated name on_exec__tp_btf "
                          f"|| bpftool prog dump xlated name on_exec; }} > {dump} 2>/dev/null; "
                          "exec /bin/true"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = p.communicate(timeout=60)
    if p.returncode:
        fail(f"run {extra} exited {p.returncode}: {err}")
    pid = int(open(rec).read())
    for r in map(json.loads, out.splitlines()):
        if r["type"] == "map" and r["name"] == "parents":
            for e in r["entries"]:
                if e["key"] == pid:
                    return e["value"], p.pid, open(dump).read()
    fail(f"run {extra}: no entry for pid {pid} in {out[:500]}")


require_root()
if not os.path.exists("/sys/kernel/btf/vmlinux"):
    print("SKIP: no kernel BTF")
    sys.exit(77)
data = open("/sys/kernel/btf/vmlinux", "rb").read()
if data.count(HELPER) != 1:
    print("SKIP: this kernel has no bpf_get_current_task_btf()")
    sys.exit(77)
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "prog.bpf.o")
    subprocess.run([BCC2CORE, "build", "--attach", "tracepoint:sched:sched_process_exec=on_exec",
                    SRC, "-o", obj], check=True)
    older = os.path.join(tmp, "older.btf")
    open(older, "wb").write(data.replace(HELPER, b"BPF_FUNC_get_current_task_btX\0"))
    for extra, calls, not_calls in (((), "bpf_get_current_task_btf", "probe_read"),
                                    (("--btf", older), "probe_read", "bpf_get_current_task_btf")):
        got, run_pid, xlated = run(obj, tmp, *extra)
        want = {"ppid": run_pid, "gppid": os.getpid()}
        if got != want:
            fail(f"run {extra}: {got}, want {want}")
        if calls not in xlated or not_calls in xlated:
            fail(f"run {extra}: the loaded program should call {calls} and no "
                 f"{not_calls}:\n{xlated}")
print("PASS: the current task's fields read right, by BTF-typed loads with the helper and by "
      "probe reads without it")
