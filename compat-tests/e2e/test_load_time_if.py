#!/usr/bin/python3
"""#if LINUX_VERSION_CODE / #ifdef CONFIG_* in a function are decided when
the object loads, from the running kernel: the same object gives the key this
kernel's version and config imply, and another key when run --kconfig gives
it a config where CONFIG_KPROBES=y. (The guest matrix runs the same program
on Debian's 6.1 kernel, whose version gives the other branch.)"""
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.path.join(os.path.dirname(__file__), "..", "guest", "progs", "kconfig_groups.bcc.c")


def keys(obj, *opts):
    res = subprocess.run([BCC2CORE, "run", "--json", *opts, obj, "--", "/bin/true"],
                         capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        fail(f"run {opts} exited {res.returncode}: {res.stderr}")
    maps = {r["name"]: r["entries"] for r in map(json.loads, res.stdout.splitlines())
            if r["type"] == "map"}
    return sorted(e["key"] for e in maps["counts"])


require_root()
rel = os.uname().release
cfg = next((p for p in ("/proc/config.gz", f"/boot/config-{rel}") if os.access(p, os.R_OK)),
           None)
if not cfg:
    print("SKIP: this kernel's config is not readable")
    sys.exit(77)
with (gzip.open if cfg.endswith(".gz") else open)(cfg, "rt") as f:
    config = f.read()
version = tuple(int(x) for x in re.match(r"(\d+)\.(\d+)", rel).groups())
base = 2 if version >= (6, 5) else 1
kprobes = bool(re.search(r"^CONFIG_KPROBES=y$", config, re.M))

with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "prog.bpf.o")
    out = os.path.join(tmp, "prog.bpf.c")
    subprocess.run([BCC2CORE, "build", SRC, "-o", obj], check=True, capture_output=True)
    subprocess.run([BCC2CORE, "convert", SRC, "-o", out], check=True, capture_output=True)
    text = open(out).read()
    if re.search(r"^\s*#\s*if", text, re.M) or "LINUX_KERNEL_VERSION >=" not in text or \
            "extern enum libbpf_tristate CONFIG_KPROBES __kconfig __weak;" not in text:
        fail(f"the #if groups were not turned into load-time tests:\n{text}")
    got = keys(obj)
    if got != [base + (10 if kprobes else 0)]:
        fail(f"this kernel ({rel}, CONFIG_KPROBES {'y' if kprobes else 'unset'}): keys {got}")
    # the same object, told the kernel has the other CONFIG_KPROBES
    flipped = os.path.join(tmp, "config")
    with open(flipped, "w") as f:
        f.write(re.sub(r"^(CONFIG_KPROBES=y|# CONFIG_KPROBES is not set)$",
                       "# CONFIG_KPROBES is not set" if kprobes else "CONFIG_KPROBES=y",
                       config, flags=re.M))
    got = keys(obj, "--kconfig", flipped)
    if got != [base + (0 if kprobes else 10)]:
        fail(f"--kconfig with CONFIG_KPROBES {'unset' if kprobes else 'y'}: keys {got}")
    print(f"PASS: #if decided at load: key {base + (10 if kprobes else 0)} here, "
          f"{base + (0 if kprobes else 10)} with --kconfig flipping CONFIG_KPROBES")
