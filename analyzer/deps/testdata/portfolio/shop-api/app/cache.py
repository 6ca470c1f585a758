import redis


class Cache:
    def __init__(self):
        self.r = redis.Redis()

    def set(self, k, v):
        self.r.set(k, v)
