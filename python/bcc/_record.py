"""Record mode, for `bcc2core port TOOL`: with BCC2CORE_RECORD=DIR the tool
runs as usual up to the point where it would need its program loaded (a
table read, a buffer poll, trace_pipe, or its first sleep after BPF()),
and then ends, having written to DIR what a build needs:

    prog.bcc.c   the program text exactly as BPF() got it
    prog.cflags  its cflags, each NUL-ended
    prog.args    one "-D X", "-I DIR" or "--attach SPEC" per line

The attach specs are those of the tool's attach calls. Nothing is loaded."""
import os
import signal
import sys
import time

DIR = os.environ.get("BCC2CORE_RECORD")
_state = {"bpfs": [], "hooked": False, "done": False}


def start(bpf):
    """BPF() of a program: a candidate. The one recorded is the one the tool
    goes on to use (a BPF(text=...) that only checks that something
    compiles, as runqlen's does, is never used)."""
    _state["bpfs"].append(bpf)
    if _state["hooked"]:
        return
    _state["hooked"] = True
    # a tool that sleeps (or waits for a signal) before reading has attached
    # all it will: that is the end of the recording too
    hook_waits(lambda real: lambda *a, **k: finish())


def hook_waits(wrap):
    """Replaces time.sleep and signal.pause with wrap(the original), in every
    module that has them ("from time import sleep" included: every module's
    binding of them). Returns a function that puts the originals back."""
    stops = {id(time.sleep): (time.sleep, wrap(time.sleep)),
             id(signal.pause): (signal.pause, wrap(signal.pause))}
    swapped = []
    for mod in list(sys.modules.values()):
        for name, val in list(getattr(mod, "__dict__", {}).items()):
            if id(val) in stops and callable(val):
                setattr(mod, name, stops[id(val)][1])
                swapped.append((mod, name, val))

    def unhook():
        for mod, name, val in swapped:
            setattr(mod, name, val)
    return unhook


def finish(bpf=None):
    """Writes what @bpf (default: the last BPF() made) needs and ends."""
    if _state["done"] or not _state["bpfs"]:
        return
    bpf = bpf or _state["bpfs"][-1]
    _state["done"] = True
    with open(os.path.join(DIR, "prog.bcc.c"), "wb") as f:
        f.write(bpf._text)
    with open(os.path.join(DIR, "prog.cflags"), "wb") as f:
        f.write(b"".join(c + b"\0" for c in bpf._cflags))
    lines = []
    for c in bpf._cflags:
        c = c.decode()
        if c[:2] in ("-D", "-I") and len(c) > 2:
            lines.append("%s %s" % (c[:2], c[2:]))
        else:
            sys.stderr.write("bcc2core port: note: cflag %s not carried over\n" % c)
    lines += ["--attach " + s for s in bpf._specs]
    with open(os.path.join(DIR, "prog.args"), "w") as f:
        f.write("".join(line + "\n" for line in lines))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
