#!/usr/bin/env python3
"""Validate the gazetteer data files in this directory.

Checks, per file: valid UTF-8, LF line endings, '#' comment lines only at the top,
no blank lines, no leading/trailing spaces in lines or fields, the expected number of
TAB-separated columns, no empty alternatives in '|' lists, no duplicate lines, no key
(name / alias / demonym) used twice within a file, and alphabetical order
(accent- and case-insensitive). Prints line counts (total and data lines).

  python3 check_gazetteer.py                     # check; exit 1 on any error
  python3 check_gazetteer.py --write-collisions  # (re)write name_collisions.tsv, then check

name_collisions.tsv lists every string that occurs as a key in more than one file
(e.g. "Georgia": country, US state; "Jordan": country, first name), so the extractor
can treat such strings with care. It is derived data: regenerate it after editing.
"""
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# file -> (number of columns, indexes of columns holding '|' alternatives)
TSV = {
    "countries.tsv": (3, (0, 1, 2)),
    "places.tsv": (3, (0, 2)),
    "organizations.tsv": (2, (0, 1)),
    "norp.tsv": (2, (0, 1)),
    "languages.tsv": (1, (0,)),
    "name_collisions.tsv": (2, (1,)),
}
TXT = [
    "first_names.txt", "ambiguous_first_names.txt", "ambiguous_entity_names.txt", "titles.txt",
    "org_suffixes.txt", "fac_suffixes.txt", "loc_suffixes.txt", "gpe_suffixes.txt",
    "event_words.txt", "event_prefixes.txt", "law_words.txt", "law_prefixes.txt",
    "product_words.txt", "product_prefixes.txt",
]
PLACE_TYPES = {"GPE", "LOC", "FAC"}


# letters that NFKD does not decompose into base letter + combining mark
_EXTRA_FOLD = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d",
                             "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss",
                             "Þ": "Th", "þ": "th", "ð": "d", "ı": "i", "ʻ": "", "’": "'"})


def fold(s):
    d = unicodedata.normalize("NFKD", s.translate(_EXTRA_FOLD))
    return "".join(c for c in d if not unicodedata.combining(c)).casefold()


def sortkey(s):
    return (fold(s), s)


def read(name, errors):
    path = os.path.join(HERE, name)
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        errors.append(f"{name}: not valid UTF-8 ({e})")
        return [], []
    if "\r" in text:
        errors.append(f"{name}: contains CR characters (must be LF only)")
    if text and not text.endswith("\n"):
        errors.append(f"{name}: last line lacks a final newline")
    if text.startswith("\ufeff"):
        errors.append(f"{name}: starts with a BOM")
    header, data = [], []
    for no, line in enumerate(text.split("\n")[:-1], 1):
        if line.startswith("#"):
            if data:
                errors.append(f"{name}:{no}: comment line after data lines")
            header.append(line)
            continue
        if not line.strip():
            errors.append(f"{name}:{no}: blank line")
            continue
        if line != line.strip(" "):
            errors.append(f"{name}:{no}: leading or trailing space")
        if unicodedata.normalize("NFC", line) != line:
            errors.append(f"{name}:{no}: not NFC-normalised")
        data.append((no, line))
    return header, data


def check_common(name, data, errors):
    lines = [l for _, l in data]
    seen = set()
    for no, l in data:
        if l in seen:
            errors.append(f"{name}:{no}: duplicate line {l!r}")
        seen.add(l)
    if lines != sorted(lines, key=sortkey):
        for (no, a), (_, b) in zip(data, data[1:]):
            if sortkey(a) > sortkey(b):
                errors.append(f"{name}:{no}: not sorted ({a!r} before {b!r})")
                break


def tsv_keys(name, data, ncols, altcols, errors):
    """Return {key: first line no} and check structure; keys = all alternatives in altcols."""
    keys = {}
    demonym_keys = {}
    for no, line in data:
        cols = line.split("\t")
        if len(cols) != ncols:
            errors.append(f"{name}:{no}: {len(cols)} columns, expected {ncols}")
            continue
        for i, c in enumerate(cols):
            if c != c.strip():
                errors.append(f"{name}:{no}: column {i + 1} has surrounding spaces")
        if not cols[0]:
            errors.append(f"{name}:{no}: empty first column")
        if name == "places.tsv" and cols[1] not in PLACE_TYPES:
            errors.append(f"{name}:{no}: bad type {cols[1]!r}")
        for i in altcols:
            if not cols[i]:
                continue
            parts = cols[i].split("|")
            for p in parts:
                if not p or p != p.strip():
                    errors.append(f"{name}:{no}: empty or padded alternative in column {i + 1}")
            if name == "name_collisions.tsv":
                continue
            target = demonym_keys if (name == "countries.tsv" and i == 2) else keys
            for p in parts:
                if p in target and target[p] != no:
                    errors.append(f"{name}:{no}: key {p!r} already used on line {target[p]}")
                target.setdefault(p, no)
    return keys, demonym_keys


