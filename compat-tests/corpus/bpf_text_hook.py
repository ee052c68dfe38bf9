#!/usr/bin/python3
"""Run a BCC tool up to its BPF() call and save the C text it passes there.

    bpf_text_hook.py OUT.c TOOL-SCRIPT [ARG]...

capture.sh uses this for the few tools whose --ebpf output is printed before
the tool's last substitutions (e.g. filelife replaces TRACE_CREATE_FUNC after
printing): bcc.BPF.__init__ is replaced so that the first BPF(text=...) call
writes its text to OUT.c and exits; nothing is compiled, loaded or attached.
"""
import os
import runpy
import sys

import bcc


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: bpf_text_hook.py OUT.c TOOL-SCRIPT [ARG]...")
    out, script = sys.argv[1], sys.argv[2]

    def hook(self, src_file=b"", hdr_file=b"", text=None, *args, **kwargs):
        if not text:
            raise SystemExit("bpf_text_hook: BPF() called without text")
        if isinstance(text, bytes):
            text = text.decode()
        with open(out, "w") as f:
            f.write(text.strip("\n") + "\n")
        sys.stdout.flush()
        os._exit(0)

    bcc.BPF.__init__ = hook
    sys.argv = [script] + sys.argv[3:]
    runpy.run_path(script, run_name="__main__")
    sys.exit("bpf_text_hook: %s ended without calling BPF()" % script)


if __name__ == "__main__":
    main()
