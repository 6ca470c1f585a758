from decimal import Decimal

from shopkit import Product


def make_product(sku="B1"):
    return Product(sku, "bread", Decimal("2.50"), stock=10)
