#!/usr/bin/python3
"""TRACEPOINT_PROBEs whose record's fields are the tracepoint's arguments,
against ground truth, in both of the forms bcc2core emits: tp_btf where
the kernel has BTF (this machine; the record's fields read from the
tracepoint's arguments), and the tracepoint itself where it has none
(BCC2CORE_KERNEL_BTF pointing nowhere, CO-RE from the object's --min-btf
bundle). Two programs:
- compat-tests/guest/progs/raw_syscalls.bcc.c: raw_syscalls:sys_enter/
  sys_exit, irq:softirq_entry and irq:irq_handler_entry/exit. The workload
  calls getppid(2) a known number of times: each form must count every call
  on entry and on exit, by syscall number, and sum what they returned (the
  parent's pid); every softirq it sees must be of a known vector; each
  interrupt handler's exit must name the interrupt its entry named, and
  return a known value (the workload syncs a file: a device interrupt).
- compat-tests/guest/progs/sched_events.bcc.c: sched:sched_process_fork/
  exec/exit, sched_wakeup(_new) and sched_switch. The workload names itself,
  forks a child that lowers its priority and execs sleep(1): each event's
  pids, prio and comm of that child must be what the workload knows.
  Where the kernel's sched_switch takes arguments other than those its
  form reads the fields from (the object's tag saying so, changed here),
  the tracepoint form runs.
- compat-tests/guest/progs/sock_states.bcc.c: sock:inet_sock_set_state.
  The workload connects over 127.0.0.1 and over ::1 from ports it knows:
  each socket's first state change, protocol and addresses (an IPv4
  socket's also mapped into IPv6) must be what the workload knows."""
import os
import platform
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
sys.dont_write_bytecode = True
import e2e_truth as T  # noqa: E402
from e2e_common import btfhub_of_this_kernel, expect_said, fail, require_root  # noqa: E402

BCC2CORE = os.environ["BCC2CORE"]
PROGRAMS = [
    (T.RawSyscalls(), ("tracepoint__raw_syscalls__sys_enter", "tracepoint__raw_syscalls__sys_exit",
                       "tracepoint__irq__softirq_entry", "tracepoint__irq__irq_handler_entry",
                       "tracepoint__irq__irq_handler_exit")),
    (T.SchedEvents(), ("tracepoint__sched__sched_process_fork",
                       "tracepoint__sched__sched_process_exec",
                       "tracepoint__sched__sched_process_exit",
                       "tracepoint__sched__sched_wakeup_new", "tracepoint__sched__sched_wakeup",
                       "tracepoint__sched__sched_switch")),
    (T.SockStates(), ("tracepoint__sock__inet_sock_set_state",)),
]


def run(prog, obj, tmp, *extra, env=None):
    prog.prepare(tmp)
    res = subprocess.run([BCC2CORE, "-v", "run", "--json", *extra, obj, "--", "sh", "-c",
                          prog.workload(tmp)], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, **(env or {})))
    if res.returncode != 0:
        fail(f"{prog.name}: run {extra} {env} exited {res.returncode}: {res.stderr}")
    problems = prog.check(T.records_of(res.stdout), prog.truth(tmp))
    if problems:
        fail(f"{prog.name}: run {extra} {env}: " + "; ".join(problems) + "\n" + res.stderr)
    return res


require_root()
if platform.machine() != "x86_64":
    print("SKIP: the programs compare x86_64's getppid number and sleep(1)'s comm")
    sys.exit(77)
if not os.path.exists("/sys/kernel/btf/vmlinux"):
    print("SKIP: the tp_btf forms need a kernel with BTF")
    sys.exit(77)
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    hub = btfhub_of_this_kernel(tmp)
    for prog, forms in PROGRAMS:
        obj = os.path.join(tmp, prog.name + ".bpf.o")
        subprocess.run([BCC2CORE, "build", "--min-btf", hub, prog.path, "-o", obj], check=True)

        # this kernel has BTF: every program as tp_btf
        res = run(prog, obj, tmp)
        for name in forms:
            event = name.rsplit("__", 1)[1]
            expect_said(res, f"{name}: {name}__tp_btf (tp_btf/{event}): the kernel's BTF has "
                        "the tracepoint")
            expect_said(res, f"{name}__tp_btf: attached (tp_btf/{event})")

        # a kernel without BTF: the tracepoints, CO-RE from the bundled min-BTF
        res = run(prog, obj, tmp, "--no-btf-cache", env={"BCC2CORE_KERNEL_BTF": "/nonexistent"})
        for name in forms:
            cat, event = name.split("__")[1:3]
            expect_said(res, f"{name}: {name} (tracepoint/{cat}/{event}): no kernel BTF (tp_btf "
                        "needs the kernel's own)")
            expect_said(res, f"{name}: attached (tracepoint/{cat}/{event})")
        if "__tp_btf: attached" in res.stderr:
            fail(f"{prog.name}: a tp_btf form attached on a kernel without BTF:\n" + res.stderr)

    # a kernel whose sched_switch takes other arguments (the object's record
    # of what the form reads them from, changed): the tracepoint form runs
    prog, _ = PROGRAMS[1]
    obj = os.path.join(tmp, prog.name + ".bpf.o")
    other = os.path.join(tmp, "other_args.bpf.o")
    data = open(obj, "rb").read()
    tag = b"bcc2core:tp_args=btt\0"
    if data.count(tag) != 1:
        fail(f"the object records sched_switch's arguments {data.count(tag)} times, not once")
    open(other, "wb").write(data.replace(tag, b"bcc2core:tp_args=bti\0"))
    res = run(prog, other, tmp, "--no-btf-cache")
    name = "tracepoint__sched__sched_switch"
    expect_said(res, f"{name}: {name} (tracepoint/sched/sched_switch): the tracepoint's "
                "arguments are not those its tp_btf form reads them from")
    expect_said(res, f"{name}: attached (tracepoint/sched/sched_switch)")
    expect_said(res, "tracepoint__sched__sched_wakeup__tp_btf: attached (tp_btf/sched_wakeup)")
    print(f"PASS: {T.RAW_SYSCALLS_CALLS} getppid calls counted on entry and exit by number, "
          "their returns summed, softirq vectors known, interrupt handlers paired; a child's "
          "fork, exec, exit, wakeups and switches with its pids, prio and comm; TCP sockets' "
          "state changes, ports and addresses over IPv4 and IPv6: as tp_btf here, "
          "as tracepoints without kernel BTF, and sched_switch as a tracepoint where its "
          "arguments are not what its form reads")
