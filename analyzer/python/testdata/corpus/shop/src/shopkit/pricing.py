from decimal import Decimal, ROUND_HALF_UP
import typing

if typing.TYPE_CHECKING:
    from .models import Product

VAT = Decimal("0.2")


class PricingRule:
    def apply(self, price: Decimal) -> Decimal:
        return price


class Discount(PricingRule):
    def __init__(self, percent: int) -> None:
        self.percent = percent

    def apply(self, price: Decimal) -> Decimal:
        return price * (100 - self.percent) / 100


class BlackFriday(Discount):
    def __init__(self) -> None:
        super().__init__(50)

    def apply(self, price: Decimal) -> Decimal:
        return max(super().apply(price), Decimal("1.00"))


class Rounding(PricingRule):
    def apply(self, price: Decimal) -> Decimal:
        return price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


RULES: list[PricingRule] = [Rounding()]


def price_of(product: "Product", rules: "list[PricingRule] | None" = None) -> Decimal:
    price = product.price * (1 + VAT)
    for rule in rules or RULES:
        price = rule.apply(price)
    return price
