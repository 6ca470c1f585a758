from typing import Annotated

import yaml
from fastapi import Depends, FastAPI
from google.cloud import storage
from jose import jwt
from pydantic_settings import BaseSettings
from sqlalchemy.ext.asyncio import create_async_engine

from .cache import Cache


class Settings(BaseSettings):
    database_url: str = "postgresql+psycopg2://localhost/shop"


app = FastAPI()
engine = create_async_engine(Settings().database_url)


def settings() -> Settings:
    return Settings()


@app.get("/config")
def config(s: Annotated[Settings, Depends(settings)]):
    return yaml.safe_dump({"db": s.database_url})


@app.get("/token")
def token():
    return jwt.encode({"sub": "x"}, "secret")


def upload(name: str, data: bytes) -> None:
    storage.Client().bucket("b").blob(name).upload_from_string(data)
    Cache().set(name, data)
