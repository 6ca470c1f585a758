class ShopError(Exception):
    """Base of the package's errors."""


class OutOfStock(ShopError):
    def __init__(self, sku):
        super().__init__(f"out of stock: {sku}")
        self.sku = sku


class PaymentDeclined(ShopError):
    pass
