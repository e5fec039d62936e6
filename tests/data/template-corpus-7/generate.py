#!/usr/bin/env python3
"""Regenerate the seventh template corpus. Running it rewrites every output file byte-identically.

Usage: generate.py [OUTDIR]   (default: this folder; check.py regenerates into a temporary folder and compares)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)

from gen_common import write_system  # noqa: E402

SEED = 202612070  # system i uses SEED + i
MODULES = ["sys_haproxy", "sys_postfix", "sys_kafkabroker", "sys_windowscbs", "sys_prometheus", "sys_vault", "sys_openvpn", "sys_samba"]


def main(out=HERE):
    events, consts, formats = [], [], []
    for idx, modname in enumerate(MODULES):
        mod = __import__(modname)
        ev, const = write_system(out, mod, SEED + idx)
        events += ev
        consts += const
        formats.append((mod.NAME, mod.LAYOUT))
        print("%-13s %3d events  %d lines" % (mod.NAME, len(ev), sum(e[2] for e in ev)))
    with open(os.path.join(out, "formats.tsv"), "w", newline="") as f:
        for name, layout in formats:
            f.write("%s\t%s\n" % (name, layout))
    with open(os.path.join(out, "events.tsv"), "w", newline="") as f:
        f.write("System\tEventId\tLines\tEventTemplate\n")
        for e in events:
            f.write("%s\t%s\t%d\t%s\n" % e)
    with open(os.path.join(out, "constant-slots.tsv"), "w", newline="") as f:
        f.write("System\tEventId\tSlot\tValue\tEventTemplate\n")
        for c in consts:
            f.write("%s\t%s\t%d\t%s\t%s\n" % c)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else HERE)
