import os
from typing import List


class Ok:
    def fine(self):
        return 1


def half_written(x:
    return x +


class AfterError(Ok):
    def still_found(self, y):
        return [y for y in range(3)


def last():
    pass
