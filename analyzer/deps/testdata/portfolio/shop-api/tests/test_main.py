import httpx
import pytest
from fastapi.testclient import TestClient

from app.main import app


@pytest.fixture
def client():
    return TestClient(app)


def test_config(client):
    assert client.get("/config").status_code == 200


def test_httpx_version():
    assert httpx.__version__
