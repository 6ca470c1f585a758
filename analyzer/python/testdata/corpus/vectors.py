import math
import numbers
from functools import total_ordering


@total_ordering
class Vector:
    __slots__ = ("x", "y")

    def __init__(self, x=0.0, y=0.0):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Vector({self.x!r}, {self.y!r})"

    def __abs__(self):
        return math.hypot(self.x, self.y)

    def __bool__(self):
        return bool(abs(self))

    def __add__(self, other):
        if not isinstance(other, Vector):
            return NotImplemented
        return Vector(self.x + other.x, self.y + other.y)

    __radd__ = __add__

    def __mul__(self, k):
        if isinstance(k, numbers.Real):
            return Vector(self.x * k, self.y * k)
        return NotImplemented

    def __rmul__(self, k):
        return self * k

    def __matmul__(self, other):
        return self.x * other.x + self.y * other.y

    def __neg__(self):
        return Vector(-self.x, -self.y)

    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)

    def __lt__(self, other):
        return abs(self) < abs(other)

    def __iter__(self):
        yield self.x
        yield self.y

    def __getitem__(self, i):
        return (self.x, self.y)[i]

    def __len__(self):
        return 2

    def __hash__(self):
        return hash((self.x, self.y))


class Matrix:
    def __init__(self, rows):
        self._rows = [list(r) for r in rows]

    def __getitem__(self, ij):
        i, j = ij
        return self._rows[i][j]

    def __setitem__(self, ij, v):
        i, j = ij
        self._rows[i][j] = v

    def __contains__(self, v):
        return any(v in r for r in self._rows)

    def __call__(self, vec):
        return Vector(*(sum(a * b for a, b in zip(r, vec)) for r in self._rows))

    def __iadd__(self, other):
        for r, s in zip(self._rows, other._rows):
            for k in range(len(r)):
                r[k] += s[k]
        return self


class Countdown:
    def __init__(self, start):
        self.n = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


def flatten(nested):
    for item in nested:
        if isinstance(item, (list, tuple)):
            yield from flatten(item)
        else:
            yield item
