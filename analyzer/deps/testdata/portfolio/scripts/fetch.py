#!/usr/bin/env python3
import sys

import requests
from dateutil import parser


def main(url):
    resp = requests.get(url, timeout=10)
    print(parser.parse(resp.headers["Date"]).isoformat())


if __name__ == "__main__":
    main(sys.argv[1])
