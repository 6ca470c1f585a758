from abc import ABC, abstractmethod
from dataclasses import dataclass

from . import db


class Base(db.Model):
    __abstract__ = True
    id = db.Column(db.Integer, primary_key=True)


class User(Base):
    name = db.Column(db.String(80))

    @property
    def display(self) -> str:
        return self.name.title()


class Admin(User):
    def display_name(self) -> str:
        return f"admin {self.name}"


class Notifier(ABC):
    @abstractmethod
    def send(self, user: User, text: str) -> None: ...


class EmailNotifier(Notifier):
    def send(self, user: User, text: str) -> None:
        print(f"mail {user.name}: {text}")


class SmsNotifier(Notifier):
    def send(self, user: User, text: str) -> None:
        print(f"sms {user.name}: {text}")


@dataclass(frozen=True)
class Page:
    number: int
    size: int = 20
