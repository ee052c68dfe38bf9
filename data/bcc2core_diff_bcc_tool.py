#!/usr/bin/python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""BCC's side of `bcc2core diff --tool`: runs TOOL, unmodified, under real
BCC (python3-bpfcc) as `/usr/bin/python3 TOOL ARG...` would, its sys.argv
and __file__ TOOL's, after the one fix the program mode's side makes to
BCC's Python binding: bpf_attach_uprobe() gets its seventh argument,
ref_ctr_offset 0 (bcc2core_diff_bcc.fix_uprobe_prototype says why).

Usage: bcc2core_diff_bcc_tool.py TOOL [ARG]...
"""
import os
import runpy
import sys


def main():
    # sys.path[0] is this script's directory, as python3 TOOL's is TOOL's
    try:
        import bcc2core_diff_bcc
        bcc2core_diff_bcc.fix_uprobe_prototype()
    except ImportError:
        pass	# no BCC: the tool says so itself
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(os.path.abspath(sys.argv[0]))
    runpy.run_path(sys.argv[0], run_name="__main__")


if __name__ == "__main__":
    main()
