#!/usr/bin/python3
"""Where CO-RE gets kernel types from, each checked against ground truth:
the per-kernel cache of minimized BTF (filled on the first run, used on the
next, refused when others could write it, keyed by the whole object),
`run --btf FILE`, and
`build --min-btf DIR` for a kernel without /sys/kernel/btf/vmlinux (this
kernel's BTF presented as a foreign one, in BTFHub's layout)."""
import json
import os
import platform
import shutil
import stat
import subprocess
import sys
import tempfile

from e2e_common import btfhub_of_this_kernel, fail, os_key, require_root

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.path.join(os.environ["BCC2CORE_SOURCE_DIR"], "examples", "execsnoop_ppid.bcc.c")


def run(obj, tmp, *extra, env=None, expect_ok=True):
    rec = os.path.join(tmp, "truth")
    script = f'echo "$$ $PPID" > {rec}; exec /bin/true'
    res = subprocess.run([BCC2CORE, "-v", "run", "--json", *extra, obj, "--", "sh", "-c", script],
                         capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, **(env or {})))
    if not expect_ok:
        return res
    if res.returncode != 0:
        fail(f"run {extra} exited {res.returncode}: {res.stderr}")
    pid, ppid = map(int, open(rec).read().split())
    maps = {r["name"]: r for r in map(json.loads, res.stdout.splitlines()) if r["type"] == "map"}
    keys = {(e["key"]["pid"], e["key"]["comm"]): e["key"]["ppid"] for e in maps["execs"]["entries"]}
    if keys.get((pid, "true")) != ppid:
        fail(f"run {extra} {env}: pid {pid} ppid {keys.get((pid, 'true'))}, truth {ppid}")
    return res


require_root()
if not os.path.exists("/sys/kernel/btf/vmlinux"):
    print("SKIP: the kernel has no BTF to present as a foreign one")
    sys.exit(77)
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "prog.bpf.o")
    subprocess.run([BCC2CORE, "build", SRC, "-o", obj], check=True)

    # the cache: filled once, used after, private
    cache = os.path.join(tmp, "cache")
    env = {"BCC2CORE_CACHE_DIR": cache}
    first = run(obj, tmp, env=env)
    # the store's message, and not the lookup's (which also says "cached ...")
    if "cached minimized kernel BTF for this object in " + cache not in first.stderr or \
            "using cached" in first.stderr:
        fail("first run did not fill the (empty) cache:\n" + first.stderr)
    # one minimized BTF, and the kernel's remembered answers ("facts": the
    # arguments of the tracepoint its tp_btf form runs on) beside it
    filled = [f for _, _, fs in os.walk(cache) for f in fs if f.endswith(".btf")]
    second = run(obj, tmp, env=env)
    if "using cached minimized kernel BTF " + cache not in second.stderr or \
            "for this object in" in second.stderr:
        fail("second run did not use the cache:\n" + second.stderr)
    every = [os.path.join(d, f) for d, _, fs in os.walk(cache) for f in fs]
    files = [f for f in every if f.endswith(".btf")]
    if len(filled) != 1 or len(files) != 1 or \
            any(stat.S_IMODE(os.stat(f).st_mode) != 0o600 for f in every) or \
            stat.S_IMODE(os.stat(os.path.dirname(files[0])).st_mode) != 0o700 or \
            {os.path.basename(f) for f in every} - {os.path.basename(files[0]), "facts"}:
        fail(f"cache files/modes: {[(f, oct(os.stat(f).st_mode)) for f in every]}")
    os.chmod(os.path.dirname(files[0]), 0o777)     # another user could write there now
    third = run(obj, tmp, env=env)
    if "using cached" in third.stderr or "not using cache" not in third.stderr:
        fail("a world-writable cache was trusted:\n" + third.stderr)

    # the key is the object's contents, all of them: a copy elsewhere finds
    # the entry; a zero byte more at the end (a length that is no multiple
    # of the hash's 8-byte words) makes another
    cache2 = os.path.join(tmp, "cache2")
    env2 = {"BCC2CORE_CACHE_DIR": cache2}
    run(obj, tmp, env=env2)
    copy, longer = os.path.join(tmp, "copy.bpf.o"), os.path.join(tmp, "longer.bpf.o")
    shutil.copy(obj, copy)
    shutil.copy(obj, longer)
    with open(longer, "ab") as f:
        f.write(b"\0")
    if "using cached minimized kernel BTF " + cache2 not in run(copy, tmp, env=env2).stderr:
        fail("a copy of the object did not find the entry of the original")
    res = run(longer, tmp, env=env2)
    entries = [f for _, _, fs in os.walk(cache2) for f in fs if f.endswith(".btf")]
    if "using cached" in res.stderr or len(entries) != 2:
        fail(f"an object one byte longer used another's entry ({entries}):\n{res.stderr}")

    # --btf FILE
    run(obj, tmp, "--btf", "/sys/kernel/btf/vmlinux", "--no-btf-cache")

    # --min-btf: this kernel's BTF as a foreign kernel's, plus another one
    hub = btfhub_of_this_kernel(tmp, f"ubuntu/22.04/{platform.machine()}/5.15.0-100-generic")
    ident, ver = os_key()
    bundled = os.path.join(tmp, "bundled.bpf.o")
    subprocess.run([BCC2CORE, "build", "--min-btf", hub, SRC, "-o", bundled], check=True)
    nobtf = {"BCC2CORE_KERNEL_BTF": "/nonexistent"}
    res = run(bundled, tmp, "--no-btf-cache", env=nobtf)
    if "using the object's bundled BTF for " + f"{ident}/{ver}" not in res.stderr:
        fail("bundled BTF not used:\n" + res.stderr)
    os_rel = os.path.join(tmp, "os-release")
    open(os_rel, "w").write('ID=nowhere\nVERSION_ID="1"\n')
    res = run(bundled, tmp, "--no-btf-cache", env=dict(nobtf, BCC2CORE_OS_RELEASE=os_rel),
              expect_ok=False)
    if res.returncode == 0 or "has no BTF and the object bundles none for it" not in res.stderr:
        fail(f"unknown kernel: exit {res.returncode}\n{res.stderr}")
    print("PASS: BTF cache (fill, use, refuse unsafe), --btf and --min-btf all give true PIDs")
