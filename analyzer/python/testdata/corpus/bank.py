import logging
import threading
from decimal import Decimal
from datetime import datetime, timezone

log = logging.getLogger(__name__)


class InsufficientFunds(Exception):
    """Raised when a withdrawal exceeds the balance."""

    def __init__(self, needed, available):
        super().__init__(f"need {needed}, have {available}")
        self.needed = needed
        self.available = available


class FrozenAccountError(RuntimeError):
    pass


class Account:
    _next_id = 1
    interest_rate = Decimal("0.01")

    def __init__(self, owner, balance=Decimal(0)):
        self.owner = owner
        self.__balance = Decimal(balance)
        self._history = []
        self._lock = threading.Lock()
        self._frozen = False
        self.id = Account._next_id
        Account._next_id += 1

    @property
    def balance(self):
        return self.__balance

    @classmethod
    def from_dict(cls, d):
        acct = cls(d["owner"], d.get("balance", 0))
        acct._frozen = bool(d.get("frozen"))
        return acct

    @staticmethod
    def validate_amount(amount):
        if amount <= 0:
            raise ValueError("amount must be positive")
        return Decimal(amount)

    def deposit(self, amount):
        amount = self.validate_amount(amount)
        with self._lock:
            if self._frozen:
                raise FrozenAccountError(self.id)
            self.__balance += amount
            self._record("deposit", amount)

    def withdraw(self, amount):
        amount = self.validate_amount(amount)
        with self._lock:
            if self._frozen:
                raise FrozenAccountError(self.id)
            elif amount > self.__balance:
                raise InsufficientFunds(amount, self.__balance)
            self.__balance -= amount
            self._record("withdraw", amount)

    def _record(self, kind, amount):
        self._history.append((datetime.now(timezone.utc), kind, amount))
        log.debug("%s %s %s", self.id, kind, amount)

    def __repr__(self):
        return "Account(%r, %s)" % (self.owner, self.__balance)

    def __str__(self):
        return f"{self.owner}: {self.__balance}"


class SavingsAccount(Account):
    interest_rate = Decimal("0.03")

    def withdraw(self, amount):
        if len([h for h in self._history if h[1] == "withdraw"]) >= 3:
            raise FrozenAccountError("too many withdrawals this month")
        super().withdraw(amount)

    def add_interest(self):
        self.deposit(self.balance * self.interest_rate)


class CheckingAccount(Account):
    overdraft = Decimal(100)

    def withdraw(self, amount):
        try:
            super().withdraw(amount)
        except InsufficientFunds as e:
            if e.needed - e.available <= self.overdraft:
                self._Account__balance -= e.needed
            else:
                raise
        except (FrozenAccountError, ValueError):
            log.warning("refused")
            raise
        else:
            log.info("ok")
        finally:
            log.debug("done")


def transfer(src, dst, amount):
    first, second = sorted([src, dst], key=lambda a: a.id)
    with first._lock, second._lock:
        pass
    src.withdraw(amount)
    dst.deposit(amount)
