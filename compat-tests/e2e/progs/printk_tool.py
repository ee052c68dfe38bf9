#!/usr/bin/python3
"""A BCC tool that reads trace_pipe, as BCC's examples do (hello_fields.py,
trace_fields.py): each getppid() of process PID prints one printk line,
read back with trace_fields() under a header ("fields"), or printed raw by
trace_print() with no header at all ("print").
Usage: printk_tool.py fields|print PID"""
import sys

from bcc import BPF

mode, pid = sys.argv[1], int(sys.argv[2])
b = BPF(text="""
TRACEPOINT_PROBE(syscalls, sys_enter_getppid)
{
    if (bpf_get_current_pid_tgid() >> 32 != PID)
        return 0;
    bpf_trace_printk("getppid nr %d\\n", args->__syscall_nr);
    return 0;
}
""".replace("PID", str(pid)))
if mode == "print":
    b.trace_print()
print("%-18s %-16s %-6s %s" % ("TIME(s)", "COMM", "PID", "MESSAGE"))
while True:
    try:
        (task, p, cpu, flags, ts, msg) = b.trace_fields()
    except ValueError:
        continue
    print("%-18.9f %-16s %-6d %s" % (ts, task.decode(), p, msg.decode()))
