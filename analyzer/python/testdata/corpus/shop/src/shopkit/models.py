from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator

from . import pricing
from .errors import OutOfStock


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    price: Decimal
    stock: int = 0


@dataclass
class Line:
    product: Product
    qty: int = 1

    @property
    def total(self) -> Decimal:
        return pricing.price_of(self.product) * self.qty


@dataclass
class Cart:
    lines: list[Line] = field(default_factory=list)

    def add(self, product: Product, qty: int = 1) -> None:
        if qty > product.stock:
            raise OutOfStock(product.sku)
        for line in self.lines:
            if line.product == product:
                line.qty += qty
                break
        else:
            self.lines.append(Line(product, qty))

    def __iter__(self) -> Iterator[Line]:
        return iter(self.lines)

    def __len__(self) -> int:
        return sum(l.qty for l in self.lines)

    def total(self) -> Decimal:
        return sum((l.total for l in self.lines), Decimal(0))
