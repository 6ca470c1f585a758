#!/usr/bin/env python3
"""The floor of any CPython extraction: ast.parse and one ast.walk counting
classes, functions and imports, for the files named on stdin."""
import ast
import sys
import warnings

classes = functions = imports = errors = 0
for line in sys.stdin:
    with open(line.rstrip("\n"), "rb") as f:
        data = f.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(data)
    except (SyntaxError, ValueError):
        errors += 1
        continue
    for node in ast.walk(tree):
        t = type(node)
        if t is ast.ClassDef:
            classes += 1
        elif t is ast.FunctionDef or t is ast.AsyncFunctionDef:
            functions += 1
        elif t is ast.Import or t is ast.ImportFrom:
            imports += 1
print(classes, functions, imports, errors)
