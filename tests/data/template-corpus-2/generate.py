#!/usr/bin/env python3
"""Regenerate the second template corpus. Running it rewrites every output file byte-identically."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)

from gen_common import write_system  # noqa: E402

SEED = 20261202
MODULES = ["sys_loadbalancer", "sys_broker", "sys_springapp", "sys_objectstore", "sys_router", "sys_mail", "sys_goservice", "sys_ci"]


def main():
    events, consts, formats = [], [], []
    for idx, modname in enumerate(MODULES):
        mod = __import__(modname)
        ev, const = write_system(HERE, mod, SEED * 10 + idx)
        events += ev
        consts += const
        formats.append((mod.NAME, mod.LAYOUT))
        print("%-13s %3d events  %d lines" % (mod.NAME, len(ev), sum(e[2] for e in ev)))
    with open(os.path.join(HERE, "formats.tsv"), "w", newline="") as f:
        for name, layout in formats:
            f.write("%s\t%s\n" % (name, layout))
    with open(os.path.join(HERE, "events.tsv"), "w", newline="") as f:
        f.write("System\tEventId\tLines\tEventTemplate\n")
        for e in events:
            f.write("%s\t%s\t%d\t%s\n" % e)
    with open(os.path.join(HERE, "constant-slots.tsv"), "w", newline="") as f:
        f.write("System\tEventId\tSlot\tValue\tEventTemplate\n")
        for c in consts:
            f.write("%s\t%s\t%d\t%s\t%s\n" % c)


if __name__ == "__main__":
    main()
