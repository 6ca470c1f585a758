from decimal import Decimal

import pytest

from shopkit import Cart, Product
from shopkit.errors import OutOfStock
from conftest import make_product


@pytest.fixture
def apple():
    return Product("A1", "apple", Decimal("1.00"), stock=5)


@pytest.mark.parametrize("qty, expected", [(1, 1), (2, 2), (5, 5)])
def test_add(apple, qty, expected):
    cart = Cart()
    cart.add(apple, qty)
    assert len(cart) == expected


def test_out_of_stock(apple):
    with pytest.raises(OutOfStock):
        Cart().add(apple, 6)


class TestTotals:
    def test_empty(self):
        assert Cart().total() == 0

    def test_two_lines(self, apple):
        cart = Cart()
        cart.add(apple)
        cart.add(make_product())
        assert cart.total() > 0 and len(cart) == 2
