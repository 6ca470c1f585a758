import gc
import weakref
import pickle
import shelve
import json
import joblib


class Node:
    __slots__ = ("value", "children", "_parent", "__weakref__")

    def __init__(self, value, parent=None):
        self.value = value
        self.children = []
        self._parent = weakref.ref(parent) if parent else None

    @property
    def parent(self):
        return self._parent() if self._parent else None

    def __del__(self):
        self.children.clear()


class Cache:
    def __init__(self):
        self._data = weakref.WeakValueDictionary()

    def get(self, key, factory):
        obj = self._data.get(key)
        if obj is None:
            obj = self._data[key] = factory()
        return obj


def save(obj, path):
    with open(path, "wb") as f:
        pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
    with shelve.open(path + ".db") as db:
        db["obj"] = obj
    joblib.dump(obj, path + ".joblib")
    return json.dumps({"path": path})


def collect():
    before = len(gc.get_objects())
    gc.collect()
    return before - len(gc.get_objects())
