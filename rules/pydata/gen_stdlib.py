#!/usr/bin/env python3
"""Generate stdlib.txt and python2.txt for package pydata.

stdlib.txt is the union of sys.stdlib_module_names of every CPython 3.10+
interpreter found (python3, python3.X on PATH and under ~/.pyenv/versions),
plus EXTRA_PY3: modules that were stdlib in a Python 3 that candidates used
but that no interpreter here lists (removed before 3.10, or added after the
newest interpreter found).

python2.txt is PY2_ONLY, the Python 2.7 standard library modules that
Python 3 renamed or removed. When a python2.7 interpreter is found, every
name is checked to be importable-as-stdlib there, so the list cannot drift
into typos; names that Python 3 also has are dropped.

Run with `go generate ./rules/pydata/`; commit both outputs.
"""
import glob
import json
import os
import shutil
import subprocess
import sys

EXTRA_PY3 = {
    # removed in 3.8 - 3.10, so absent from every sys.stdlib_module_names
    "macpath", "dummy_threading", "_dummy_thread", "formatter", "parser",
    "symbol", "binhex",
    # added in 3.14 (PEP 749, PEP 784)
    "annotationlib", "compression",
    # typeshed's private module of the standard library's own types: it
    # exists only for type checkers, imported under TYPE_CHECKING, and is
    # never a third-party dependency
    "_typeshed",
}

PY2_ONLY = {
    "__builtin__", "anydbm", "BaseHTTPServer", "Bastion", "bsddb",
    "CGIHTTPServer", "commands", "compiler", "ConfigParser", "Cookie",
    "cookielib", "copy_reg", "cPickle", "cStringIO", "dbhash", "dircache",
    "Dialog", "DocXMLRPCServer", "dumbdbm", "dummy_thread", "exceptions",
    "FileDialog", "fpectl", "fpformat", "future_builtins", "gdbm", "hotshot",
    "htmlentitydefs", "htmllib", "HTMLParser", "httplib", "ihooks", "imputil",
    "macurl2path", "markupbase", "md5", "mhlib", "mimetools", "MimeWriter",
    "mimify", "multifile", "mutex", "new", "popen2", "posixfile", "Queue",
    "repr", "rexec", "rfc822", "robotparser", "ScrolledText", "sets",
    "sgmllib", "sha", "SimpleDialog", "SimpleHTTPServer",
    "SimpleXMLRPCServer", "SocketServer", "statvfs", "StringIO", "thread",
    "Tix", "tkColorChooser", "tkCommonDialog", "Tkconstants", "Tkdnd",
    "tkFileDialog", "tkFont", "Tkinter", "tkMessageBox", "tkSimpleDialog",
    "ttk", "urllib2", "urlparse", "user", "UserDict", "UserList",
    "UserString", "whichdb", "xmlrpclib", "audiodev", "toaiff", "imageop",
    "linuxaudiodev", "sunaudio", "dl", "os2emxpath", "stringold",
}

# C extension modules of 2.7 that a build may leave out (32-bit only, or an
# optional library), so the 2.7 check cannot insist on them.
PY2_OPTIONAL_EXT = {"dl", "fpectl", "gdbm", "imageop"}

PY3_PROBE = "import sys; print(sys.version_info[:2]); print(' '.join(sorted(sys.stdlib_module_names)))"

PY2_PROBE = r"""
import imp, sys, json
names = json.loads(sys.stdin.read())
bad = []
for n in names:
    if n in sys.builtin_module_names:
        continue
    try:
        f, path, _ = imp.find_module(n)
        if f:
            f.close()
    except ImportError:
        bad.append(n)
        continue
    if 'site-packages' in path:
        bad.append(n)
print(json.dumps(bad))
"""


def interpreters(pattern):
    found = []
    for name in pattern["names"]:
        p = shutil.which(name)
        if p:
            found.append(p)
    found += glob.glob(os.path.expanduser(pattern["pyenv"]))
    seen, out = set(), []
    for p in found:
        real = os.path.realpath(p)
        if real not in seen and os.access(real, os.X_OK):
            seen.add(real)
            out.append(p)
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    names, versions = set(), set()
    py3 = interpreters({
        "names": [sys.executable] + ["python3.%d" % m for m in range(10, 20)],
        "pyenv": "~/.pyenv/versions/3.*/bin/python3.[0-9]*[0-9]",
    })
    for exe in py3:
        r = subprocess.run([exe, "-c", PY3_PROBE], capture_output=True, text=True)
        if r.returncode != 0:
            continue  # too old to have sys.stdlib_module_names, or broken shim
        ver, mods = r.stdout.splitlines()
        versions.add(ver.strip("()").replace(", ", "."))
        names |= set(mods.split())
    if not names:
        sys.exit("gen_stdlib: no Python >= 3.10 interpreter found")
    names |= EXTRA_PY3
    py2 = sorted(PY2_ONLY - names)
    py2_exe = interpreters({"names": ["python2.7"], "pyenv": "~/.pyenv/versions/2.7*/bin/python2.7"})
    checked = "not checked: no python2.7 found"
    for exe in py2_exe:
        r = subprocess.run([exe, "-c", PY2_PROBE], input=json.dumps([n for n in py2 if n not in PY2_OPTIONAL_EXT]),
                           capture_output=True, text=True)
        if r.returncode != 0:
            continue  # e.g. a pyenv shim for a version that is not selected
        bad = json.loads(r.stdout)
        if bad:
            sys.exit("gen_stdlib: not in the Python 2.7 stdlib: %s" % ", ".join(bad))
        checked = "each checked against Python 2.7"
        break
    vs = ", ".join(sorted(versions, key=lambda v: tuple(map(int, v.split(".")))))
    with open(os.path.join(here, "stdlib.txt"), "w") as f:
        f.write("# Code generated by gen_stdlib.py; DO NOT EDIT.\n")
        f.write("# Top-level modules of the Python 3 standard library: the union of\n")
        f.write("# sys.stdlib_module_names of CPython %s, plus modules removed\n" % vs)
        f.write("# before 3.10 or added after the newest version (see EXTRA_PY3).\n")
        for n in sorted(names):
            f.write(n + "\n")
    with open(os.path.join(here, "python2.txt"), "w") as f:
        f.write("# Code generated by gen_stdlib.py; DO NOT EDIT.\n")
        f.write("# Python 2.7 standard library modules that Python 3 renamed or\n")
        f.write("# removed (%s).\n" % checked)
        for n in py2:
            f.write(n + "\n")


if __name__ == "__main__":
    main()
