# A Python 2 script: CPython 3 cannot parse it; tree-sitter recovers it.
import urllib2
import ConfigParser
from StringIO import StringIO
import cPickle as pickle


class Fetcher(object):
    def __init__(self, url):
        self.url = url

    def fetch(self):
        try:
            return urllib2.urlopen(self.url).read()
        except urllib2.URLError, e:
            print "failed:", e
            return None

    def dump(self, path):
        f = open(path, "w")
        print >>f, `self.url`
        pickle.dump(self.url, f)


def main():
    cfg = ConfigParser.ConfigParser()
    if cfg.sections() <> []:
        print cfg.sections()
    exec "x = 1"
    mode = 0755
    big = 10L
    raise ValueError, "done"


if __name__ == '__main__':
    main()
