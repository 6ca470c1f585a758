"""Geometric shapes: abstract base classes and the four kinds of inheritance."""
from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import Iterator


class Shape(ABC):
    """Anything with an area."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        if not value:
            raise ValueError("empty name")
        self._name = value

    @abstractmethod
    def area(self) -> float:
        ...

    def describe(self) -> str:
        return f"{self.name} with area {self.area():.2f}"

    def __lt__(self, other: "Shape") -> bool:
        return self.area() < other.area()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Shape) and self.area() == other.area()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.area()))


class Polygon(Shape):
    def __init__(self, name: str, sides: int) -> None:
        super().__init__(name)
        self.sides = sides

    def area(self) -> float:
        raise NotImplementedError


class Rectangle(Polygon):
    def __init__(self, w: float, h: float) -> None:
        super().__init__("rectangle", 4)
        self.w, self.h = w, h

    def area(self) -> float:
        return self.w * self.h


class Square(Rectangle):
    def __init__(self, side: float) -> None:
        super().__init__(side, side)
        self.name = "square"

    def describe(self) -> str:
        return "a square: " + super().describe()


class Circle(Shape):
    def __init__(self, r: float) -> None:
        super(Circle, self).__init__("circle")
        self.__r = r

    def area(self) -> float:
        return math.pi * self.__r ** 2


class Labelled:
    def label(self) -> str:
        return "<" + getattr(self, "name", "?") + ">"


class LabelledCircle(Circle, Labelled):
    pass


def largest(shapes: list[Shape]) -> Shape | None:
    best = None
    for s in shapes:
        if best is None or s.area() > best.area():
            best = s
    return best


def iter_areas(shapes) -> Iterator[float]:
    for s in shapes:
        yield s.area()


if __name__ == "__main__":
    print(largest([Square(2), Circle(1), Rectangle(1, 3)]))
