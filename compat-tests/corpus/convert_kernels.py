#!/usr/bin/python3
"""Every corpus program converts against the BTF of each guest-lane kernel
(Debian's 6.1, 6.1-rt and 6.12; taken from their packages, no boot), as
`bcc2core build --btf` or a build on such a machine does: in particular
each tracepoint's record is found from that kernel's BTF and
data/tracepoints.txt. 6.1's sched_process_exit and netif_receive_skb share
their records' class with other events whose records differ, which the BTF
alone cannot tell apart: the file's class lines, merged from those kernels'
tracefs (scripts/gen-tracepoint-data.py --also), say which.

usage: convert_kernels.py [--kernels 6.1,6.1-rt,6.12]
Exit 0 when every program converts (except the corpus sweep's expected
failures and NOT_ON, probe points those kernels lack), 1 otherwise, 77 when
the guest lane's kernels are unavailable."""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "compat-tests", "guest"))
import guest_lane  # noqa: E402
from corpus import corpus_programs, expected_failures  # noqa: E402

BCC2CORE = os.environ.get("BCC2CORE", os.path.join(REPO, "build", "bin", "bcc2core"))
NOT_ON = {
    "examples/kvm_hypercall": "the kvm tracepoints' records are the kvm module's (not in vmlinux BTF)",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kernels", default="6.1,6.1-rt,6.12")
    a = ap.parse_args()
    skip = expected_failures() | set(NOT_ON)
    passed, failed = 0, []
    for k in a.kernels.split(","):
        kv, status = guest_lane.prepared(k, f"{k}: ")
        if status is not None:
            return status
        btf = guest_lane.kernel_btf(kv["cache_kdir"], kv["BCC2CORE_GUEST_KVER"])
        for name, src, args in corpus_programs():
            if name in skip:
                continue
            r = subprocess.run([BCC2CORE, "convert", "--btf", btf, *args, src, "-o", os.devnull],
                               capture_output=True, text=True)
            if r.returncode:
                err = [l for l in r.stderr.splitlines() if "error" in l][:1] or \
                    r.stderr.splitlines()[-1:]
                failed.append(f"{k} {name}: {err[0] if err else r.returncode}")
            else:
                passed += 1
    for f in failed:
        print("FAIL", f)
    print(f"{passed} passed, {len(failed)} failed ({len(skip)} programs not tried on each "
          "kernel: the sweep's expected failures and kvm_hypercall)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
