"""Machinery for the seventh template corpus (copied from the sixth): events, line allocation, output files.

An event is one format string of the imitated program. `{}` marks each value the program fills in at run time; the
EventTemplate is the format string with every `{}` replaced by `<*>`, and nothing else changes.
"""
import csv
import datetime as dt
import os
import random
import re

START = dt.datetime(2026, 11, 28, 14, 2, 11)
N_LINES = 2000


class Ev:
    def __init__(self, fmt, weight, gen=None, **meta):
        self.fmt = fmt
        self.weight = weight
        self.gen = gen or (lambda r: ())
        self.meta = meta
        self.parts = fmt.split("{}")
        self.template = "<*>".join(self.parts)

    def render(self, r):
        vals = self.gen(r)
        if not isinstance(vals, (tuple, list)):
            vals = (vals,)
        vals = tuple(str(v) for v in vals)
        assert all(vals), (self.fmt, vals)  # no empty values in this corpus
        if len(vals) != len(self.parts) - 1:
            raise ValueError("%r: %d values for %d slots" % (self.fmt, len(vals), len(self.parts) - 1))
        out = [self.parts[0]]
        for v, p in zip(vals, self.parts[1:]):
            out.append(v)
            out.append(p)
        return "".join(out), vals


def E(fmt, weight, gen=None, **meta):
    return Ev(fmt, weight, gen, **meta)


# ---- value helpers (each takes the line's random.Random) ----
def ip(r, net="10.0"):
    return "%s.%d.%d" % (net, r.randint(0, 31), r.randint(2, 250))


def pubip(r):
    return r.choice(["203.0.113", "198.51.100", "192.0.2", "185.220.101", "45.83.64"]) + ".%d" % r.randint(2, 250)


def hexs(r, n):
    return "%0*x" % (n, r.getrandbits(4 * n))


def uuid(r):
    h = hexs(r, 32)
    return "%s-%s-4%s-%s-%s" % (h[:8], h[8:12], h[13:16], h[16:20], h[20:])


def pick(r, *opts):
    return r.choice(opts)


_TURNS = {}


def turn(key, opts):
    """The next of opts, in turn, for a message printed once per listener/store/worker (start-up and shut-down)."""
    _TURNS[key] = _TURNS.get(key, -1) + 1
    return opts[_TURNS[key] % len(opts)]


def allocate(events, total=N_LINES):
    """Counts proportional to the weights (at least 1); weight -1/-2 means exactly 1/2 lines."""
    fixed = sum(-e.weight for e in events if e.weight < 0)
    pos = [e for e in events if e.weight > 0]
    wsum = float(sum(e.weight for e in pos))
    rest = total - fixed
    counts = {}
    for e in events:
        counts[id(e)] = -e.weight if e.weight < 0 else max(1, int(round(e.weight / wsum * rest)))
    diff = total - sum(counts.values())
    big = max(pos, key=lambda e: e.weight)
    counts[id(big)] += diff
    return [counts[id(e)] for e in events]


def loghub_regex(layout):
    """Loghub's generate_logformat_regex."""
    splitters = re.split(r"(<[^<>]+>)", layout)
    regex = ""
    for k, s in enumerate(splitters):
        if k % 2 == 0:
            regex += re.sub(" +", "\\\\s+", s)
        else:
            regex += "(?P<%s>.*?)" % s.strip("<").strip(">")
    return re.compile("^" + regex + "$")


def build(system, seed):
    """system: module-like object with NAME, LAYOUT, EVENTS (list of Ev), header(r, ts, ev, seq) -> str,
    optional gap(r) -> milliseconds between lines."""
    r = random.Random(seed)
    events = system.EVENTS
    tmpls = [e.template for e in events]
    assert len(set(tmpls)) == len(tmpls), [t for t in tmpls if tmpls.count(t) > 1]
    assert 25 <= len(events) <= 120, len(events)
    counts = allocate(events)
    order = [i for i, c in enumerate(counts) for _ in range(c)]
    r.shuffle(order)
    # events marked pos="start"/"end" (start-up and shut-down messages) go first/last, in the listed order
    first = [i for i, e in enumerate(events) if e.meta.get("pos") == "start" for _ in range(counts[i])]
    last = [i for i, e in enumerate(events) if e.meta.get("pos") == "end" for _ in range(counts[i])]
    order = first + [i for i in order if events[i].meta.get("pos") not in ("start", "end")] + last
    gap = getattr(system, "gap", lambda r: int(r.expovariate(1 / 900.0)) + 1)
    ms = 0
    rows, raw, values = [], [], []
    for n, i in enumerate(order):
        ev = events[i]
        ts = START + dt.timedelta(milliseconds=ms)
        system.now = ts  # the line's time, for values that print a time close to it
        content, vals = ev.render(r)
        assert content == content.strip() and "\n" not in content and content, repr(content)
        ms += gap(r)
        line = system.header(r, ts, ev, n) + content
        raw.append(line)
        rows.append((n + 1, content, "E%d" % (i + 1), ev.template))
        values.append(vals)
        # self-check: the template with the values substituted back is the Content
        pieces = ev.template.split("<*>")
        assert "".join(p + v for p, v in zip(pieces, list(vals) + [""])) == content
    return counts, raw, rows, values


def write_system(outdir, system, seed):
    counts, raw, rows, values = build(system, seed)
    d = os.path.join(outdir, system.NAME)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, system.NAME + "_2k.log"), "w", newline="") as f:
        for line in raw:
            f.write(line + "\n")
    with open(os.path.join(d, system.NAME + "_2k.log_structured.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["LineId", "Content", "EventId", "EventTemplate"])
        for row in rows:
            w.writerow(row)
    # regex split check
    rx = loghub_regex(system.LAYOUT)
    for line, row in zip(raw, rows):
        m = rx.match(line.strip())
        assert m and m.group("Content") == row[1], (line, row[1])
    ev_lines = []
    const = []
    for i, e in enumerate(system.EVENTS):
        eid = "E%d" % (i + 1)
        ev_lines.append((system.NAME, eid, counts[i], e.template))
        vs = [v for row, v in zip(rows, values) if row[2] == eid]
        if len(vs) >= 3:
            for k in range(len(vs[0])):
                if len(set(v[k] for v in vs)) == 1:
                    const.append((system.NAME, eid, k + 1, vs[0][k], e.template))
    return ev_lines, const
