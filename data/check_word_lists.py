#!/usr/bin/env python3
"""Checks the word lists the extractors compile in (data/text, data/entities,
data/numbers, data/quotes): UTF-8 with LF line endings and a final newline,
no BOM; the first line is '# <file name> — <what it holds>'; comment lines
only at the top; then one entry per line, trimmed, with no blank lines, in
byte order (as Rust's binary search needs) and unique. A .tsv file has the
same number of TAB-separated fields on every line and is sorted and unique
by its first field.

One meaning, one list: a list whose entries (case folded) all stand in
another list of these folders or of data/gazetteer is a copy of a list
that should be one file, unless SUBSETS below names the pair with the
reason the two lists mean different things. Exit 1 with every problem
found."""
import pathlib
import sys

HERE = pathlib.Path(__file__).parent
DIRS = ["text", "entities", "numbers", "quotes"]

# (smaller list, larger list): why a list held whole in another is not a copy.
SUBSETS = {
    ("entities/run_org_suffixes.txt", "gazetteer/org_suffixes.txt"):
        "the capitalised-run baseline keeps its own short list, so that editing "
        "the gazetteer does not move the baseline CI compares it with",
    ("entities/speech_verbs.txt", "quotes/reporting_verbs.txt"):
        "the few verbs after a name that type it as a person, not every cue "
        "that attributes a quote",
    ("gazetteer/ambiguous_first_names.txt", "gazetteer/first_names.txt"):
        "the given names that are also common words, marked among all given names",
    ("text/run_honorifics.txt", "gazetteer/titles.txt"):
        "the honorifics a capitalised name run never holds (it starts after "
        "them, with no title flag), not every title that may stand before a name",
}

problems = []
count = 0
for folder in DIRS:
    for path in sorted((HERE / folder).glob("*")):
        if path.suffix not in (".txt", ".tsv"):
            continue
        count += 1
        name = f"{folder}/{path.name}"
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(f"{name}: not UTF-8 ({e})")
            continue
        if text.startswith("\ufeff"):
            problems.append(f"{name}: starts with a BOM")
        if "\r" in text:
            problems.append(f"{name}: CR characters (LF line endings only)")
        if not text.endswith("\n"):
            problems.append(f"{name}: no final newline")
        lines = text.split("\n")[:-1]
        if not lines or not lines[0].startswith(f"# {path.name} — "):
            problems.append(f"{name}: first line must be '# {path.name} — <what it holds>'")
        entries = []
        for no, line in enumerate(lines, 1):
            if line.startswith("#"):
                if entries:
                    problems.append(f"{name}:{no}: comment after entries")
                continue
            if not line.strip():
                problems.append(f"{name}:{no}: blank line")
                continue
            if line != line.strip() or "  " in line:
                problems.append(f"{name}:{no}: {line!r}: stray white space")
            entries.append((no, line))
        if not entries:
            problems.append(f"{name}: no entries")
        keys = []
        widths = set()
        for no, line in entries:
            if path.suffix == ".tsv":
                fields = line.split("\t")
                widths.add(len(fields))
                if any(not f or f != f.strip() for f in fields):
                    problems.append(f"{name}:{no}: {line!r}: empty or padded field")
                keys.append((no, fields[0]))
            else:
                if "\t" in line:
                    problems.append(f"{name}:{no}: {line!r}: a TAB in a one-column list")
                keys.append((no, line))
        if len(widths) > 1:
            problems.append(f"{name}: lines with different numbers of fields {sorted(widths)}")
        for (_, a), (no, b) in zip(keys, keys[1:]):
            if a.encode() >= b.encode():
                problems.append(f"{name}:{no}: {b!r}: not sorted or repeated (after {a!r})")

def keys(path):
    """The entries of a list, case folded (a .tsv file's first fields)."""
    out = set()
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line and not line.startswith("#"):
            out.add(line.split("\t")[0].casefold())
    return out


lists = {
    f"{folder}/{path.name}": keys(path)
    for folder in DIRS + ["gazetteer"]
    for path in sorted((HERE / folder).glob("*"))
    if path.suffix in (".txt", ".tsv")
}
for small, entries in lists.items():
    for large, others in lists.items():
        if small == large or len(entries) < 3 or len(entries) > len(others):
            continue
        if entries <= others and (small, large) not in SUBSETS:
            problems.append(
                f"{small}: every entry is also in {large}: one meaning, one list "
                "(merge them, or name the pair and why they differ in SUBSETS)"
            )
for pair in SUBSETS:
    if not all(p in lists for p in pair) or not lists[pair[0]] <= lists[pair[1]]:
        problems.append(f"SUBSETS names {pair}, which is no longer a subset: drop it")
for p in problems:
    print(p)
if not problems:
    print(f"{count} word lists checked")
sys.exit(1 if problems else 0)
