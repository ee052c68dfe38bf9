#!/usr/bin/python3
"""bcc2core diff, the disagreeing case: examples/execsnoop_ppid.bcc.c reads
task->real_parent->tgid; BCC compiled against Debian's 6.1 headers reads it at
6.1's offsets on this kernel. Exit 1, the map and field named, BCC's wrong
value beside bcc2core's right one, and --truth (written by the workload: each
shell's own pid and parent pid, in the text and the JSON form) marking
bcc2core; the text report says the headers are not the kernel's."""
import os
import subprocess
import tempfile

from diff_common import BCC2CORE, SRC, diff, fail, headers_61

PROG = os.path.join(SRC, "examples", "execsnoop_ppid.bcc.c")


def main():
    hdr = headers_61()
    with tempfile.TemporaryDirectory() as tmp:
        truth = os.path.join(tmp, "truth")
        # each shell writes its ppid as a text line and its tgid as JSON
        one = (f'echo "last_exec $$ ppid $PPID" >> {truth}; '
               f'echo "{{\\"map\\":\\"last_exec\\",\\"key\\":$$,\\"field\\":\\"tgid\\",'
               f'\\"value\\":$$}}" >> {truth}')
        script = f"{one}; for i in 1 2 3; do sh -c '{one}'; done"
        status, recs, err, left = diff(["--bcc-headers", hdr, "--truth", truth, PROG, "--",
                                        "sh", "-c", script])
        if left:
            fail(f"left behind (BPF programs held): {left}")
        if status != 1 or recs[-1]["equal"]:
            fail(f"exit {status}: {recs[-1]}\nstderr: {err}")
        s = recs[-1]
        if s["headers_match"] or not s.get("reads_kernel_structs"):
            fail(f"summary: {s}")
        # the kernel fields whose values depend on BCC's headers, named
        if s.get("kernel_fields") != ["task_struct.real_parent", "task_struct.tgid"]:
            fail(f"kernel_fields: {s.get('kernel_fields')}")
        pids = [tuple(int(x) for x in l.split()[1:4:2]) for l in open(truth)
                if l.startswith("last_exec")]
        if len(pids) != 4:
            fail(f"the workload wrote {pids}")
        diffs = {(r["key"], r["field"]): r for r in recs
                 if r["type"] == "difference" and r["map"] == "last_exec" and "field" in r}
        for pid, ppid in pids:
            for field, want in (("ppid", ppid), ("tgid", pid)):
                d = diffs.get((pid, field))
                if not d or d["bcc2core"] != want or d["bcc"] == want:
                    fail(f"last_exec {pid} {field}: {d} (truth {want})")
                if d.get("truth") != "bcc2core" or d.get("expected") != want:
                    fail(f"not marked bcc2core: {d}")
                if d.get("cause") != "bcc_headers":
                    fail(f"no cause: {d}")
        # the text report
        res = subprocess.run([BCC2CORE, "diff", "--bcc-headers", hdr, PROG, "--", "sh", "-c",
                              "sh -c true"], capture_output=True, text=True, timeout=180)
        if res.returncode != 1 or "not the running kernel's" not in res.stdout or \
                "map last_exec key" not in res.stdout or "field ppid" not in res.stdout or \
                "(CO-RE reads in the converted C: task_struct.real_parent, task_struct.tgid)" \
                not in res.stdout:
            fail(f"text report: exit {res.returncode}: {res.stdout}\n{res.stderr}")
    print(f"PASS: different, last_exec ppid and tgid of {len(pids)} processes: "
          "BCC wrong, bcc2core right, the truth marks bcc2core")


main()
