#!/usr/bin/env python3
"""Write a corpus made of ROOT's corpus repeated K times, each copy under new ids.

    python3 benches/repeat_corpus.py ROOT K OUT

ROOT holds corpus/ (texts and manifest.json) and golden/; OUT receives the
same layout. Copy i of document D is named D-rNNNN. The scale figures of
BENCHMARKS.md use K = 60 (about 29 MB of text) and K = 600 (about 280 MB).
"""
import json
import os
import shutil
import sys


def main() -> None:
    root, copies, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(os.path.join(root, "corpus", "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    for folder in ("corpus", "golden"):
        os.makedirs(os.path.join(out, folder), exist_ok=True)
    entries = []
    for copy in range(copies):
        for entry in manifest["documents"]:
            new_id = f"{entry['id']}-r{copy:04d}"
            shutil.copyfile(
                os.path.join(root, "corpus", entry["id"] + ".txt"),
                os.path.join(out, "corpus", new_id + ".txt"),
            )
            with open(os.path.join(root, "golden", entry["id"] + ".json"), encoding="utf-8") as f:
                golden = json.load(f)
            golden["doc"] = new_id
            with open(os.path.join(out, "golden", new_id + ".json"), "w", encoding="utf-8") as f:
                json.dump(golden, f, ensure_ascii=False)
            entries.append({**entry, "id": new_id})
    with open(os.path.join(out, "corpus", "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({**manifest, "documents": entries}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
