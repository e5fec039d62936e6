#!/usr/bin/env python3
"""A plain-Python Drain log parser, written from the paper, as a stand-in for drain3 (which cannot be installed here).

Pinjia He, Jieming Zhu, Zibin Zheng, Michael R. Lyu: "Drain: An Online Log Parsing Approach with Fixed Depth Tree",
ICWS 2017. What the paper describes, and what this file does:

  * Preprocessing: variables of an obvious form are replaced by '<*>' before parsing. Here: numbers (optionally signed,
    optionally with a decimal part) that stand alone between non-alphanumeric characters, and hexadecimal 0x.. values,
    the kind of default masking drain3 ships in its example configuration.
  * Fixed-depth parse tree. The first layer under the root is the token count of the message; then (depth - 3) layers
    keyed by the message's first tokens (depth 4: one layer, the first token); a token that contains a digit goes to the
    '<*>' child, and a node that already has max_children children sends new tokens to '<*>' too. Leaves hold log
    groups (a template plus its lines).
  * In a leaf, the group with the highest simSeq (the share of positions whose tokens are equal; a '<*>' in the template
    counts as unequal) is chosen, ties broken by the most '<*>' in the template; it matches when simSeq >= st.
  * A match updates the template: positions where the message and the template differ become '<*>'. No match creates
    a group with the message as its template.

Each line's EventTemplate is its group's final template. Usage:

    drain.py INPUT --format '<Date> <Time> <Pid> <Level> <Component>: <Content>' --out OUT.csv [--st 0.4] [--depth 4]
             [--max-children 100] [--regex EXPRESSION ...]

loghub.sh runs it on the Loghub-2k sets twice: with these defaults (drain3's) and with the per-dataset masks and
parameters of the Loghub benchmark (Zhu et al., ICSE-SEIP 2019), which is how Drain's published accuracy was measured.

The format is a Loghub layout: <Field> is a field, the rest a regular expression whose spaces match any whitespace run.
A line that does not match it is parsed whole, as its own content.
"""
import argparse
import csv
import re
import sys

WILDCARD = "<*>"

MASKS = [
    re.compile(r"0x[0-9a-fA-F]+"),
    re.compile(r"(?<![A-Za-z0-9])[-+]?\d+(?:\.\d+)?(?![A-Za-z0-9])"),
]


def header_regex(layout):
    """The regular expression of a Loghub header layout, with one named group per field."""
    pattern = ""
    position = 0
    for field in re.finditer(r"<([^<>]+)>", layout):
        pattern += re.sub(" +", r"\\s+", layout[position:field.start()])
        pattern += "(?P<%s>.*?)" % field.group(1)
        position = field.end()
    pattern += re.sub(" +", r"\\s+", layout[position:])
    return re.compile("^" + pattern + "$")


def mask(content):
    for expression in MASKS:
        content = expression.sub(WILDCARD, content)
    return content


def has_digit(token):
    return any(c.isdigit() for c in token)


class Group:
    __slots__ = ("template", "id")

    def __init__(self, tokens, group_id):
        self.template = tokens
        self.id = group_id


class Drain:
    def __init__(self, depth=4, st=0.4, max_children=100):
        self.token_layers = max(depth - 3, 1)
        self.st = st
        self.max_children = max_children
        self.root = {}
        self.groups = []

    def add(self, content):
        """The group of one message's content; creates or generalises a group as the paper says."""
        tokens = mask(content).split()
        leaf = self._leaf(tokens)
        group = self._closest(leaf, tokens)
        if group is None:
            group = Group(tokens, len(self.groups))
            self.groups.append(group)
            leaf.append(group)
        else:
            template = group.template
            if any(a != b for a, b in zip(template, tokens)):
                group.template = [a if a == b else WILDCARD for a, b in zip(template, tokens)]
        return group

    def _leaf(self, tokens):
        node = self.root.setdefault(len(tokens), {})
        for depth in range(min(self.token_layers, len(tokens))):
            token = tokens[depth]
            key = WILDCARD if has_digit(token) else token
            if key not in node:
                if key != WILDCARD and len(node) >= self.max_children - (0 if WILDCARD in node else 1):
                    key = WILDCARD
            node = node.setdefault(key, {})
        return node.setdefault(None, [])

    def _closest(self, leaf, tokens):
        best, best_similarity, best_wildcards = None, -1.0, -1
        count = len(tokens)
        for group in leaf:
            template = group.template
            equal = 0
            wildcards = 0
            for a, b in zip(template, tokens):
                if a == WILDCARD:
                    wildcards += 1
                elif a == b:
                    equal += 1
            similarity = equal / count if count else 1.0
            if similarity > best_similarity or (similarity == best_similarity and wildcards > best_wildcards):
                best, best_similarity, best_wildcards = group, similarity, wildcards
        return best if best is not None and best_similarity >= self.st else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("--format", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--st", type=float, default=0.4)
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--max-children", type=int, default=100)
    parser.add_argument("--regex", action="append", default=None,
                        help="a variable's form to mask before parsing (repeatable); replaces the default number masks")
    args = parser.parse_args()
    if args.regex is not None:
        MASKS[:] = [re.compile(expression) for expression in args.regex]

    header = header_regex(args.format)
    drain = Drain(args.depth, args.st, args.max_children)
    line_groups = []
    with open(args.input, encoding="utf-8", errors="replace", newline="") as lines:
        for line in lines:
            line = line.rstrip("\r\n")
            match = header.match(line.strip())
            content = match.group("Content") if match else line
            line_groups.append(drain.add(content).id)

    with open(args.out, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["LineId", "EventId", "EventTemplate"])
        templates = [" ".join(group.template) for group in drain.groups]
        for line_id, group_id in enumerate(line_groups, 1):
            writer.writerow([line_id, "E%d" % (group_id + 1), templates[group_id]])


if __name__ == "__main__":
    sys.exit(main())
