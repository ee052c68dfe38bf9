#!/usr/bin/python3
"""Every corpus program through the kernel verifier of a guest kernel.

The corpus sweep (corpus/sweep.sh) verifies each program's object on this
host's kernel; the objects are meant to load on other kernels too, with the
program forms each one takes. Here every compat-tests/corpus tools/ and
examples/ program is built once on the host (with its NAME.bcc.args), and
one boot of the guest lane runs `bcc2core verify OBJ` on each: the runtime
picks the forms that kernel takes (kprobes, fentry, tracepoints), relocates
against the kernel's BTF and loads every program it picks. This found
fentry/fexit forms that read their context as pt_regs in a helper function
(bindsnoop, tcpconnect) and one declaring more arguments than the kernel
function has (filegone): refused on 6.1 and 6.12, unseen on this host,
where fentry is refused anyway.

usage: corpus_verify.py [--only NAME,...] [--keep]
Env: BCC2CORE (default <repo>/build/bin/bcc2core), BCC2CORE_GUEST_KVER
(6.1, 6.1-rt, 6.12). Programs that the corpus sweep expects to fail
(corpus/expected-failures.txt) are not built; GUEST_ONLY_MISSING lists the
ones whose probe points the guest lacks. Exit 0 when every other object
verifies, 1 otherwise, 77 not root, or no guest lane.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import guest_lane  # noqa: E402
sys.path.insert(0, os.path.join(REPO, "compat-tests", "corpus"))
from corpus import corpus_programs, expected_failures  # noqa: E402

RUNNER = os.path.join(HERE, "run-in-guest.sh")
BCC2CORE = os.environ.get("BCC2CORE", os.path.join(REPO, "build", "bin", "bcc2core"))
# not the object's doing: what the guest kernel lacks
GUEST_ONLY_MISSING = {
    "examples/kvm_hypercall": "its kvm:kvm_exit/kvm_entry/kvm_hypercall tracepoint records "
                              "come from the kvm module, which the guest does not load",
}

IN_GUEST = r'''
cd "$1"
for o in objs/*.bpf.o; do
	n=$(basename "$o" .bpf.o)
	"$2" verify "$o" > "logs/$n.log" 2>&1
	echo "$n $?"
done > results
'''


def build_all(work, only):
    """NAME -> object path for each corpus program that builds (NAME is
    tools/x or examples/y, the object objs/tools__x.bpf.o)."""
    skip = expected_failures()
    built, failed = {}, []
    for name, src, args in corpus_programs():
        if name in skip or (only and name.split("/")[1] not in only):
            continue
        obj = os.path.join(work, "objs", name.replace("/", "__") + ".bpf.o")
        r = subprocess.run([BCC2CORE, "build", *args, src, "-o", obj], capture_output=True,
                           text=True)
        if r.returncode:
            failed.append((name, r.stderr.strip().splitlines()[-1:]))
        else:
            built[name] = obj
    return built, failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="comma-separated program names (execsnoop,...)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    a = ap.parse_args()
    if os.geteuid():
        print("SKIP: needs root")
        return 77
    prep, status = guest_lane.prepared(what="corpus_verify: ")
    if prep is None:
        return status
    only = set(a.only.split(",")) if a.only else None
    work = tempfile.mkdtemp(prefix="bcc2core-cverify.", dir="/var/tmp")
    try:
        os.makedirs(os.path.join(work, "objs"))
        os.makedirs(os.path.join(work, "logs"))
        built, build_failed = build_all(work, only)
        for name, why in build_failed:
            print(f"FAIL {name}: does not build on the host: {why}")
        script = os.path.join(work, "verify.sh")
        with open(script, "w") as f:
            f.write(IN_GUEST)
        r = subprocess.run([RUNNER, "--timeout", "1500", "--rw", work, "--",
                            "/bin/bash", script, work, BCC2CORE], capture_output=True, text=True)
        if r.returncode == 77:
            print("SKIP: the guest lane cannot run here\n" + r.stderr[-1000:])
            return 77
        results = {}
        if os.path.exists(os.path.join(work, "results")):
            for line in open(os.path.join(work, "results")):
                n, rc = line.split()
                results[n] = int(rc)
        ok, bad, missing = 0, [], []
        for name in sorted(built):
            key = name.replace("/", "__")
            rc = results.get(key)
            log = os.path.join(work, "logs", key + ".log")
            tail = open(log).read().strip().splitlines()[-3:] if os.path.exists(log) else []
            if rc == 0:
                ok += 1
                print(f"ok   {name}: {tail[-1] if tail else ''}")
            elif name in GUEST_ONLY_MISSING:
                missing.append(name)
                print(f"skip {name}: {GUEST_ONLY_MISSING[name]}")
            else:
                bad.append(name)
                why = "not run (the guest boot ended first)" if rc is None else " | ".join(tail)
                print(f"FAIL {name}: {why}")
        if not results:
            print(f"FAIL: the guest ran nothing (exit {r.returncode})\n{r.stderr[-2000:]}")
            return 1
        bad += [n for n, _ in build_failed]
        print(f"{ok} passed, {len(bad)} failed, {len(missing)} skipped "
              f"(kernel {prep.get('BCC2CORE_GUEST_KVER', '?')})")
        return 1 if bad else 0
    finally:
        if a.keep:
            print("work directory", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
