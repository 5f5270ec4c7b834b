"""One batch call from Python, for scripts/measure-batch-memory.sh.

Usage: batch_memory.py evaluate|deadline REQUESTS_JSON [--no-batch]

Loads the requests (a JSON array of cases) as Python dicts and calls
``Engine.evaluate_many`` or ``deadline_many`` once; with ``--no-batch`` it
stops before the call, so that the script can subtract the memory of the
engine and of the input.
"""
import json
import sys

import tthc

op, path = sys.argv[1], sys.argv[2]
engine = tthc.Engine.default()
with open(path, encoding="utf-8") as f:
    cases = json.load(f)
if "--no-batch" not in sys.argv:
    out = getattr(engine, op + "_many")(cases)
    print(len(out))
