import asyncio


class ValidationError(ValueError):
    pass


class RetryableError(Exception):
    pass


async def run_all(coros):
    try:
        async with asyncio.TaskGroup() as tg:
            tasks = [tg.create_task(c) for c in coros]
    except* ValidationError as eg:
        for e in eg.exceptions:
            print("invalid", e)
    except* (RetryableError, TimeoutError):
        return None
    return [t.result() for t in tasks]


def raise_group():
    errors = [ValidationError("a"), RetryableError("b")]
    raise ExceptionGroup("many", errors)


def notes():
    try:
        raise_group()
    except ExceptionGroup as e:
        e.add_note("while testing")
        raise
