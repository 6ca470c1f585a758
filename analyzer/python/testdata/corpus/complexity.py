"""Functions whose cyclomatic complexity is known (radon's rules)."""


def straight(a):  # 1
    return a + 1


def branches(a, b):  # 1 + if + elif + elif + and + or = 6
    if a > 0:
        return 1
    elif a < 0 and b:
        return -1
    elif b or a:
        return 2
    else:
        return 0


def loops(xs):  # 1 + for + else + while + if + except*2 + try-else = 8
    for x in xs:
        pass
    else:
        pass
    while xs:
        xs.pop()
        if not xs:
            break
    try:
        return xs[0]
    except IndexError:
        return None
    except KeyError:
        return None
    else:
        pass


def comprehensions(rows):  # 1 + (1 for + 2 ifs) + (2 fors) + ifexp = 7
    a = [r for r in rows if r if r > 1]
    b = {k: v for k, v in rows for v in k}
    return a if b else None


def with_assert(x):  # 1 + assert (radon does not look inside) = 2
    assert x and x > 0, "positive"
    with open(x) as f:
        return f.read()


def outer(n):  # 1 + if = 2; inner counts for itself
    def inner(m):  # 1 + for + if = 3
        for i in range(m):
            if i:
                return i
    if n:
        return inner(n)


def lambdas(xs):  # 1 + ifexp inside the lambda = 2
    return sorted(xs, key=lambda v: v if v else 0)


def defaults(x=1 if True else 2, *, y=(a and b for a, b in ())):  # defaults do not count: 1
    return x, y


class Holder:
    def method(self, v):  # 1 + if + boolop(2 values) + boolop = 4
        if v and self or v:
            return True
        return False

    @staticmethod
    def nested_class():  # 1; the class body's if counts for nobody
        class Local:
            if True:
                x = 1
        return Local


async def async_loops(src):  # 1 + async for + async comprehension = 3
    async for item in src:
        pass
    return [i async for i in src]


def matcher(cmd):  # radon 6: 3 cases, one wildcard -> +2 = 3
    match cmd:
        case "a":
            return 1
        case "b":
            return 2
        case _:
            return 0


def deep(a, b, c):
    for i in a:
        while b:
            if c:
                try:
                    with open(i) as fh:
                        if fh:
                            return fh
                except OSError:
                    pass
    return None
