#!/usr/bin/env python3
"""Self-check of the corpus files (standard library only): python3 tests/data/template-corpus/check.py"""
import collections
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate  # noqa: E402


def layout_regex(layout):
    """Loghub's header regex: fields become non-greedy named groups, runs of spaces become \\s+."""
    parts = re.split(r"(<[^<>]+>)", layout)
    rx = ""
    for k, p in enumerate(parts):
        rx += re.sub(" +", r"\\s+", p) if k % 2 == 0 else "(?P<%s>.*?)" % p.strip("<>")
    return re.compile("^" + rx + "$")


def main():
    errors = 0
    formats = dict(line.rstrip("\n").split("\t") for line in open(os.path.join(HERE, "formats.tsv"), encoding="utf-8"))
    assert list(formats) == [n for n, _ in generate.SYSTEMS], "formats.tsv systems"
    for index, (name, fn) in enumerate(generate.SYSTEMS):
        rx = layout_regex(formats[name])
        raw = open(os.path.join(HERE, name, name + "_2k.log"), encoding="utf-8").read().split("\n")
        assert raw[-1] == "", name
        raw = raw[:-1]
        with open(os.path.join(HERE, name, name + "_2k.log_structured.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        if rows[0] != ["LineId", "Content", "EventId", "EventTemplate"]:
            errors += 1
            print(name, "bad header", rows[0])
        rows = rows[1:]
        if len(raw) != 2000 or len(rows) != 2000:
            errors += 1
            print(name, "line counts", len(raw), len(rows))
        gen_rows, _ = generate.build(index, name, fn)
        tmpl_of, eid_of = {}, {}
        counts = collections.Counter()
        for i, (line, row, g) in enumerate(zip(raw, rows, gen_rows), 1):
            lid, content, eid, tmpl = row
            counts[eid] += 1
            problems = []
            if lid != str(i):
                problems.append("LineId")
            m = rx.match(line)
            if not m or m.group("Content") != content:
                problems.append("header split gives %r" % (m.group("Content") if m else None))
            if tmpl_of.setdefault(eid, tmpl) != tmpl:
                problems.append("EventId with two templates")
            if eid_of.setdefault(tmpl, eid) != eid:
                problems.append("template with two EventIds")
            # the template with the generator's values substituted back, in order, is the Content
            _, gcontent, ev, vals = g
            back = tmpl
            pieces = back.split("<*>")
            if len(pieces) - 1 != len(vals):
                problems.append("slot count %d != %d values" % (len(pieces) - 1, len(vals)))
            else:
                back = pieces[0] + "".join(v + p for v, p in zip(vals, pieces[1:]))
                if back != content or gcontent != content or ev.eid != eid or ev.template != tmpl:
                    problems.append("substitution gives %r" % back)
            # and, independently of the generator, the template as a pattern matches the Content
            pat = "^" + "(.+?)".join(re.escape(p) for p in tmpl.split("<*>")) + "$"
            if not re.match(pat, content, re.S):
                problems.append("template does not match content")
            if content != content.strip() or "\n" in content:
                problems.append("whitespace at the ends")
            if problems:
                errors += 1
                if errors < 20:
                    print(name, i, problems, line)
        n = len(counts)
        if not 25 <= n <= 120:
            errors += 1
            print(name, "has", n, "events")
        c = sorted(counts.values(), reverse=True)
        print("%-14s lines=%d events=%d top3=%s share_top5=%.0f%% once=%d twice=%d <=10=%d" % (
            name, len(rows), n, c[:3], 100.0 * sum(c[:5]) / len(rows), c.count(1), c.count(2),
            sum(1 for x in c if x <= 10)))
    print("OK" if errors == 0 else "%d ERRORS" % errors)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