def collisions(per_file):
    """per_file: list of (label, set_of_keys). Return sorted TSV lines key\\tlabels."""
    where = {}
    for label, keys in per_file:
        for k in keys:
            where.setdefault(k, [])
            if label not in where[k]:
                where[k].append(label)
    rows = [f"{k}\t{'|'.join(v)}" for k, v in where.items() if len(v) > 1]
    return sorted(rows, key=sortkey)


COLLISION_HEADER = """\
# name_collisions.tsv — GENERATED by `python3 check_gazetteer.py --write-collisions`; do not edit.
# Strings that occur as a key in more than one gazetteer file, e.g. a country that is also a
# first name ("Jordan"), a US state that is also a country ("Georgia"), a city that is also
# an organisation or a product ("Kawasaki"). Use context before choosing a type.
# Columns (TAB-separated):
#   name     the exact string (case-sensitive)
#   sources  "|"-separated labels: countries:GPE, countries:NORP (demonym), places:GPE|LOC|FAC,
#            organizations:ORG, norp:NORP, languages:LANGUAGE, first_names:PERSON,
#            titles:TITLE, product_prefixes:PRODUCT
# Sorted alphabetically (accent- and case-insensitive).
"""


def main():
    errors = []
    write_coll = "--write-collisions" in sys.argv[1:]
    parsed = {}
    for name in list(TSV) + TXT:
        if not os.path.exists(os.path.join(HERE, name)):
            if name == "name_collisions.tsv" and write_coll:
                continue
            errors.append(f"{name}: missing")
            continue
        header, data = read(name, errors)
        if not header:
            errors.append(f"{name}: no '#' header explaining the contents")
        check_common(name, data, errors)
        parsed[name] = data

    labelled = []
    for name, (ncols, altcols) in TSV.items():
        if name not in parsed:
            continue
        keys, dem = tsv_keys(name, parsed[name], ncols, altcols, errors)
        if name == "countries.tsv":
            labelled.append(("countries:GPE", set(keys)))
            labelled.append(("countries:NORP", set(dem)))
        elif name == "places.tsv":
            for t in sorted(PLACE_TYPES):
                ks = set()
                for _, line in parsed[name]:
                    cols = line.split("\t")
                    if len(cols) == 3 and cols[1] == t:
                        ks.update([cols[0]] + [a for a in cols[2].split("|") if a])
                labelled.append((f"places:{t}", ks))
        elif name == "organizations.tsv":
            labelled.append(("organizations:ORG", set(keys)))
        elif name == "norp.tsv":
            labelled.append(("norp:NORP", set(keys)))
        elif name == "languages.tsv":
            labelled.append(("languages:LANGUAGE", set(keys)))
    for name in TXT:
        if name not in parsed:
            continue
        for no, line in parsed[name]:
            if "\t" in line:
                errors.append(f"{name}:{no}: TAB in a one-column file")
    for name, label in (("first_names.txt", "first_names:PERSON"),
                        ("titles.txt", "titles:TITLE"),
                        ("product_prefixes.txt", "product_prefixes:PRODUCT")):
        if name in parsed:
            labelled.append((label, {l for _, l in parsed[name]}))
    if "first_names.txt" in parsed and "ambiguous_first_names.txt" in parsed:
        names = {l for _, l in parsed["first_names.txt"]}
        for no, l in parsed["ambiguous_first_names.txt"]:
            if l not in names:
                errors.append(f"ambiguous_first_names.txt:{no}: {l!r} not in first_names.txt")

    if "ambiguous_entity_names.txt" in parsed:
        entity_keys = set()
        for label, ks in labelled:
            if label.split(":")[0] in ("countries", "places", "organizations", "norp", "languages"):
                entity_keys |= ks
        for no, l in parsed["ambiguous_entity_names.txt"]:
            if l not in entity_keys:
                errors.append(f"ambiguous_entity_names.txt:{no}: {l!r} is not a key of any entity file")

    coll = collisions(labelled)
    coll_path = os.path.join(HERE, "name_collisions.tsv")
    if write_coll:
        with open(coll_path, "w", encoding="utf-8", newline="\n") as f:
            f.write(COLLISION_HEADER)
            for r in coll:
                f.write(r + "\n")
    elif "name_collisions.tsv" in parsed:
        if [l for _, l in parsed["name_collisions.tsv"]] != coll:
            errors.append("name_collisions.tsv: out of date (run with --write-collisions)")

    print(f"{'file':28} {'lines':>6} {'data':>6}")
    total = 0
    for name in list(TSV) + TXT:
        path = os.path.join(HERE, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")[:-1]
        data = [l for l in lines if not l.startswith("#")]
        total += len(data)
        print(f"{name:28} {len(lines):6d} {len(data):6d}")
    print(f"{'total data lines':28} {'':6} {total:6d}")
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
