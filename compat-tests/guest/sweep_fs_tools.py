#!/usr/bin/python3
"""guest-all/sweep_fs_tools: seven BCC tools that need what only the guest
sweep sets up, run unmodified under the drop-in package in Debian's 6.1
kernel (compat-tests/sweep/guest_sweep.py, one boot): xfsslower and
btrfsslower with the workload's files on XFS and btrfs (loop devices),
nfsslower on NFSv4.2 from the guest's own kernel server (its WRITEs and the
COMMITs of its fsyncs, the file named through struct nfs_commit_data),
mdflush with them on ext4 on an md RAID1 of two loop devices, oomkill on a
child OOM-killed in a memory cgroup, and tcpdrop on a SYN of the workload's
own that an nftables OUTPUT rule drops; and cachetop, a curses tool, on a
terminal of its own (its screens read back) around the workload's writes.
Each must be "correct" by the
sweep's own checks: the workload's pid, sizes and file names. The sweep's
doc and state go to a temp directory (docs/tool-sweep.md is not touched).
0 pass, 1 otherwise, 77 not root or no guest lane."""
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import guest_lane  # noqa: E402

SWEEP = os.path.join(HERE, "..", "sweep", "guest_sweep.py")
TOOLS = ["xfsslower", "btrfsslower", "nfsslower", "mdflush", "oomkill", "tcpdrop", "cachetop"]


def main():
    prep, status = guest_lane.ready("6.1", what="sweep_fs_tools: ")
    if prep is None:
        return status
    with guest_lane.work_dir("bcc2core-sweepfs.") as tmp:
        r = subprocess.run(["/usr/bin/python3", SWEEP, "--only", ",".join(TOOLS),
                            "--kernel", "6.1", "--timeout", "1200",
                            "--doc", os.path.join(tmp, "tool-sweep.md"),
                            "--state", os.path.join(tmp, "state.json")],
                           capture_output=True, text=True)
        sys.stdout.write(r.stdout[-3000:])
        # guest_sweep.py logs its temp dir on stderr
        m = re.search(r"outputs in (\S+)", r.stderr)
        base = m.group(1) if m else None
        try:
            with open(os.path.join(tmp, "state.json")) as f:
                state = json.load(f)
        except (OSError, ValueError):
            state = {}
        failed = 0
        for t in TOOLS:
            cell = state.get(t, {}).get("guest")
            ok = bool(cell) and cell[0] == "correct"
            print(("ok   " if ok else "FAIL ") + t + ": " +
                  (" ".join(cell) if cell else "no guest result")[:400])
            failed += not ok
        if r.returncode or not state:
            print("FAIL guest_sweep.py exited %d: %s" % (r.returncode, r.stderr[-1500:]))
            failed += 1
        if failed:
            print("the runs are kept in %s (runs/TOOL-dropin/out.txt)" % base)
        elif base:
            shutil.rmtree(base, ignore_errors=True)
    print("%d passed, %d failed" % (len(TOOLS) - min(failed, len(TOOLS)), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
