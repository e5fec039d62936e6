"""Shared machinery for generate.py (Python 3 standard library only).

An Event is one format string of the (invented) program: `fmt` uses `{}` for every value the program fills in at
run time (`{{`/`}}` for literal braces). Its template is `fmt` with every `{}` replaced by `<*>`; its Content is `fmt`
with the generated values filled in. An Item is what one call site emits: one event, or a short chain of events that
the program always prints together (e.g. ERROR then DETAIL then STATEMENT).
"""
import datetime
import string

PLACE = "<*>"


class Event:
    def __init__(self, fmt, gens, **hdr):
        self.fmt = fmt
        self.gens = gens
        self.hdr = hdr
        slots = [f for (_, f, _, _) in string.Formatter().parse(fmt) if f is not None]
        if len(slots) != len(gens):
            raise ValueError("format has %d slots but %d generators: %r" % (len(slots), len(gens), fmt))
        if any(s != "" for s in slots):
            raise ValueError("use bare {} slots only: %r" % fmt)
        self.template = fmt.format(*([PLACE] * len(gens)))
        self.eid = None

    def render(self, r, ctx):
        vals = []
        for g in self.gens:
            v = g(r, ctx) if _wants_ctx(g) else g(r)
            v = str(v)
            if v == "" or PLACE in v or "\n" in v:
                raise ValueError("bad value %r for %r" % (v, self.fmt))
            vals.append(v)
        return self.fmt.format(*vals), vals


def _wants_ctx(g):
    return getattr(g, "wants_ctx", False)


def ctxval(key):
    """A generator that reads a value fixed for the whole item (e.g. the same id on every line of a chain)."""
    def g(r, ctx):
        return ctx[key]
    g.wants_ctx = True
    return g


class Item:
    def __init__(self, weight, events, setup=None):
        self.weight = weight
        self.events = events
        self.setup = setup  # callable(r) -> dict of values shared by the chain


def E(weight, fmt, *gens, setup=None, **hdr):
    """A one-event item (setup: callable(r) -> dict of related values read with ctxval)."""
    return Item(weight, [Event(fmt, list(gens), **hdr)], setup)


def CHAIN(weight, events, setup=None):
    return Item(weight, events, setup)


def allocate(items, total):
    """Line counts per item: weight -1/-2 means exactly 1/2 occurrences; others proportional (at least 1)."""
    fixed = {i: -it.weight for i, it in enumerate(items) if it.weight < 0}
    prop = [i for i, it in enumerate(items) if it.weight > 0]
    rest = total - sum(fixed[i] * len(items[i].events) for i in fixed)
    lo, hi = 0.0, float(rest)
    counts = {}
    for _ in range(200):
        k = (lo + hi) / 2
        counts = {i: max(1, int(round(items[i].weight * k))) for i in prop}
        lines = sum(counts[i] * len(items[i].events) for i in prop)
        if lines > rest:
            hi = k
        else:
            lo = k
    counts = {i: max(1, int(round(items[i].weight * lo))) for i in prop}
    lines = sum(counts[i] * len(items[i].events) for i in prop)
    # top up / trim with the heaviest single-event item
    top = max((i for i in prop if len(items[i].events) == 1), key=lambda i: items[i].weight)
    counts[top] += rest - lines
    counts.update(fixed)
    assert sum(counts[i] * len(items[i].events) for i in counts) == total
    return counts


def generate(r, items, header, start, total=2000, step=(0, 4000)):
    """Returns rows: (raw line, content, event, values)."""
    eid = 0
    for it in items:
        for ev in it.events:
            if ev.eid is None:
                eid += 1
                ev.eid = "E%d" % eid
    counts = allocate(items, total)
    seq = []
    for i in range(len(items)):
        seq.extend([i] * counts[i])
    r.shuffle(seq)
    t = start
    rows = []
    for i in seq:
        it = items[i]
        ctx = it.setup(r) if it.setup else {}
        for ev in it.events:
            t = t + datetime.timedelta(milliseconds=r.randint(*step), microseconds=r.randint(0, 999))
            content, vals = ev.render(r, ctx)
            head = header(r, t, ev, ctx)
            rows.append((head + content, content, ev, vals))
    return rows


# ---- value generators (each takes the Random instance) ----
def I(a, b):
    return lambda r: str(r.randint(a, b))


def F(a, b, d):
    return lambda r: "%.*f" % (d, r.uniform(a, b))


def C(*opts):
    return lambda r: r.choice(opts)


def P(pool):
    return lambda r: r.choice(pool)


def H(n):
    return lambda r: "%0*x" % (n, r.getrandbits(4 * n))


def uuid(r):
    h = "%032x" % r.getrandbits(128)
    return "%s-%s-4%s-%s-%s" % (h[:8], h[8:12], h[13:16], h[16:20], h[20:])


def ip(r, net="10"):
    parts = net.split(".")
    while len(parts) < 3:
        parts.append(str(r.randint(0, 255)))
    return "%s.%d" % (".".join(parts), r.randint(1, 254))


def IPG(net="10"):
    return lambda r: ip(r, net)
