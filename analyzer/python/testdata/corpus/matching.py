"""Structural pattern matching (Python 3.10+)."""
from dataclasses import dataclass


@dataclass
class Move:
    dx: int
    dy: int


@dataclass
class Quit:
    pass


def handle(command):
    match command.split():
        case ["go", direction]:
            return f"going {direction}"
        case ["pick", "up", *items] if items:
            return "picking " + ", ".join(items)
        case ["look"] | ["l"]:
            return "looking"
        case _:
            return "unknown"


def interpret(event):
    match event:
        case Move(dx=0, dy=0):
            return None
        case Move(dx=x, dy=y) if x > 0 and y > 0:
            return (x, y)
        case {"type": "key", "key": str(key)}:
            return key
        case Quit():
            raise SystemExit
        case other:
            return other


def parse_lines(lines):
    out = []
    while (line := next(lines, None)) is not None:
        if (n := len(line)) > 80:
            out.append(line[:80])
        else:
            out.append(line + " " * (80 - n))
    return out


match = {"case": 1}
case = match["case"]
type = "soft keywords are names too"
