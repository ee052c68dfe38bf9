#!/usr/bin/python3
"""A BCC raw tracepoint (RAW_TRACEPOINT_PROBE(sched_process_exec)) counts
the execs of a known pid, with its old pid and file name, in both of the
forms bcc2core emits: tp_btf where the kernel has BTF (this machine), and
raw_tp where it has none (BCC2CORE_KERNEL_BTF pointing nowhere, CO-RE from
the object's --min-btf bundle: the path a kernel without
/sys/kernel/btf/vmlinux takes). `run -v` says which form ran and why; a
tracepoint no kernel has gives a warning naming it, or an error with
--strict."""
import json
import os
import subprocess
import sys
import tempfile

from e2e_common import btfhub_of_this_kernel, expect_said, fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.path.join(os.path.dirname(__file__), "progs", "raw_tp_exec.bcc.c")
PROG = "raw_tracepoint__sched_process_exec"
MISSING = "bcc2core_no_such_tracepoint"


def run(obj, tmp, *extra, env=None):
    rec = os.path.join(tmp, "pid")
    # run's child execs sh, which execs sh again, which execs /bin/true
    script = f'echo $$ > {rec}; exec sh -c "exec /bin/true"'
    res = subprocess.run([BCC2CORE, "-v", "run", "--json", *extra, obj, "--", "sh", "-c", script],
                         capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, **(env or {})))
    if res.returncode != 0:
        fail(f"run {extra} {env} exited {res.returncode}: {res.stderr}")
    pid = int(open(rec).read())
    maps = {r["name"]: r for r in map(json.loads, res.stdout.splitlines()) if r["type"] == "map"}
    execs = {e["key"]: e["value"] for e in maps["execs"]["entries"]}
    want = {"old_pid": pid, "count": 3, "filename": "/bin/true"}
    if execs.get(pid) != want:
        fail(f"run {extra} {env}: pid {pid} has {execs.get(pid)}, truth {want}")
    warning = f"warning: raw_tracepoint__{MISSING} (raw_tracepoint/{MISSING}) will not run" \
        if not env else f"warning: cannot attach raw_tracepoint__{MISSING}"
    if warning not in res.stderr:
        fail(f"no warning naming the missing tracepoint ({warning}):\n{res.stderr}")
    return res


require_root()
if not os.path.exists("/sys/kernel/btf/vmlinux"):
    print("SKIP: the tp_btf form needs a kernel with BTF")
    sys.exit(77)
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "prog.bpf.o")
    subprocess.run([BCC2CORE, "build", SRC, "-o", obj], check=True)

    # this kernel has BTF: tp_btf
    res = run(obj, tmp)
    expect_said(res, f"{PROG}: {PROG}__tp_btf (tp_btf/sched_process_exec): "
                "the kernel's BTF has the tracepoint")
    expect_said(res, f"{PROG}__tp_btf: attached (tp_btf/sched_process_exec)")

    # --strict: the missing tracepoint is an error
    strict = subprocess.run([BCC2CORE, "run", "--strict", obj, "--", "/bin/true"],
                            capture_output=True, text=True, timeout=60)
    if strict.returncode == 0 or f"tracepoint {MISSING} is not on this kernel" not in strict.stderr:
        fail(f"--strict: exit {strict.returncode}\n{strict.stderr}")

    # a kernel without BTF: raw_tp, CO-RE from the bundled min-BTF
    hub = btfhub_of_this_kernel(tmp)
    bundled = os.path.join(tmp, "bundled.bpf.o")
    subprocess.run([BCC2CORE, "build", "--min-btf", hub, SRC, "-o", bundled], check=True)
    res = run(bundled, tmp, "--no-btf-cache", env={"BCC2CORE_KERNEL_BTF": "/nonexistent"})
    expect_said(res, f"{PROG}: {PROG} (raw_tracepoint/sched_process_exec): "
                "no kernel BTF (tp_btf needs the kernel's own)")
    expect_said(res, f"{PROG}: attached (raw_tracepoint/sched_process_exec)")
    if "__tp_btf: attached" in res.stderr:
        fail("a tp_btf form attached on a kernel without BTF:\n" + res.stderr)
    print("PASS: 3 execs of a known pid, old pid and file name, through tp_btf here and "
          "raw_tp without kernel BTF; the missing tracepoint warned (error with --strict)")
