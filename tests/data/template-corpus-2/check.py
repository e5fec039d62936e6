#!/usr/bin/env python3
"""Self-check of the second template corpus, independent of the generator's internals."""
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def loghub_regex(layout):
    splitters = re.split(r"(<[^<>]+>)", layout)
    regex = ""
    for k, s in enumerate(splitters):
        regex += re.sub(" +", "\\\\s+", s) if k % 2 == 0 else "(?P<%s>.*?)" % s.strip("<").strip(">")
    return re.compile("^" + regex + "$")


def main():
    ok = True
    events_tsv = {}
    with open(os.path.join(HERE, "events.tsv")) as f:
        next(f)
        for line in f:
            s, eid, n, t = line.rstrip("\n").split("\t")
            events_tsv[(s, eid)] = (int(n), t)
    with open(os.path.join(HERE, "formats.tsv")) as f:
        formats = [line.rstrip("\n").split("\t") for line in f]
    for name, layout in formats:
        rx = loghub_regex(layout)
        with open(os.path.join(HERE, name, name + "_2k.log"), newline="") as f:
            raw = f.read().split("\n")
        assert raw[-1] == ""
        raw = raw[:-1]
        with open(os.path.join(HERE, name, name + "_2k.log_structured.csv"), newline="") as f:
            rows = list(csv.reader(f))
        errs = []
        if rows[0] != ["LineId", "Content", "EventId", "EventTemplate"]:
            errs.append("bad CSV header")
        rows = rows[1:]
        if len(raw) != 2000 or len(rows) != 2000:
            errs.append("line counts %d/%d" % (len(raw), len(rows)))
        e2t, t2e, counts = {}, {}, {}
        for i, (line, row) in enumerate(zip(raw, rows)):
            lid, content, eid, tmpl = row
            if lid != str(i + 1):
                errs.append("LineId %s at %d" % (lid, i + 1))
            m = rx.match(line.strip())
            if not m or m.group("Content") != content:
                errs.append("header split fails on line %d" % (i + 1))
            e2t.setdefault(eid, set()).add(tmpl)
            t2e.setdefault(tmpl, set()).add(eid)
            counts[eid] = counts.get(eid, 0) + 1
            pat = "^" + ".*?".join(re.escape(p) for p in tmpl.split("<*>")) + "$"
            if not re.match(pat, content, re.S):
                errs.append("template does not match content on line %d" % (i + 1))
        errs += ["EventId %s has %d templates" % (e, len(t)) for e, t in e2t.items() if len(t) > 1]
        errs += ["template %r has %d EventIds" % (t, len(e)) for t, e in t2e.items() if len(e) > 1]
        for eid, n in counts.items():
            if events_tsv.get((name, eid)) != (n, next(iter(e2t[eid]))):
                errs.append("events.tsv disagrees on %s" % eid)
        if not 25 <= len(e2t) <= 120:
            errs.append("%d events" % len(e2t))
        top5 = sum(sorted(counts.values(), reverse=True)[:5]) / 20.0
        once = sum(1 for n in counts.values() if n == 1)
        print("%-13s %3d events  %4d lines  top5 %.0f%%  once %d  %s" % (name, len(e2t), len(rows), top5, once,
                                                                       "OK" if not errs else "FAIL"))
        for e in errs[:10]:
            print("   ", e)
        ok = ok and not errs
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
