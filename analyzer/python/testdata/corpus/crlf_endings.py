import os

class Windows(object):
    def crlf(self):
        return os.linesep


def tail():
    pass
