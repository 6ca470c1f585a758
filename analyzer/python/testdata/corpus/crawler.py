"""A small async crawler."""
import asyncio
import re
from collections import deque
from dataclasses import dataclass, field
from typing import AsyncIterator, Optional
from urllib.parse import urljoin, urlparse

import aiohttp
from bs4 import BeautifulSoup

LINK = re.compile(r'href="([^"]+)"')


@dataclass(order=True)
class Page:
    url: str
    depth: int = 0
    links: list[str] = field(default_factory=list)
    status: Optional[int] = None


@dataclass(frozen=True)
class Settings:
    max_depth: int = 2
    concurrency: int = 8
    same_host: bool = True


class RateLimiter:
    def __init__(self, per_second: float):
        self._sem = asyncio.Semaphore(int(per_second))

    async def __aenter__(self):
        await self._sem.acquire()
        return self

    async def __aexit__(self, *exc):
        await asyncio.sleep(0.1)
        self._sem.release()
        return False


async def fetch(session: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    async with session.get(url) as resp:
        return resp.status, await resp.text()


async def pages(start: str, settings: Settings = Settings()) -> AsyncIterator[Page]:
    seen = {start}
    queue = deque([Page(start)])
    limiter = RateLimiter(settings.concurrency)
    async with aiohttp.ClientSession() as session:
        while queue:
            page = queue.popleft()
            async with limiter:
                try:
                    page.status, body = await fetch(session, page.url)
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    continue
            soup = BeautifulSoup(body, "html.parser")
            page.links = [urljoin(page.url, a.get("href")) for a in soup.find_all("a") if a.get("href")]
            yield page
            if page.depth >= settings.max_depth:
                continue
            for link in page.links:
                if (host := urlparse(link).netloc) and settings.same_host and host != urlparse(start).netloc:
                    continue
                if link not in seen:
                    seen.add(link)
                    queue.append(Page(link, page.depth + 1))


async def crawl(start):
    found = [p async for p in pages(start) if p.status == 200]
    results = await asyncio.gather(*(asyncio.sleep(0, result=p) for p in found))
    return {p.url: len(p.links) for p in results}


def main():
    import sys
    print(asyncio.run(crawl(sys.argv[1])))


if __name__ == '__main__':
    main()
