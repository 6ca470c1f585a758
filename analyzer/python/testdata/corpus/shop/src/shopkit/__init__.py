"""shopkit: a tiny shop domain package (src layout)."""
from .models import Product, Cart
from .pricing import price_of

__all__ = ["Product", "Cart", "price_of"]
__version__ = "0.1.0"
