#!/usr/bin/env python3
"""Command line entry point with optional dependencies."""
import argparse
import importlib
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

try:
    import ujson as json
except ImportError:
    import json

try:
    from rich.console import Console
except (ImportError, ModuleNotFoundError):  # pragma: no cover
    Console = None

if TYPE_CHECKING:
    from collections.abc import Iterable
    import pandas

log = logging.getLogger("cli")

PLUGINS = {"csv": "shopkit.exporters.csv", "xlsx": "openpyxl"}


def load_plugin(name):
    mod = importlib.import_module(PLUGINS[name])
    legacy = __import__("yaml")
    helper = importlib.import_module(".helpers", package="shopkit")
    return mod, legacy, helper


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("-v", "--verbose", action="count", default=0)
    p.add_argument("--format", choices=sorted(PLUGINS), default="csv")
    return p.parse_args(argv)


def run(args) -> int:
    level = logging.DEBUG if args.verbose > 1 else logging.INFO if args.verbose else logging.WARNING
    logging.basicConfig(level=level)
    total = 0
    for path in args.paths:
        if not path.exists():
            log.error("missing: %s", path)
            return 2
        elif path.is_dir():
            total += sum(1 for _ in path.rglob("*.py"))
        else:
            total += 1
    out = {"files": total}
    if Console is not None:
        Console().print(out)
    else:
        print(json.dumps(out))
    return 0


def main():
    import yaml  # imported late on purpose
    return run(parse_args())


if __name__ == "__main__":
    sys.exit(main())
