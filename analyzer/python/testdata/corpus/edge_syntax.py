# -*- coding: utf-8 -*-
"""Syntax corners that a naive parser gets wrong."""
import os, sys as system, \
    json
from os import (path,  # a comment inside the parentheses
                sep as separator)
import xml . etree . ElementTree as ET
from . import sibling
from .. import parent_thing
from ...deep.pkg import thing as other_thing
from .mod import *

x = 1; import re; y = 2


class Empty(): pass
class Paren((object)): pass
class Multi(
    os.PathLike,  # first
    # a comment line between bases
    dict,
    metaclass=type,
):
    def method(self): return 1; 
    async def amethod(self): await self.other()


class Outer:
    class Inner:
        class Innermost(Exception):
            def deep(self):
                def deeper():
                    class Local: pass
                    return Local
                return deeper

    def uses_inner(self):
        return self.Inner()


def f(a, /, b, *, c): return a


def g(*, kw=lambda: (yield_ for yield_ in ())):
    return kw


if True:
    def conditional(): pass
else:
    def conditional(): return 1

try:
    def in_try(): pass
except Exception:
    def in_except(): pass
finally:
    def in_finally(): pass

for _ in ():
    def in_loop(): pass

while False:
    class InWhile: pass

with open(os.devnull) as fh:
    def in_with(): pass

lam = lambda *a, **k: (lambda: a)()
s = "def not_a_function(): pass"
t = '''class NotAClass:
    import not_an_import
'''
# def commented_out(): pass
# import commented_import

dec = lambda f: f
@dec
@ dec
class Decorated: pass

@(lambda f: f)
def decorated_by_expression(): pass

def unicode_ñame(ça=1): return ça
class Ünïcode: pass

def trailing_comma(a, b,): return (a, b,)

result = [
    (i, j) for i in range(3)
    if i
    for j in range(i)
]

def \
    continued_def(): pass
