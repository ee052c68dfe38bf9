"""Reading bpf_trace_printk() output from tracefs' trace_pipe: raw lines,
lines split into fields, and printing them (BPF.trace_* methods)."""
import fcntl
import os
import re
import sys

from . import _kernel

# task-PID [(TGID)] [CPU] [FLAGS] SECONDS: where: message
# The task name may hold spaces and dashes: the last "-digits" before the
# CPU column ends it. FLAGS is absent when the irq-info option is off, TGID
# is there when the record-tgid option is on.
_LINE = re.compile(rb"^\s*(.*?)-(\d+)\s+(?:\(\s*[\d-]+\)\s+)?\[(\d+)\]\s+"
                   rb"(?:(\S+)\s+)?(\d+\.\d+):(.*)$", re.S)


def parse_line(line):
    """(task, pid, cpu, flags, ts, msg) of one trace_pipe line, bytes except
    the numbers (flags is b"" when the kernel prints none), or None for a
    line that is not a trace record (a lost-events notice, a continuation)."""
    if line.startswith(b"CPU:"):
        return None
    m = _LINE.match(line)
    if not m:
        return None
    task, pid, cpu, flags, ts, rest = m.groups()
    # rest is " where: message"; where is the printing function or an
    # address (old kernels print nothing for an unknown one)
    colon = rest.find(b":")
    msg = rest[colon + 2:] if colon >= 0 else rest[1:]
    return task, int(pid), int(cpu), flags or b"", float(ts), msg


class TracePipe:
    """One reader of trace_pipe (the top instance's unless path is given),
    opened on first use."""

    def __init__(self, path=None):
        self.path = path
        self.file = None

    def open(self, nonblocking=False):
        if self.file is None:
            path = self.path or os.path.join(_kernel.tracefs(), "trace_pipe")
            self.file = open(path, "rb")
            if nonblocking:
                fd = self.file.fileno()
                fcntl.fcntl(fd, fcntl.F_SETFL,
                            fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)
        return self.file

    def close(self):
        if self.file is not None:
            self.file.close()
            self.file = None

    def readline(self, nonblocking=False):
        """One line without its trailing whitespace; None when nothing could
        be read (nonblocking and empty)."""
        f = self.open(nonblocking)
        try:
            return f.readline(1024).rstrip()
        except OSError:
            return None

    def fields(self, nonblocking=False):
        """The next record as parse_line() gives it, skipping other lines;
        (None,) * 6 when nonblocking and nothing is there."""
        while True:
            line = self.readline(nonblocking)
            if not line and nonblocking:
                return (None,) * 6
            if line is None:
                continue
            rec = parse_line(line)
            if rec is not None:
                return rec

    def print(self, fmt=None):
        """Print every line (or fmt.format(*fields)) until interrupted."""
        while True:
            if fmt:
                line = fmt.format(*self.fields())
            else:
                line = self.readline()
            print(line)
            sys.stdout.flush()
