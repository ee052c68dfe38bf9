#!/usr/bin/python3
"""Open -> configure -> load: bpf_num_cpus() becomes this machine's online
CPU count at load (not the build host's), --set overrides it, and
--map-size caps a map."""
import json
import os
import subprocess
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.path.join(os.path.dirname(__file__), "progs", "configure.bcc.c")


def run(obj, *opts):
    res = subprocess.run([BCC2CORE, "run", "--json", *opts, obj, "--", "sh", "-c",
                          "for i in 1 2 3 4 5 6; do /bin/true; done"],
                         capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        fail(f"run {opts} exited {res.returncode}: {res.stderr}")
    return {r["name"]: r["entries"] for r in map(json.loads, res.stdout.splitlines())
            if r["type"] == "map"}


require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "prog.bpf.o")
    subprocess.run([BCC2CORE, "build", SRC, "-o", obj], check=True)
    m = run(obj)
    if m["cpus"][0]["value"] != os.sysconf("SC_NPROCESSORS_ONLN"):
        fail(f"bpf_num_cpus() = {m['cpus'][0]['value']}")
    if len(m["seen"]) < 7:
        fail(f"{len(m['seen'])} execs seen, expected >= 7")
    m = run(obj, "--set", "bcc2core_num_cpus=42", "--map-size", "seen=3")
    if m["cpus"][0]["value"] != 42:
        fail(f"--set: bpf_num_cpus() = {m['cpus'][0]['value']}")
    if len(m["seen"]) != 3:
        fail(f"--map-size seen=3: {len(m['seen'])} entries")
    print("PASS: bpf_num_cpus at load, --set and --map-size applied before load")
