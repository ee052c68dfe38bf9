#!/usr/bin/python3
"""Writes the expected histogram texts with BCC's own printer (python3-bpfcc),
so test_hist compares our C printer against BCC byte for byte."""
import contextlib
import io
import os
import sys

from bcc import table  # BCC's printers: table._print_log2_hist/_print_linear_hist

out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(__file__)


def capture(fn, *args):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        fn(*args)
    return buf.getvalue()


def vals(n, **kv):
    v = [0] * n
    for k, x in kv.items():
        v[int(k[1:])] = x
    return v


cases = {
    "hist_log2_narrow.txt": (table._print_log2_hist, vals(65, b1=3, b3=211, b4=17, b7=1), "kbytes", False),
    "hist_log2_wide.txt": (table._print_log2_hist, vals(65, b2=5, b40=9, b41=2), "nsecs", False),
    "hist_log2_strip.txt": (table._print_log2_hist, vals(65, b5=10, b6=0, b7=4), "usecs", True),
    "hist_linear.txt": (table._print_linear_hist, vals(20, b0=1, b2=8, b3=3, b9=2), "slot", False),
}
for name, (fn, v, t, strip) in cases.items():
    with open(os.path.join(out_dir, name), "w") as f:
        f.write(capture(fn, v, t, strip))
