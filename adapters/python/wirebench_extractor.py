"""Turn a Python function into a wirebench external extractor (standard library only).

    from wirebench_extractor import serve

    def extract(text):
        return {"entities": [{"start": 0, "end": 5, "type": "ORG"}]}

    serve(extract, layers=["entities"])

`serve` prints the hello line, then answers each request line read from stdin
with `{"doc": ID, **extract(text)}` on stdout. Offsets are Python string
indices (code points) unless `offsets` says otherwise. Loading a model belongs
before `serve` (outside wirebench's clock). Anything printed by the function
goes to stderr, so stray prints cannot corrupt the protocol; an exception
fails that document only: its traceback goes to stderr and the process exits,
so wirebench reports the document as failed with the stderr tail and starts a
new process for the next one.
"""

import contextlib
import json
import sys
import traceback

PROTOCOL_VERSION = 1


def hello(layers, offsets="codepoint", extractor_version=None):
    """The first line an extractor prints."""
    line = {"wirebench": "extractor", "version": PROTOCOL_VERSION, "layers": list(layers),
            "offsets": offsets}
    if extractor_version is not None:
        line["extractor_version"] = str(extractor_version)
    return line


def serve(extract, layers, offsets="codepoint", extractor_version=None,
          stdin=None, stdout=None):
    """Speak the protocol until stdin closes: `extract(text)` returns a dict of layers."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stdout.write(json.dumps(hello(layers, offsets, extractor_version)) + "\n")
    stdout.flush()
    for line in stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            with contextlib.redirect_stdout(sys.stderr):
                layers_out = extract(request["text"])
        except Exception:  # noqa: BLE001 - any failure of user code fails this document
            sys.stderr.write(f"extract failed on document {request['doc']}:\n")
            traceback.print_exc(file=sys.stderr)
            sys.stderr.flush()
            sys.exit(1)
        answer = {"doc": request["doc"]}
        answer.update(layers_out)
        stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        stdout.flush()
