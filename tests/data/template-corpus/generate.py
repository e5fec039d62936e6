#!/usr/bin/env python3
"""Deterministic generator of the labelled template corpus (Python 3 standard library only).

Run:  python3 tests/data/template-corpus/generate.py
It rewrites, byte-identically, <S>/<S>_2k.log, <S>/<S>_2k.log_structured.csv for the eight systems and formats.tsv.
The events (format strings) of every system are defined in sys_a.py / sys_b.py; gen_common.py holds the machinery.
"""
import csv
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import gen_common  # noqa: E402
import sys_a  # noqa: E402
import sys_b  # noqa: E402

SEED = 20261202
SYSTEMS = [
    ("Supercomputer", sys_a.supercomputer),
    ("Coordinator", sys_a.coordinator),
    ("WebServer", sys_a.webserver),
    ("Compute", sys_a.compute),
    ("MapReduce", sys_b.mapreduce),
    ("Syslog", sys_b.syslog),
    ("Kubelet", sys_b.kubelet),
    ("Database", sys_b.database),
]
LINES = 2000


def build(index, name, fn):
    """Returns (rows, layout) for one system; rows are (raw line, content, event, values)."""
    r = random.Random(SEED + index)
    items, header, layout, start, step = fn(r)
    rows = gen_common.generate(r, items, header, start, LINES, step)
    return rows, layout


def main():
    formats = []
    events = ["System\tEventId\tLines\tEventTemplate\n"]
    constant = ["System\tEventId\tLines\tSlot\tValue\tEventTemplate\n"]
    for index, (name, fn) in enumerate(SYSTEMS):
        rows, layout = build(index, name, fn)
        by_event = {}
        for _, _, ev, vals in rows:
            by_event.setdefault(ev.eid, (ev, []))[1].append(vals)
        for eid in sorted(by_event, key=lambda e: int(e[1:])):
            ev, vals = by_event[eid]
            events.append("%s\t%s\t%d\t%s\n" % (name, eid, len(vals), ev.template))
            if len(vals) >= 3:  # a filled-in value that never varies in this sample (not learnable from the sample)
                for k in range(len(vals[0])):
                    if len({v[k] for v in vals}) == 1:
                        constant.append("%s\t%s\t%d\t%d\t%s\t%s\n" % (name, eid, len(vals), k + 1, vals[0][k],
                                                                       ev.template))
        d = os.path.join(HERE, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name + "_2k.log"), "w", encoding="utf-8", newline="\n") as f:
            for raw, _, _, _ in rows:
                f.write(raw + "\n")
        with open(os.path.join(d, name + "_2k.log_structured.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["LineId", "Content", "EventId", "EventTemplate"])
            for i, (_, content, ev, _) in enumerate(rows, 1):
                w.writerow([i, content, ev.eid, ev.template])
        formats.append("%s\t%s\n" % (name, layout))
        print("%-14s %d lines, %d events" % (name, len(rows), len({ev.eid for _, _, ev, _ in rows})))
    for fname, lines in (("formats.tsv", formats), ("events.tsv", events), ("constant-slots.tsv", constant)):
        with open(os.path.join(HERE, fname), "w", encoding="utf-8", newline="\n") as f:
            f.writelines(lines)


if __name__ == "__main__":
    main()
