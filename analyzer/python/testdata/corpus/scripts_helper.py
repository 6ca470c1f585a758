import subprocess
import shutil
import tempfile
import csv
import sqlite3
import itertools
import random
import string


def run(cmd, check=True):
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if check and proc.returncode:
        raise RuntimeError(proc.stderr)
    return proc.stdout


def export(rows, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerows(rows)


def to_db(rows):
    con = sqlite3.connect(":memory:")
    con.execute("create table t (a, b)")
    con.executemany("insert into t values (?, ?)", rows)
    return con.execute("select count(*) from t").fetchone()[0]


def random_names(n):
    return ["".join(random.choices(string.ascii_lowercase, k=8)) for _ in range(n)]


def pairs(xs):
    return list(itertools.combinations(xs, 2))


def scratch():
    d = tempfile.mkdtemp()
    try:
        return d
    finally:
        shutil.rmtree(d, ignore_errors=True)
