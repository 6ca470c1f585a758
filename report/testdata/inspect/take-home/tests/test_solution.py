import pytest

from solution import CacheError, LRUCache


@pytest.fixture
def cache():
    return LRUCache(2)


def test_evicts_least_recent(cache):
    cache.put("a", 1)
    cache.put("b", 2)
    cache.get("a")
    cache.put("c", 3)
    assert "b" not in cache
    assert len(cache) == 2


def test_rejects_zero_capacity():
    with pytest.raises(CacheError):
        LRUCache(0)
