#!/usr/bin/env python3
"""Checks the word lists of quotes/attributed: every list opens with a comment
saying what it holds, and its entries are sorted (byte order, as Rust's
binary search needs), unique, trimmed, and lower case except the
organisation markers (capitalised). Exit 1 with every problem found."""
import pathlib
import sys

here = pathlib.Path(__file__).parent
problems = []
for path in sorted(here.glob("*.txt")):
    lines = path.read_text(encoding="utf-8").split("\n")
    if not lines or not lines[0].startswith(f"# {path.name} — "):
        problems.append(f"{path.name}: first line must be '# {path.name} — <what it holds>'")
    entries = [l for l in lines if l and not l.startswith("#")]
    for n, entry in enumerate(entries):
        if entry != entry.strip() or "  " in entry:
            problems.append(f"{path.name}: {entry!r}: stray whitespace")
        capitalised = path.name == "organisation_markers.txt"
        if capitalised and not entry[:1].isupper():
            problems.append(f"{path.name}: {entry!r}: must be capitalised")
        if not capitalised and entry != entry.lower():
            problems.append(f"{path.name}: {entry!r}: must be lower case")
        if path.name == "reporting_phrases.txt" and len(entry.split(" ")) != 2:
            problems.append(f"{path.name}: {entry!r}: must be two words")
        if n and entries[n - 1].encode() >= entry.encode():
            problems.append(f"{path.name}: {entry!r}: not sorted or repeated")
    if not entries:
        problems.append(f"{path.name}: empty")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
