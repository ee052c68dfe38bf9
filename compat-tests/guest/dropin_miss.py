#!/usr/bin/python3
"""A cache miss under the drop-in `bcc` package on a kernel with kprobes.

A BCC tool attaches most of its kprobe programs by name
(attach_kprobe(event=F, fn_name="trace_x")), after BPF() built the program
without knowing F: the function is a bare SEC("kprobe") program. Where it
loads (kprobes exist) it must attach to F as it is, one build in all, not a
build again per attach call (0.6 s each natively, ~11 s under TCG; nfsslower
made five). So must one attached with the other end's call
(attach_kretprobe of a program the rewriter tagged bcc2core:args_unused: it
reads its registers through its context alone). In one boot of the 6.1
guest, with an empty object cache, the script below counts its own calls of
do_unlinkat and do_rmdir (entry) and do_rmdir's returns of 0 through such
programs, makes 5 unlinks, 3 rmdirs and one rmdir of a missing directory,
and prints the counts: they must be 5, 4 and 3, from one build.

usage: dropin_miss.py [--keep]
Env: BCC2CORE (default <repo>/build/bin/bcc2core). Exit 0 when all checks
pass, 1 otherwise, 77 not root or no guest lane.
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guest_lane  # noqa: E402
from guest_lane import BCC2CORE, RUNNER  # noqa: E402

TOOL = r'''
import os, sys
from bcc import BPF
b = BPF(text="""
BPF_HASH(calls, u32, u64);
static int count(u32 what)
{
    if ((bpf_get_current_pid_tgid() >> 32) != PID)
        return 0;
    calls.increment(what);
    return 0;
}
int on_unlink(struct pt_regs *ctx) { return count(1); }
int on_rmdir(struct pt_regs *ctx) { return count(2); }
int on_rmdir_ret(struct pt_regs *ctx)
{
    if (PT_REGS_RC(ctx) == 0)
        count(3);
    return 0;
}
""".replace("PID", str(os.getpid())))
b.attach_kprobe(event="do_unlinkat", fn_name="on_unlink")
b.attach_kprobe(event="do_rmdir", fn_name="on_rmdir")
b.attach_kretprobe(event="do_rmdir", fn_name="on_rmdir_ret")
d = sys.argv[1]
for i in range(5):
    open(os.path.join(d, "f%d" % i), "w").close()
    os.unlink(os.path.join(d, "f%d" % i))
for i in range(3):
    os.mkdir(os.path.join(d, "d%d" % i))
    os.rmdir(os.path.join(d, "d%d" % i))
try:
    os.rmdir(os.path.join(d, "absent"))
except FileNotFoundError:
    pass
c = {k.value: v.value for k, v in b["calls"].items()}
print("unlink %d rmdir %d rmdir-ok %d" % (c.get(1, 0), c.get(2, 0), c.get(3, 0)))
'''

IN_GUEST = r'''
export PYTHONPATH=$("$2" python-path)
export BCC2CORE_CACHE_DIR="$1/cache"
mkdir -p "$1/scratch"
/usr/bin/python3 "$1/tool.py" "$1/scratch" > "$1/out" 2> "$1/err"
echo $? > "$1/rc"
'''


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    a = ap.parse_args()
    prep, status = guest_lane.ready(what="dropin_miss: ")
    if prep is None:
        return status
    with guest_lane.work_dir("bcc2core-dmiss.", a.keep) as work:
        open(os.path.join(work, "tool.py"), "w").write(TOOL)
        open(os.path.join(work, "in_guest.sh"), "w").write(IN_GUEST)
        r = subprocess.run([RUNNER, "--timeout", "600", "--rw", work, "--", "/bin/bash",
                            os.path.join(work, "in_guest.sh"), work, BCC2CORE],
                           capture_output=True, text=True)
        if r.returncode == 77:
            print("SKIP: the guest lane cannot run here\n" + r.stderr[-1000:])
            return 77

        def read(n):
            p = os.path.join(work, n)
            return open(p).read() if os.path.exists(p) else ""

        out, err, rc = read("out").strip(), read("err"), read("rc").strip()
        builds = err.count("converted and compiled this BPF program")
        checks = [
            (rc == "0" and out == "unlink 5 rmdir 4 rmdir-ok 3",
             "counts of the tool's own unlinks, rmdirs and rmdirs that returned 0: 5, 4, 3",
             f"exit {rc or r.returncode}, printed {out!r}; {err[-600:]}"),
            (builds == 1 and " again" not in err,
             "one build (at BPF()), none again at the attach calls",
             f"{builds} builds: {err[-600:]}"),
        ]
        for ok, what, detail in checks:
            print(("ok   " if ok else "FAIL ") + what + ("" if ok else ": " + detail))
        failed = sum(not c[0] for c in checks)
        print(f"{len(checks) - failed} passed, {failed} failed "
              f"(kernel {prep.get('BCC2CORE_GUEST_KVER', '?')})")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
