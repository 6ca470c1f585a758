import pytest

from app import create_app


@pytest.fixture
def client():
    return create_app({"TESTING": True}).test_client()


def test_bad_page(client):
    assert client.get("/users?page=0").status_code == 400
