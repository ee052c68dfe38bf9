#!/usr/bin/python3
"""A text with tables and no program (BCC loads those for their maps): it
builds, `verify` accepts it, and `run` creates its maps and prints them."""
import json
import os
import subprocess
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.path.join(os.path.dirname(__file__), "..", "golden", "tables_only.bcc.c")

require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "t.bpf.o")
    subprocess.run([BCC2CORE, "build", SRC, "-o", obj], check=True)
    v = subprocess.run([BCC2CORE, "verify", obj], capture_output=True, text=True, timeout=60)
    if v.returncode != 0 or "0 verified, 0 skipped" not in v.stdout:
        fail(f"verify exited {v.returncode}: {v.stdout}{v.stderr}")
    r = subprocess.run([BCC2CORE, "run", "--json", "--duration", "0.1", obj],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        fail(f"run exited {r.returncode}: {r.stderr}")
    maps = {m["name"]: m for m in map(json.loads, r.stdout.splitlines()) if m["type"] == "map"}
    want = {"counts": ("hash", 0), "config___bcc2core": ("array", 4),
            "scratch": ("percpu_array", 2), "shared_counts": ("hash", 0)}
    got = {n: (m["kind"], len(m["entries"])) for n, m in maps.items()}
    if got != want:
        fail(f"maps {got}, expected {want}")
    if any(e["value"] != 0 for e in maps["config___bcc2core"]["entries"]):
        fail(f"a new array is zeroed: {maps['config___bcc2core']['entries']}")
print("PASS: tables only: built, verified (nothing to verify), maps created and printed")
