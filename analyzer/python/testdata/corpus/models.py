from __future__ import annotations

import enum
from enum import Enum, IntEnum, auto
from typing import NamedTuple, TypedDict, Protocol, runtime_checkable, Literal

import attr
import attrs
from attrs import define, frozen
from pydantic import BaseModel, Field, field_validator
from pydantic_settings import BaseSettings


class Color(Enum):
    RED = auto()
    GREEN = auto()


class Priority(IntEnum):
    LOW = 1
    HIGH = 2


class Perm(enum.Flag):
    R = 4
    W = 2


class Point(NamedTuple):
    x: float
    y: float

    def norm(self) -> float:
        return (self.x ** 2 + self.y ** 2) ** 0.5


class Movie(TypedDict, total=False):
    title: str
    year: int


@runtime_checkable
class SupportsClose(Protocol):
    def close(self) -> None: ...


class User(BaseModel):
    id: int
    name: str = Field(min_length=1)
    email: str | None = None
    tags: list[str] = []

    @field_validator("name")
    @classmethod
    def strip(cls, v: str) -> str:
        return v.strip()


class Admin(User):
    level: Literal["ops", "root"] = "ops"


class Settings(BaseSettings):
    debug: bool = False


@attr.s(auto_attribs=True)
class Legacy:
    a: int = 0


@define
class Coordinates:
    lat: float
    lon: float


@frozen
class Version:
    major: int
    minor: int = 0

    def bump(self) -> "Version":
        return attrs.evolve(self, minor=self.minor + 1)
