#!/usr/bin/python3
"""Every command's --help agrees with README.md and man/bcc2core.1.

BCC2CORE names the bcc2core binary; the README and the man page are found
from this file's place in the source tree.

What counts as an option of a command: every `-x` or `--long-name` token in
the usage lines of `bcc2core CMD --help` (from `Usage:` to the first blank
line) and in the name column of its option lines (a line indented by spaces
that starts with `-`, up to the first run of two spaces: the description that
follows is prose and may name other tools' options, e.g. `-p PID`). For the
command itself the options are those of the `OPTIONS := {...}` line of
`bcc2core --help`; the commands are the `bcc2core NAME` lines under
`Commands:` there.

The rule, strict and complete:
  1. every command has a `.SS NAME` section in the man page (under
     `.SH COMMANDS`), and every such section is a command;
  2. every option of a command appears in that command's man section (the
     global options in `.SH OPTIONS`), roff escapes (`\\-`, `\\fB`...) removed;
  3. every option of every command, and every global option, appears in
     README.md at least once as a whole token (the README summarizes: it
     names an option once, not once per command that takes it); every
     command appears there as `bcc2core NAME`.
So adding an option to a --help without documenting it in both places fails
here. The checker also runs once against a --help with an invented option
and must report it (so a parsing slip cannot make this test vacuous).
"""
import os
import re
import subprocess
import sys

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("BCC2CORE") or os.path.join(SRC, "build", "bin", "bcc2core")
OPT = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*|-[A-Za-z])(?![\w-])")


def help_text(*args):
    p = subprocess.run([BIN, *args, "--help"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=30)
    if p.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args) or 'bcc2core'} --help exited {p.returncode}")
    return p.stdout


def options_of(text):
    """The option tokens of one command's --help (see the docstring)."""
    opts, in_usage = set(), False
    for line in text.splitlines():
        if line.startswith("Usage:"):
            in_usage = True
        elif not line.strip():
            in_usage = False
        if in_usage:
            opts.update(OPT.findall(line))
        elif re.match(r"^ +-", line):
            opts.update(OPT.findall(re.split(r"\s{2,}", line.strip(), maxsplit=1)[0] + " "))
    return opts


def commands_and_globals(text):
    cmds, globs, in_cmds = [], set(), False
    for line in text.splitlines():
        if line.startswith("Commands:"):
            in_cmds = True
            continue
        if in_cmds and not line.strip():
            in_cmds = False
        m = re.match(r"^\s+bcc2core\s+([a-z][a-z-]*)", line)
        if in_cmds and m and m.group(1) not in cmds:
            cmds.append(m.group(1))
        if line.startswith("OPTIONS :="):
            globs.update(OPT.findall(line))
    return cmds, globs


def plain_roff(text):
    text = re.sub(r"\\f[BIRP]|\\f\(..|\\&|\\\(em", "", text)
    return text.replace("\\-", "-")


def man_sections(path):
    """{'OPTIONS': text, 'cmd:NAME': text, ...} of the man page."""
    secs, sh, key = {}, None, None
    with open(path) as f:
        for line in f:
            if line.startswith(".SH "):
                sh = line[4:].strip().strip('"')
                key = sh
            elif line.startswith(".SS ") and sh == "COMMANDS":
                key = "cmd:" + plain_roff(line[4:].strip().strip('"'))
            if key:
                secs[key] = secs.get(key, "") + plain_roff(line)
    return secs


def has_token(text, opt):
    return re.search(r"(?<![\w-])" + re.escape(opt) + r"(?![\w-])", text) is not None


def check(helps, globs, man, readme):
    """helps: {cmd: help text}. Returns the list of problems."""
    bad = []
    man_cmds = {k[4:] for k in man if k.startswith("cmd:")}
    for cmd in sorted(man_cmds - set(helps)):
        bad.append(f"man page has a section for '{cmd}', which bcc2core --help does not list")
    for opt in sorted(globs):
        if not has_token(man.get("OPTIONS", ""), opt):
            bad.append(f"global option {opt}: not in the man page's OPTIONS")
        if not has_token(readme, opt):
            bad.append(f"global option {opt}: not in README.md")
    for cmd, text in helps.items():
        if not re.search(r"bcc2core\s+" + re.escape(cmd) + r"(?![\w-])", readme):
            bad.append(f"{cmd}: README.md never shows 'bcc2core {cmd}'")
        sec = man.get("cmd:" + cmd)
        if sec is None:
            bad.append(f"{cmd}: no '.SS {cmd}' section in the man page")
        opts = options_of(text)
        for opt in sorted(opts):
            if sec is not None and not has_token(sec, opt):
                bad.append(f"{cmd} {opt}: not in the man page's '{cmd}' section")
            if not has_token(readme, opt):
                bad.append(f"{cmd} {opt}: not in README.md")
    return bad


def main():
    top = help_text()
    cmds, globs = commands_and_globals(top)
    if len(cmds) < 8 or len(globs) < 8:
        sys.exit(f"FAIL: bcc2core --help parsed to commands {cmds}, global options {sorted(globs)}")
    helps = {cmd: help_text(cmd) for cmd in cmds}
    man = man_sections(os.path.join(SRC, "man", "bcc2core.1"))
    with open(os.path.join(SRC, "README.md")) as f:
        readme = f.read()

    total = sum(len(options_of(t)) for t in helps.values())
    for cmd in cmds:
        print(f"{cmd}: {' '.join(sorted(options_of(helps[cmd]))) or '(no options)'}")
    print(f"global: {' '.join(sorted(globs))}")

    # the checker must notice an undocumented option (in the usage and in
    # an option line alike)
    for fake in ("Usage: bcc2core run [--no-such-option-x]\n",
                 "Usage: bcc2core run\n\n  --no-such-option-x N  describes it\n"):
        probe = dict(helps, run=helps["run"].replace("Usage:", fake + "\nUsage:", 1))
        if not any("--no-such-option-x" in b for b in check(probe, globs, man, readme)):
            sys.exit("FAIL: the checker does not notice an undocumented option")

    bad = check(helps, globs, man, readme)
    for b in bad:
        print("FAIL:", b)
    print(f"{len(cmds)} commands, {total} command options, {len(globs)} global options; "
          f"{len(bad)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
