#!/usr/bin/python3
"""No source file calls back into its caller: the file-level call graph of
each library (rewriter/, runtime/, common/) must have no cycle.

    call_cycles.py [DIR]...   (default: rewriter runtime common)

A file calls another when it names a function the other defines (external
linkage, declared in a header). Prints each library's files and edges count,
then every cycle found (the files of each strongly connected component),
and `N passed, N failed` (one check per library). Exit 0 when acyclic."""
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEF = re.compile(r"^(?!static\b)[A-Za-z_][\w \t\*]*?\b([A-Za-z_]\w*)\s*\([^;]*$", re.M)
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\])*\"", re.S)


def sources(d):
    for dirpath, _, files in os.walk(d):
        for f in sorted(files):
            if f.endswith(".c"):
                yield os.path.join(dirpath, f)


def defined(text):
    """functions with external linkage defined at top level: a name and its
    parameter list at the start of a line, then '{' before any ';'"""
    out = set()
    for m in DEF.finditer(text):
        rest = text[m.start():]
        brace, semi = rest.find("{"), rest.find(";")
        if brace >= 0 and (semi < 0 or brace < semi) and \
                not rest.startswith(("return", "else", "if")):
            out.add(m.group(1))
    return out


def graph(files):
    texts = {f: COMMENT.sub(" ", open(f).read()) for f in files}
    defs = {f: defined(t) for f, t in texts.items()}
    owner = {}
    for f, names in defs.items():
        for n in names:
            owner.setdefault(n, f)
    edges = {f: set() for f in files}
    for f, t in texts.items():
        for name in set(re.findall(r"\b([A-Za-z_]\w*)\s*\(", t)):
            g = owner.get(name)
            if g and g != f and name not in defs[f]:
                edges[f].add(g)
    return edges


def sccs(edges):
    """Tarjan's strongly connected components of size > 1"""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in edges:
        if v not in index:
            visit(v)
    return out


def main(dirs):
    passed = failed = 0
    for d in dirs:
        files = list(sources(os.path.join(ROOT, d)))
        edges = graph(files)
        cyc = sccs(edges)
        n = sum(len(e) for e in edges.values())
        print(f"{d}: {len(files)} files, {n} file-to-file calls, {len(cyc)} cycle(s)")
        for c in cyc:
            print("  cycle: " + " <-> ".join(os.path.relpath(f, ROOT) for f in c))
        if cyc:
            failed += 1
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["rewriter", "runtime", "common"]))
