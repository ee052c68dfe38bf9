#!/usr/bin/python3
"""The object cache BPF(text=, cflags=) finds converted objects in:
`cache add` stores, `cache find` finds exactly that text with exactly those
cflags, and an entry anyone else could have written, or whose recorded text
or converter build differs (an object an older bcc2core built, after an
upgrade), is never used."""
import os
import re
import subprocess
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
PROG = b"""BPF_HASH(counts, u32, u64);
TRACEPOINT_PROBE(syscalls, sys_enter_getppid) {
    u32 k = VALUE;
    counts.increment(k);
    return 0;
}
"""


def cache(tmp, *args):
    env = dict(os.environ, BCC2CORE_CACHE_DIR=os.path.join(tmp, "cache"))
    return subprocess.run([BCC2CORE, "cache", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def found(tmp, *args):
    r = cache(tmp, "find", *args)
    return r.stdout.strip() if r.returncode == 0 else None


require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    src = os.path.join(tmp, "prog.bcc.c")
    with open(src, "wb") as f:
        f.write(PROG)
    if found(tmp, "-D", "VALUE=1", src):
        fail("an empty cache found an object")
    r = cache(tmp, "add", "-D", "VALUE=1", src)
    if r.returncode:
        fail(f"cache add: {r.stderr}")
    path = r.stdout.strip()
    if not path.endswith(".bpf.o") or not os.path.isfile(path):
        fail(f"cache add printed {path!r}")
    if found(tmp, "-D", "VALUE=1", src) != path:
        fail("cache find does not find what cache add stored")
    if found(tmp, "-D", "VALUE=2", src) or found(tmp, src):
        fail("other cflags found the object")
    entry_dir = os.path.dirname(path)
    srcrec = path[:-len(".bpf.o")] + ".src"
    if os.stat(entry_dir).st_mode & 0o777 != 0o700 or os.stat(path).st_mode & 0o077:
        fail("the cache is readable or writable by others")
    # what another user could have written is not used
    os.chmod(path, 0o666)
    if found(tmp, "-D", "VALUE=1", src):
        fail("a world-writable object was used")
    os.chmod(path, 0o600)
    os.chown(srcrec, 65534, 65534)
    if found(tmp, "-D", "VALUE=1", src):
        fail("a record owned by another user was used")
    os.chown(srcrec, 0, 0)
    os.chmod(entry_dir, 0o777)
    if found(tmp, "-D", "VALUE=1", src):
        fail("a world-writable cache directory was used")
    os.chmod(entry_dir, 0o700)
    # an entry made from other text (same key file) is not this program's
    with open(srcrec, "rb") as f:
        rec = f.read()
    with open(srcrec, "wb") as f:
        f.write(rec.replace(b"increment", b"increment "))
    if found(tmp, "-D", "VALUE=1", src):
        fail("an entry recorded for other text was used")
    with open(srcrec, "wb") as f:
        f.write(rec)
    if found(tmp, "-D", "VALUE=1", src) != path:
        fail("the restored entry is not found")
    # the entry records the converter that built it, the one --version names
    ver = subprocess.run([BCC2CORE, "--version"], capture_output=True, text=True).stdout
    m = re.search(r"^converter build ([0-9a-f]{16}) ", ver, re.M)
    if not m:
        fail(f"--version names no converter build: {ver!r}")
    line = b"converter " + m.group(1).encode() + b"\n"
    if line not in rec:
        fail(f"the entry does not record converter build {m.group(1)}")
    # an object another converter build made is not this one's
    with open(srcrec, "wb") as f:
        f.write(rec.replace(line, b"converter 0123456789abcdef\n"))
    if found(tmp, "-D", "VALUE=1", src):
        fail("an entry recorded by another converter build was used")
    with open(srcrec, "wb") as f:
        f.write(rec)
    # the object runs
    r = subprocess.run([BCC2CORE, "run", "--json", "--duration", "1", path],
                       capture_output=True, text=True, timeout=60)
    if r.returncode:
        fail(f"run of the cached object: {r.stderr}")
    print("PASS: cache add/find by exact text, cflags and converter build; untrusted or "
      "mismatched entries unused")
