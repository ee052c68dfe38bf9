"""What every e2e test shares."""
import os
import platform
import shutil
import subprocess
import sys


def fail(msg):
    """Reports the failed check and ends the test with status 1."""
    print("FAIL:", msg)
    sys.exit(1)


# pins other tests make while they run beside this one (ctest -j2):
# lib/golden.sh's and e2e/test_pinned.py's
OTHER_TESTS_PINS = ("/sys/fs/bpf/bcc2core-test-", "/sys/fs/bpf/bcc2core_test_pinned_")


def bpf_pins():
    """Every pin under /sys/fs/bpf (none where it cannot be read) but the
    ones other tests make beside this one."""
    found = set()
    for root, _dirs, files in os.walk("/sys/fs/bpf"):
        found |= {os.path.join(root, f) for f in files}
    return {p for p in found if not p.startswith(OTHER_TESTS_PINS)}


def session_pids(sid):
    """The processes of session @sid"""
    pids = []
    for p in os.listdir("/proc"):
        try:
            if p.isdigit() and os.getsid(int(p)) == sid:
                pids.append(int(p))
        except OSError:
            pass
    return pids


def bpf_fds_in_session(sid, kinds=("bpf-prog", "bpf_link", "bpf-map")):
    """Yields (kind, pid) for each BPF program, link or map (@kinds) a
    process of session @sid holds: from /proc, not bpftool's owner pids,
    which need bpftool's pid iterator (it does not load on every kernel:
    none on Debian's 6.1)"""
    for p in session_pids(sid):
        try:
            fds = os.listdir(f"/proc/{p}/fd")
        except OSError:     # gone meanwhile
            continue
        for fd in fds:
            try:
                what = os.readlink(f"/proc/{p}/fd/{fd}")
            except OSError:     # closed meanwhile
                continue
            if what.startswith("anon_inode:") and what[11:] in kinds:
                yield what[11:], p


def require_root():
    """Ends the test as skipped (ctest's 77) unless it runs as root."""
    if os.geteuid() != 0:
        print("SKIP: needs root")
        sys.exit(77)


def disassembly(obj):
    """llvm-objdump -d of @obj"""
    for tool in ("llvm-objdump-14", "llvm-objdump"):
        try:
            return subprocess.run([tool, "-d", obj], capture_output=True, text=True,
                                  check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            continue
    fail("no llvm-objdump to read the object with")


def sections(code):
    """{section: its disassembly} of llvm-objdump -d's @code"""
    out, name = {}, None
    for line in code.splitlines(keepends=True):
        if line.startswith("Disassembly of section "):
            name = line[len("Disassembly of section "):].rstrip().rstrip(":")
            out[name] = ""
        elif name:
            out[name] += line
    return out


def build_verified(bcc2core, src, obj, flags=(), progs=1):
    """`bcc2core -v build` @src to @obj, then `bcc2core verify` it (@progs
    programs verified); its stderr and its disassembly"""
    r = subprocess.run([bcc2core, "-v", "build", *flags, src, "-o", obj], capture_output=True,
                       text=True, timeout=120)
    if r.returncode:
        fail(f"build {src}: exit {r.returncode}: {r.stderr[-800:]}")
    v = subprocess.run([bcc2core, "verify", obj], capture_output=True, text=True, timeout=60)
    if v.returncode or f"{progs} verified, 0 skipped" not in v.stdout:
        fail(f"verify {obj}: exit {v.returncode}: {v.stdout}{v.stderr[-800:]}")
    return r.stderr, disassembly(obj)


def expect_said(res, line):
    """Fails unless `bcc2core -v` said @line (on its stderr)."""
    if line not in res.stderr:
        fail(f"run -v did not say '{line}':\n{res.stderr}")


def os_key():
    """(ID, VERSION_ID) of /etc/os-release: a btfhub tree's first two levels"""
    info = dict(l.rstrip("\n").split("=", 1) for l in open("/etc/os-release") if "=" in l)
    return info["ID"].strip('"'), info.get("VERSION_ID", "unknown").strip('"')


def btfhub_of_this_kernel(tmp, *more_keys):
    """A btfhub tree under @tmp holding this kernel's BTF under its own key
    (ID/VERSION_ID/ARCH/RELEASE.btf) and under @more_keys: what
    `build --min-btf` bundles from"""
    hub = os.path.join(tmp, "btfhub")
    ident, ver = os_key()
    for key in (f"{ident}/{ver}/{platform.machine()}/{platform.release()}",) + more_keys:
        os.makedirs(os.path.dirname(os.path.join(hub, key)), exist_ok=True)
        shutil.copy("/sys/kernel/btf/vmlinux", os.path.join(hub, key + ".btf"))
    return hub
