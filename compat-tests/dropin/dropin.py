"""Runs an unmodified BCC tool from /usr/sbin under bcc2core's drop-in `bcc`
package, around a workload whose ground truth the caller knows.

    out = run_tool("execsnoop-bpfcc", [], workload)

The tool's object must be in the cache first (`port`, done here once per
tool and argument list); the tool then starts with PYTHONPATH at
`bcc2core python-path`, and is stopped with SIGINT as a user would."""
import os
import signal
import subprocess
import sys
import threading
import time

BCC2CORE = os.environ["BCC2CORE"]
PYTHON = "/usr/bin/python3"


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def skip(msg):
    print("SKIP:", msg)
    sys.exit(77)


def tool_path(name):
    p = "/usr/sbin/" + name
    if not os.path.exists(p):
        skip("bpfcc-tools is not installed")
    return p


def python_path():
    r = subprocess.run([BCC2CORE, "python-path"], capture_output=True, text=True)
    if r.returncode:
        fail("bcc2core python-path: " + r.stderr)
    return r.stdout.strip()


def env(cache_dir, **extra):
    e = dict(os.environ, PYTHONPATH=python_path(), PYTHONUNBUFFERED="1",
             BCC2CORE_CACHE_DIR=cache_dir)
    e.update(extra)
    return e


def port(tool, args, cache_dir, tmp):
    """Fills the cache with the tool's object for these arguments."""
    obj = os.path.join(tmp, os.path.basename(tool) + ".bpf.o")
    r = subprocess.run([BCC2CORE, "port", "-o", obj, tool_path(tool), *args],
                       capture_output=True, text=True, timeout=180,
                       env=dict(os.environ, BCC2CORE_CACHE_DIR=cache_dir))
    if r.returncode or "cached as" not in r.stderr:
        fail(f"port {tool} {args}: {r.stderr}")


class Running:
    """The tool, its output lines as they come."""

    def __init__(self, tool, args, environ):
        self.lines, self.err = [], []
        self.t0 = time.monotonic()
        with open(tool_path(tool), "rb") as f:
            python = b"python" in f.readline()
        # a language tool (rubycalls) is a shell wrapper around ucalls & co.
        self.p = subprocess.Popen(([PYTHON] if python else []) + [tool_path(tool), *args],
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=environ,
                                  start_new_session=True)
        self._readers = [threading.Thread(target=self._read, args=(self.p.stdout, self.lines)),
                         threading.Thread(target=self._read, args=(self.p.stderr, self.err))]
        for t in self._readers:
            t.start()

    @staticmethod
    def _read(stream, into):
        for line in stream:
            into.append(line.rstrip("\n"))

    def wait_for(self, pred, timeout=30, lines=None):
        """Until a line (of stdout, or @lines) satisfies pred (the tool is
        tracing); False on timeout."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(pred(line) for line in list(self.lines if lines is None else lines)):
                return True
            if self.p.poll() is not None:
                return False
            time.sleep(0.05)
        return False

    def stop(self, sig=signal.SIGINT, timeout=60):
        # to its process group, as a terminal's Ctrl-C: a wrapper's tool too
        if self.p.poll() is None:
            os.killpg(self.p.pid, sig)
        try:
            self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        try:
            os.killpg(self.p.pid, signal.SIGKILL)   # what is left of the group
        except (ProcessLookupError, PermissionError):
            pass
        for t in self._readers:
            t.join()
        return self.p.returncode

    def finish(self, timeout=60):
        """For tools that end by themselves (interval + count)."""
        try:
            self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return self.stop()
        for t in self._readers:
            t.join()
        return self.p.returncode

    def show(self):
        return "stdout:\n  " + "\n  ".join(self.lines[-40:]) + "\nstderr:\n  " + \
            "\n  ".join(self.err[-40:])
