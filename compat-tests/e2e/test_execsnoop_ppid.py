#!/usr/bin/python3
"""End to end against ground truth: the bundled example, built ahead of time,
run under `bcc2core run --json -- CMD`, must report the true PID and parent
PID of every process CMD spawns. The processes write down their own PID and
PPID (the ground truth); the BPF side reads them from task_struct through
CO-RE (BCC, compiled against mismatched headers, reads garbage here)."""
import json
import os
import subprocess
import sys
import tempfile

from e2e_common import fail

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.path.join(os.environ["BCC2CORE_SOURCE_DIR"], "examples", "execsnoop_ppid.bcc.c")


def main():
    if os.geteuid() != 0:
        print("SKIP: needs root to load BPF programs")
        sys.exit(77)
    with tempfile.TemporaryDirectory() as tmp:
        obj = os.path.join(tmp, "prog.bpf.o")
        rec = os.path.join(tmp, "truth.txt")
        subprocess.run([BCC2CORE, "build", SRC, "-o", obj], check=True)
        # each shell records "pid ppid"; the inner one then execs /bin/true
        script = (
            f'echo "$$ $PPID sh" >> {rec}; '
            f'for i in 1 2 3; do sh -c \'echo "$$ $PPID sh" >> {rec}\'; done; '
            f'sh -c \'echo "$$ $PPID true" >> {rec}; exec /bin/true\''
        )
        res = subprocess.run([BCC2CORE, "run", "--json", obj, "--", "sh", "-c", script],
                             capture_output=True, text=True, timeout=60)
        if res.returncode != 0:
            fail(f"run exited {res.returncode}: {res.stderr}")
        truth = []
        with open(rec) as f:
            for line in f:
                pid, ppid, comm = line.split()
                truth.append((int(pid), int(ppid), comm))
        records = [json.loads(l) for l in res.stdout.splitlines() if l.strip()]
        maps = {r["name"]: r for r in records if r["type"] == "map"}
        if set(maps) != {"execs", "last_exec"}:
            fail(f"maps: {sorted(maps)}")
        execs = {(e["key"]["pid"], e["key"]["comm"]): e for e in maps["execs"]["entries"]}
        last = {e["key"]: e["value"] for e in maps["last_exec"]["entries"]}
        for pid, ppid, comm in truth:
            e = execs.get((pid, comm))
            if not e:
                fail(f"no exec record for pid {pid} ({comm}); got {sorted(execs)}")
            if e["key"]["ppid"] != ppid:
                fail(f"pid {pid}: ppid {e['key']['ppid']}, truth {ppid}")
            if e["value"] != 1:
                fail(f"pid {pid} {comm}: count {e['value']}, expected 1")
            if last[pid]["tgid"] != pid or last[pid]["ppid"] != ppid:
                fail(f"last_exec[{pid}] = {last[pid]}, truth tgid {pid} ppid {ppid}")
        # the pid that execed sh then true counted twice in last_exec
        sh_then_true = [p for p, _, c in truth if c == "true"][0]
        if last[sh_then_true]["count"] != 2:
            fail(f"last_exec[{sh_then_true}].count = {last[sh_then_true]['count']}, expected 2")
        print(f"PASS: {len(truth)} processes, pids and parent pids match the ground truth")


main()
