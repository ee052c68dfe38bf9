#!/usr/bin/python3
"""Guest smoke: BCC compiles against the guest kernel's headers, a syscall
kprobe attaches and fires, and so does an fentry (KFUNC_PROBE) program.

Counts execve() calls made by a few /bin/true runs. Prints
"kprobe_execve_count=N" and "fentry_execve_count=N" (or
"fentry_error=..."); exits 0 when the kprobe count is > 0."""
import subprocess
import sys
import time

from bcc import BPF

KPROBE_PROG = r"""
BPF_ARRAY(counts, u64, 1);

int on_execve(struct pt_regs *ctx)
{
	int zero = 0;
	u64 *v = counts.lookup(&zero);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}
"""

FENTRY_PROG = r"""
BPF_ARRAY(counts, u64, 1);

KFUNC_PROBE(FNNAME)
{
	int zero = 0;
	u64 *v = counts.lookup(&zero);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}
"""


def trigger():
    for _ in range(3):
        subprocess.run(["/bin/true"], check=True)


def total(b):
    return sum(v.value for v in b["counts"].values())


t0 = time.monotonic()
kp = BPF(text=KPROBE_PROG)
fn = kp.get_syscall_fnname("execve").decode()
kp.attach_kprobe(event=fn, fn_name="on_execve")
print(f"kprobe on {fn}: compiled+attached in {time.monotonic() - t0:.1f}s",
      file=sys.stderr)

fe = None
try:
    t0 = time.monotonic()
    # KFUNC_PROBE programs are attached by BCC when the module loads.
    fe = BPF(text=FENTRY_PROG.replace("FNNAME", fn))
    print(f"fentry on {fn}: compiled+attached in {time.monotonic() - t0:.1f}s",
          file=sys.stderr)
except Exception as e:  # report, the caller decides
    print(f"fentry_error={type(e).__name__}: {e}".replace("\n", " "))

trigger()

count = total(kp)
print(f"kprobe_execve_count={count}")
if fe is not None:
    print(f"fentry_execve_count={total(fe)}")
sys.exit(0 if count > 0 else 1)
