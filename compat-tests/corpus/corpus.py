"""The corpus's programs: compat-tests/corpus/tools/ and examples/, each
NAME.bcc.c with its bcc2core arguments in NAME.bcc.args (cflags and attach
specs), and the ones the corpus sweep expects to fail
(expected-failures.txt)."""
import glob
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def corpus_programs():
    """[(NAME, source path, [bcc2core arguments])], NAME being tools/x or
    examples/y, in name order."""
    out = []
    for f in sorted(glob.glob(os.path.join(HERE, "tools", "*.bcc.c")) +
                    glob.glob(os.path.join(HERE, "examples", "*.bcc.c"))):
        name = os.path.relpath(f, HERE)[:-len(".bcc.c")]
        args = []
        if os.path.exists(f[:-2] + ".args"):
            with open(f[:-2] + ".args") as fh:
                args = fh.read().split()
        out.append((name, f, args))
    return out


def expected_failures():
    """The NAMEs expected-failures.txt lists."""
    names = set()
    with open(os.path.join(HERE, "expected-failures.txt")) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.add(line)
    return names
