"""guest_lane: the host side of the guest lane, shared by its Python drivers.

prepare() runs prepare.sh (QEMU, the kernel package, the initramfs; cached)
and turns its exit status into one outcome for every driver; kernel_btf()
gives a guest kernel's BTF, taken from the .BTF section of the vmlinux in
its package's vmlinuz, so the host can read that kernel's types without
booting it.
"""
import contextlib
import lzma
import os
import shutil
import subprocess
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
RUNNER = os.path.join(HERE, "run-in-guest.sh")
BCC2CORE = os.environ.get("BCC2CORE", os.path.join(REPO, "build", "bin", "bcc2core"))


class Unavailable(Exception):
    """QEMU or the kernel package cannot be had here: the test skips (77)"""


class PrepareFailed(Exception):
    """prepare.sh failed for another reason: the test fails"""


def prepare(kver=None):
    """prepare.sh's KEY=VALUE lines as a dict, plus 'cache_kdir' (the
    kernel's cache directory); kver picks the kernel (6.1, 6.1-rt, 6.12, a
    full release), else BCC2CORE_GUEST_KVER or the lane's default"""
    env = dict(os.environ)
    if kver:
        env["BCC2CORE_GUEST_KVER"] = kver
    prep = subprocess.run([os.path.join(HERE, "prepare.sh")], capture_output=True,
                          text=True, env=env)
    if prep.returncode == 77:
        raise Unavailable("QEMU or the guest kernel is unavailable\n" + prep.stderr[-1000:])
    if prep.returncode:
        raise PrepareFailed(f"prepare.sh: exit {prep.returncode}\n{prep.stderr[-2000:]}")
    kv = dict(l.split("=", 1) for l in prep.stdout.splitlines() if "=" in l)
    # $CACHE/<kver>/root/boot/vmlinuz-<kver>
    kv["cache_kdir"] = os.path.dirname(os.path.dirname(os.path.dirname(
        kv["BCC2CORE_GUEST_KERNEL"])))
    return kv


def unzstd(data):
    """zstd has no module in Python 3.11: the zstd command (setup installs
    it); what follows the frame (the vmlinuz's trailer) makes it exit 1 after
    writing the whole frame, so the output is judged, not the status"""
    r = subprocess.run(["zstd", "-dcq"], input=data, capture_output=True)
    if not r.stdout:
        raise zlib.error("zstd: " + r.stderr.decode(errors="replace").strip())
    return r.stdout


def prepared(kver=None, what=""):
    """prepare() for a test's main(): (its dict, None), or (None, the exit
    status) after printing SKIP (77: the lane cannot run here) or FAIL (1)"""
    try:
        return prepare(kver), None
    except Unavailable as e:
        print(f"SKIP: {what}{e}")
        return None, 77
    except PrepareFailed as e:
        print(f"FAIL: {what}{e}")
        return None, 1


def ready(kver=None, what=""):
    """prepared() for a test that needs root: SKIP (77) without it"""
    if os.geteuid():
        print("SKIP: needs root")
        return None, 77
    return prepared(kver, what)


@contextlib.contextmanager
def work_dir(prefix, keep=False):
    """A directory under /var/tmp (the guest sees it; its /tmp is its own),
    removed after the test unless @keep"""
    work = tempfile.mkdtemp(prefix=prefix, dir="/var/tmp")
    try:
        yield work
    finally:
        if keep:
            print("work directory", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


def kernel_btf(cache_kdir, kver):
    """the .BTF of the vmlinux inside the package's vmlinuz, cached as
    <cache_kdir>/vmlinux.btf"""
    out = os.path.join(cache_kdir, "vmlinux.btf")
    if os.path.exists(out):
        return out
    data = open(os.path.join(cache_kdir, "root", "boot", f"vmlinuz-{kver}"), "rb").read()
    vmlinux = None
    for magic, dec in ((b"\xfd7zXZ\x00", lambda b: lzma.LZMADecompressor().decompress(b)),
                       (b"\x1f\x8b\x08", lambda b: zlib.decompressobj(31).decompress(b)),
                       (b"\x28\xb5\x2f\xfd", unzstd)):   # 6.12 is zstd
        i = data.find(magic)
        while i >= 0 and vmlinux is None:
            try:
                v = dec(data[i:])
                if v[:4] == b"\x7fELF":
                    vmlinux = v
            except (lzma.LZMAError, zlib.error):
                pass
            i = data.find(magic, i + 1)
        if vmlinux:
            break
    if not vmlinux:
        raise RuntimeError("no xz/gzip-compressed ELF vmlinux in the vmlinuz")
    with tempfile.TemporaryDirectory(dir="/var/tmp") as t:
        elf = os.path.join(t, "vmlinux")
        open(elf, "wb").write(vmlinux)
        subprocess.run(["objcopy", "-O", "binary", "--only-section=.BTF", elf,
                        os.path.join(t, "btf")], check=True)
        if os.path.getsize(os.path.join(t, "btf")) < 1024:
            raise RuntimeError("the vmlinux has no .BTF section")
        # a name of its own: two tests extracting it at once each rename
        # a whole file into place
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(out), prefix=".btf.")
        os.close(fd)
        shutil.move(os.path.join(t, "btf"), tmp)
    os.replace(tmp, out)
    return out
