#!/usr/bin/env python3
"""Print what CPython's ast module sees in Python files, one JSON per line.

Usage: ast_facts.py FILE...   (or file names on stdin, one a line, with no
arguments). For each file it prints
  {"path": ..., "ok": true,
   "classes":   [{"name", "line", "bases": [source text]}],
   "functions": [{"name", "line"}],        # def and async def, any depth
   "imports":   [{"module", "level", "line"}]}
with each list sorted by line, or {"path": ..., "ok": false, "error": ...}
when CPython cannot parse the file. When radon is importable, functions
that radon reports also carry "complexity" (radon's cyclomatic complexity),
except those containing match or except*, which radon 5 does not count.
`import a.b, c` gives modules a.b and c;
`from ..x import y` gives module x at level 2; `from . import y` gives
module "" at level 1. Lambdas are not functions.
"""
import ast
import json
import re
import sys
import warnings

NEWLINE = re.compile(rb"\r\n|\r|\n")

try:
    from radon.complexity import cc_visit_ast
except ImportError:  # radon is optional: only complexity goes unchecked
    cc_visit_ast = None


def facts(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(data, filename=path)
        starts = line_starts(data)
    except (SyntaxError, ValueError, UnicodeDecodeError) as e:
        return {"path": path, "ok": False, "error": "%s: %s" % (type(e).__name__, e)}
    classes, functions, imports = [], [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = [segment(data, starts, b) for b in node.bases]
            classes.append({"name": node.name, "line": node.lineno, "bases": bases})
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions.append({"name": node.name, "line": node.lineno})
        elif isinstance(node, ast.Import):
            for alias in node.names:
                imports.append({"module": alias.name, "level": 0, "line": node.lineno})
        elif isinstance(node, ast.ImportFrom):
            imports.append({"module": node.module or "", "level": node.level, "line": node.lineno})
    if cc_visit_ast is not None:
        add_complexity(tree, functions)
    classes.sort(key=lambda c: (c["line"], c["name"]))
    functions.sort(key=lambda f: (f["line"], f["name"]))
    imports.sort(key=lambda i: (i["line"], i["module"], i["level"]))
    return {"path": path, "ok": True, "classes": classes, "functions": functions, "imports": imports}


def line_starts(data):
    """Byte offsets where each line starts; \r\n, \r and \n end lines, as
    CPython's tokenizer reads them."""
    return [0] + [m.end() for m in NEWLINE.finditer(data)]


def segment(data, starts, node):
    """The source text of node, like ast.get_source_segment but without
    re-splitting the file for every call (col offsets are UTF-8 bytes)."""
    a = starts[node.lineno - 1] + node.col_offset
    b = starts[node.end_lineno - 1] + node.end_col_offset
    return data[a:b].decode("utf-8")


def add_complexity(tree, functions):
    new_syntax = tuple(getattr(ast, n) for n in ("Match", "TryStar") if hasattr(ast, n))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and new_syntax:
            if any(isinstance(n, new_syntax) for n in ast.walk(node)):
                skip.add((node.name, node.lineno))
    cc = {}
    stack = list(cc_visit_ast(tree))
    while stack:
        b = stack.pop()
        stack.extend(getattr(b, "methods", []) or [])
        stack.extend(getattr(b, "closures", []) or [])
        if not hasattr(b, "methods"):
            cc[(b.name, b.lineno)] = b.complexity
    for f in functions:
        key = (f["name"], f["line"])
        if key in cc and key not in skip:
            f["complexity"] = cc[key]


def main():
    paths = sys.argv[1:] or [line.strip() for line in sys.stdin if line.strip()]
    out = sys.stdout
    for p in paths:
        out.write(json.dumps(facts(p)) + "\n")


if __name__ == "__main__":
    main()
