#!/usr/bin/env python3
"""Self-check of the seventh template corpus, independent of the generator's internals (except step 0, which runs it)."""
import csv
import filecmp
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def loghub_regex(layout):
    splitters = re.split(r"(<[^<>]+>)", layout)
    regex = ""
    for k, s in enumerate(splitters):
        regex += re.sub(" +", "\\\\s+", s) if k % 2 == 0 else "(?P<%s>.*?)" % s.strip("<").strip(">")
    return re.compile("^" + regex + "$")


def tmpl_regex(tmpl):
    return re.compile("^" + ".*?".join(re.escape(p) for p in tmpl.split("<*>")) + "$", re.S)


def regenerate_identical(formats):
    """0. Regenerating into a temporary folder (under another PYTHONHASHSEED) gives byte-identical files."""
    errs = []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, PYTHONHASHSEED="12345", PYTHONDONTWRITEBYTECODE="1")
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), tmp], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        files = ["formats.tsv", "events.tsv", "constant-slots.tsv"]
        for name, _ in formats:
            files += [os.path.join(name, name + "_2k.log"), os.path.join(name, name + "_2k.log_structured.csv")]
        for fn in files:
            if not filecmp.cmp(os.path.join(HERE, fn), os.path.join(tmp, fn), shallow=False):
                errs.append("regenerated %s differs" % fn)
    return errs


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
    regen = regenerate_identical(formats)
    print("regeneration: %s" % ("identical" if not regen else "; ".join(regen)))
    ok = not regen
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
            if content != content.strip() or "\t" in content or not content:
                errs.append("Content with outer spaces, a tab or empty on line %d" % (i + 1))
            e2t.setdefault(eid, set()).add(tmpl)
            t2e.setdefault(tmpl, set()).add(eid)
            counts[eid] = counts.get(eid, 0) + 1
        errs += ["EventId %s has %d templates" % (e, len(t)) for e, t in e2t.items() if len(t) > 1]
        errs += ["template %r has %d EventIds" % (t, len(e)) for t, e in t2e.items() if len(e) > 1]
        for eid, n in counts.items():
            if events_tsv.get((name, eid)) != (n, next(iter(e2t[eid]))):
                errs.append("events.tsv disagrees on %s" % eid)
        # each Content matches its own template, and no other template of the system
        tmpls = {eid: next(iter(t)) for eid, t in e2t.items()}
        pats = {eid: (tmpl_regex(t), max(t.split("<*>"), key=len)) for eid, t in tmpls.items()}
        clashes = set()
        for i, (lid, content, eid, tmpl) in enumerate(rows):
            if not pats[eid][0].match(content):
                errs.append("template does not match content on line %d" % (i + 1))
            for other, (pat, lit) in pats.items():
                if other != eid and lit in content and pat.match(content) and (eid, other) not in clashes:
                    clashes.add((eid, other))
                    errs.append("line %d (%s) also matches %s: %r" % (i + 1, eid, other, tmpls[other]))
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
