from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar, overload, ParamSpec, Concatenate

T = TypeVar("T")
K = TypeVar("K", bound="Comparable")
P = ParamSpec("P")


class Comparable:
    def __lt__(self, other: Any) -> bool: ...


class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item

    def map(self, f: Callable[[T], K]) -> "Box[K]":
        return Box(f(self.item))


class Registry(dict[str, Callable[..., Any]]):
    def register(self, name: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
        def deco(fn: Callable[P, T]) -> Callable[P, T]:
            self[name] = fn
            return fn
        return deco


@overload
def first(xs: list[T]) -> T: ...
@overload
def first(xs: str) -> str: ...
def first(xs):
    return xs[0]


def coalesce(*values: int | None, default: int = 0) -> int:
    return next((v for v in values if v is not None), default)


def apply(f: Callable[Concatenate[int, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
    return f(1, *args, **kwargs)


def untyped(a, b, c=None, *rest, **opts):
    return a, b, c, rest, opts


x: int = 5
names: list[str] | tuple[str, ...] = []
maybe: "dict[str, int] | None" = None
