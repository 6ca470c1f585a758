# Python 3.12 syntax: CPython 3.11 rejects it, tree-sitter parses it.
type Pair[T] = tuple[T, T]
type IntOrStr = int | str


class Stack[T]:
    def __init__(self) -> None:
        self.items: list[T] = []

    def push(self, item: T) -> None:
        self.items.append(item)

    def pop(self) -> T:
        return self.items.pop()


def first[T: (int, str)](xs: list[T]) -> T:
    return xs[0]


class Mapping[K, V](dict[K, V]):
    pass
