#!/usr/bin/env python3
"""The CPython side of pyscout's parsing benchmark: ast.parse plus one walk
extracting the facts pyscout extracts (imports, classes and bases,
functions with complexity, length, hints and docstrings, modern-Python and
concurrency features), for the files named on stdin, one a line. Prints a
JSON summary so that the work cannot be optimised away.
"""
import ast
import json
import sys
import warnings

BRANCHES = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.IfExp, ast.Assert, ast.comprehension)
TOPICS = {"threading", "multiprocessing", "concurrent", "asyncio", "pickle", "shelve", "joblib", "gc", "weakref"}


def complexity(fn):
    c = 1
    stack = list(ast.iter_child_nodes(fn))
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(n, BRANCHES):
            c += 1
            if isinstance(n, (ast.For, ast.AsyncFor, ast.While)) and n.orelse:
                c += 1
            if isinstance(n, ast.comprehension):
                c += len(n.ifs)
        elif isinstance(n, ast.BoolOp):
            c += len(n.values) - 1
        elif isinstance(n, ast.Try):
            c += len(n.handlers) + bool(n.orelse)
        elif isinstance(n, ast.Match):
            c += len(n.cases)
        stack.extend(ast.iter_child_nodes(n))
    return c


def depth(fn):
    best, stack = 0, [(c, 0) for c in ast.iter_child_nodes(fn)]
    while stack:
        n, d = stack.pop()
        if isinstance(n, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.Match)):
            d += 1
            best = max(best, d)
        if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stack.extend((c, d) for c in ast.iter_child_nodes(n))
    return best


def main():
    totals = {"files": 0, "bytes": 0, "errors": 0, "classes": 0, "bases": 0, "functions": 0, "complexity": 0,
              "max_depth": 0, "length": 0, "annotated_params": 0, "params": 0, "returns": 0, "docstrings": 0,
              "imports": 0, "third_party": set(), "features": {}}
    feats = totals["features"]

    def feat(name):
        feats[name] = feats.get(name, 0) + 1

    for line in sys.stdin:
        path = line.rstrip("\n")
        with open(path, "rb") as f:
            data = f.read()
        totals["files"] += 1
        totals["bytes"] += len(data)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(data, filename=path)
        except (SyntaxError, ValueError):
            totals["errors"] += 1
            continue
        for node in ast.walk(tree):
            t = type(node)
            if t is ast.ClassDef:
                totals["classes"] += 1
                totals["bases"] += len(node.bases)
                for d in node.decorator_list:
                    feat("class_decorator")
                for kw in node.keywords:
                    feat("class_keyword_" + kw.arg if kw.arg else "class_kwargs")
            elif t is ast.FunctionDef or t is ast.AsyncFunctionDef:
                totals["functions"] += 1
                totals["complexity"] += complexity(node)
                totals["max_depth"] = max(totals["max_depth"], depth(node))
                totals["length"] += (node.end_lineno or node.lineno) - node.lineno + 1
                args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                totals["params"] += len(args)
                totals["annotated_params"] += sum(1 for a in args if a.annotation is not None)
                totals["returns"] += node.returns is not None
                totals["docstrings"] += ast.get_docstring(node, clean=False) is not None
                if t is ast.AsyncFunctionDef:
                    feat("async_def")
                for d in node.decorator_list:
                    feat("decorator")
            elif t is ast.Import:
                for a in node.names:
                    totals["imports"] += 1
                    top = a.name.split(".")[0]
                    if top not in sys.stdlib_module_names:
                        totals["third_party"].add(top)
                    if top in TOPICS:
                        feat("topic_" + top)
            elif t is ast.ImportFrom:
                totals["imports"] += 1
                if node.level == 0 and node.module:
                    top = node.module.split(".")[0]
                    if top not in sys.stdlib_module_names:
                        totals["third_party"].add(top)
                    if top in TOPICS:
                        feat("topic_" + top)
            elif t is ast.JoinedStr:
                feat("f_string")
            elif t is ast.NamedExpr:
                feat("walrus")
            elif t is ast.Match:
                feat("match")
            elif t is ast.Await:
                feat("await")
            elif t is ast.Lambda:
                feat("lambda")
            elif t in (ast.ListComp, ast.SetComp, ast.DictComp):
                feat("comprehension")
            elif t is ast.GeneratorExp:
                feat("generator_expression")
            elif t is ast.Yield or t is ast.YieldFrom:
                feat("yield")
            elif t is ast.With or t is ast.AsyncWith:
                feat("with")
            elif t is ast.BinOp and isinstance(node.op, ast.BitOr):
                feat("bitor")
            elif t is ast.AnnAssign:
                feat("annotated_assignment")
            elif t is ast.Global:
                feat("global")
            elif t is ast.ExceptHandler and node.type is None:
                feat("bare_except")
    totals["third_party"] = sorted(totals["third_party"])
    json.dump(totals, sys.stdout, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
