#!/usr/bin/python3
"""Kernel types that only a module's BTF has, built and loaded in the guest.

Debian's 6.12 keeps struct nfs_page in the BTF of the nfs module alone (not
vmlinux's). progs/nfs_page.bcc.c reads one of its fields in a kprobe on an
nfs function. On the host, with a copy of that kernel's BTF laid out as
/sys/kernel/btf is (vmlinux: the package's; nfs, nfsv4, sunrpc: the .BTF of
the package's modules), the build must find the type in the nfs module,
write its definition into the converted program and tag the object
bcc2core:module=nfs; without the modules it must fail with the hint. In one
boot of the 6.12 guest, after modprobe nfs, the object must verify, attach,
and be relocated by libbpf against [nfs]'s BTF, on the first run and on the
second (no minimized BTF cached for it: one would hide the module's).

usage: module_btf.py [--keep]
Env: BCC2CORE (default <repo>/build/bin/bcc2core). Exit 0 when all checks
pass, 1 otherwise, 77 not root or no guest lane.
"""
import argparse
import lzma
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import guest_lane  # noqa: E402
from guest_lane import BCC2CORE, RUNNER  # noqa: E402
PROG = os.path.join(HERE, "progs", "nfs_page.bcc.c")
MODULES = {"nfs": "kernel/fs/nfs/nfs.ko.xz", "nfsv4": "kernel/fs/nfs/nfsv4.ko.xz",
           "sunrpc": "kernel/net/sunrpc/sunrpc.ko.xz"}

IN_GUEST = r'''
modprobe nfs || { echo "modprobe nfs failed"; exit 3; }
ls /sys/kernel/btf/nfs >/dev/null || exit 4
"$2" verify "$1/nfs_page.bpf.o" > "$1/verify.log" 2>&1; echo "verify $?" > "$1/results"
export BCC2CORE_CACHE_DIR="$1/cache"
for i in 1 2; do
	"$2" -d run --duration 1 "$1/nfs_page.bpf.o" > "$1/run$i.log" 2>&1
	echo "run$i $?" >> "$1/results"
done
'''


def module_btf(moddir, rel, out):
    """the .BTF section of a packaged module (.ko.xz) as a raw split BTF"""
    with tempfile.TemporaryDirectory(dir="/var/tmp") as t:
        ko = os.path.join(t, "m.ko")
        with lzma.open(os.path.join(moddir, rel)) as f:
            open(ko, "wb").write(f.read())
        subprocess.run(["objcopy", "--dump-section", ".BTF=" + out, ko, os.path.join(t, "o")],
                       check=True, capture_output=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    a = ap.parse_args()
    prep, status = guest_lane.ready("6.12", what="module_btf: ")
    if prep is None:
        return status
    with guest_lane.work_dir("bcc2core-modbtf.", a.keep) as work:
        return check_all(prep, work)


def check_all(prep, work):
    kver = prep["BCC2CORE_GUEST_KVER"]
    passed, failed = 0, 0

    def check(ok, what, detail=""):
        nonlocal passed, failed
        print(("ok   " if ok else "FAIL ") + what + ("" if ok or not detail else ": " + detail))
        passed += bool(ok)
        failed += not ok

    btfdir = os.path.join(work, "btf")
    os.makedirs(btfdir)
    shutil.copy(guest_lane.kernel_btf(prep["cache_kdir"], kver),
                os.path.join(btfdir, "vmlinux"))
    nomods = os.path.join(work, "btf-vmlinux-only")
    os.makedirs(nomods)
    shutil.copy(os.path.join(btfdir, "vmlinux"), nomods)
    for name, rel in MODULES.items():
        module_btf(prep["BCC2CORE_GUEST_MODDIR"], rel, os.path.join(btfdir, name))

    conv = subprocess.run([BCC2CORE, "convert", "--btf", os.path.join(btfdir, "vmlinux"),
                           PROG], capture_output=True, text=True)
    check(conv.returncode == 0 and "struct nfs_page {" in conv.stdout and
          "/* struct nfs_page: from the BTF of module nfs */" in conv.stdout and
          "BPF_CORE_READ(req, wb_bytes)" in conv.stdout and
          '"bcc2core:module=nfs"' in conv.stdout,
          "convert: struct nfs_page from module nfs's BTF, read by BPF_CORE_READ, "
          "object tagged module=nfs", conv.stderr.strip()[-500:])
    # vmlinux.h has every type the dump's struct refers to: none again
    check(conv.stdout.count("struct list_head {") == 0,
          "convert: no vmlinux type written again")
    obj = os.path.join(work, "nfs_page.bpf.o")
    b = subprocess.run([BCC2CORE, "build", "--btf", os.path.join(btfdir, "vmlinux"), PROG,
                        "-o", obj], capture_output=True, text=True)
    check(b.returncode == 0, "build", b.stderr.strip()[-500:])
    neg = subprocess.run([BCC2CORE, "build", "--btf", os.path.join(nomods, "vmlinux"),
                          PROG, "-o", os.path.join(work, "neg.bpf.o")],
                         capture_output=True, text=True)
    check(neg.returncode != 0 and "nfs_page.bcc.c:" in neg.stderr and
          "incomplete definition of type 'struct nfs_page'" in neg.stderr and
          "hint: no definition of struct nfs_page" in neg.stderr,
          "build without the modules' BTF: file:line:col error and the hint",
          neg.stderr.strip()[-500:])
    if b.returncode:
        return 1
    script = os.path.join(work, "in_guest.sh")
    open(script, "w").write(IN_GUEST)
    r = subprocess.run([RUNNER, "--timeout", "600", "--rw", work, "--", "/bin/bash",
                        script, work, BCC2CORE], capture_output=True, text=True,
                       env=dict(os.environ, BCC2CORE_GUEST_KVER="6.12"))
    if r.returncode == 77:
        print("SKIP: the guest lane cannot run here\n" + r.stderr[-1000:])
        return 77
    res = {}
    if os.path.exists(os.path.join(work, "results")):
        res = dict(l.split() for l in open(os.path.join(work, "results")))
    check(r.returncode == 0 and res, "guest: modprobe nfs, /sys/kernel/btf/nfs",
          f"exit {r.returncode}: {(r.stdout + r.stderr)[-800:]}")

    def log(n):
        p = os.path.join(work, n)
        return open(p).read() if os.path.exists(p) else ""

    check(res.get("verify") == "0", "guest: verify", log("verify.log")[-500:])
    for i in (1, 2):
        text = log(f"run{i}.log")
        check(res.get(f"run{i}") == "0" and
              "attached (kprobe/nfs_release_request)" in text and
              "struct nfs_page in [nfs]" in text and "using cached minimized" not in text,
              f"guest: run {i}: attached, struct nfs_page relocated against [nfs]",
              text[-800:])
    print(f"{passed} passed, {failed} failed (kernel {kver})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
