import os
from functools import wraps
from http import HTTPStatus

from flask import Flask, jsonify, request, abort
from werkzeug.exceptions import HTTPException
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session

app = Flask(__name__)
engine = sa.create_engine(os.environ.get("DB_URL", "sqlite://"))


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(50))


def require_token(fn):
    @wraps(fn)
    def check(*args, **kwargs):
        if request.headers.get("X-Token") != os.environ.get("TOKEN"):
            abort(HTTPStatus.UNAUTHORIZED)
        return fn(*args, **kwargs)
    return check


@app.get("/items")
def list_items():
    with Session(engine) as s:
        return jsonify([{"id": i.id, "name": i.name} for i in s.scalars(sa.select(Item))])


@app.post("/items")
@require_token
def create_item():
    data = request.get_json(force=True) or {}
    if not (name := data.get("name")):
        abort(HTTPStatus.BAD_REQUEST)
    with Session(engine) as s, s.begin():
        s.add(Item(name=name))
    return {"ok": True}, HTTPStatus.CREATED


@app.errorhandler(HTTPException)
def handle(e):
    return {"error": e.description}, e.code
