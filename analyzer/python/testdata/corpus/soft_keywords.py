"""Names that are keywords in Python 2 or soft keywords in Python 3."""
import builtins


class Printer:
    def print(self, *args):
        builtins.print(*args)

    def exec(self, code):
        return builtins.exec(code)

    def match(self, pattern):
        return pattern

    def type(self):
        return type(self)


def case(match, type=None, _=None):
    print(match, type)
    exec("x = 1")
    p = Printer()
    p.print("x"); p.exec("y")
    match = [match for match in range(3)]
    return match


async def await_it(x):
    return [await y async for y in x]


print("done", end=""); print()
exec
print
nonlocal_ = global_ = 1
class Semi: x = 1; y = 2
def one_liner(): return 1; pass
if True: import os.path as osp
lambda_in_class = type("T", (), {"f": lambda self: 1})
value = (yield_ := 3)
data = [y for x in range(3) if (y := x * 2)]
text = "line one \
line two"
