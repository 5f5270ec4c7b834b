"""Every conformance vector in tests/conformance/*.toml, through the Python API.

A vector names a catalogue (``embedded``, or a directory under
tests/fixtures, on its own or ``over_embedded``), an ``operation``
(``evaluate`` by default, ``deadline``, or ``track`` with ``events`` and
``as_of``), a case, and either the expected values at some paths of the
answer's JSON shape or the error (its kind and a fragment of its message).
Paths are dotted; ``x[]`` maps the rest of the path over the list ``x``; a
number indexes a list. Numbers compare as numbers (5 == 5.0).
"""

from __future__ import annotations

import json
import tomllib
from typing import Any, Dict, List, Tuple

import pytest

import tthc

from conftest import FIXTURES, REPO

CONFORMANCE = REPO / "tests" / "conformance"


def _vectors() -> List[Tuple[str, Dict[str, Any]]]:
    out = []
    for path in sorted(CONFORMANCE.glob("*.toml")):
        with path.open("rb") as f:
            doc = tomllib.load(f)
        for v in doc.get("vector", []):
            out.append((f"{path.name}:{v['name']}", v))
    return out


VECTORS = _vectors()
_ENGINES: Dict[Tuple[str, bool], tthc.Engine] = {}


def _engine(name: str, over_embedded: bool) -> tthc.Engine:
    key = (name, over_embedded)
    if key not in _ENGINES:
        if name == "embedded":
            _ENGINES[key] = tthc.Engine.default()
        else:
            _ENGINES[key] = tthc.Engine.from_dir(FIXTURES / name, over_default=over_embedded)
    return _ENGINES[key]


def _run(engine: tthc.Engine, vector: Dict[str, Any]) -> Any:
    """The answer to a vector's question, as its JSON text."""
    op = vector.get("operation", "evaluate")
    case = vector["case"]
    if op == "evaluate":
        return engine.evaluate(case)
    if op == "deadline":
        return engine.deadline(case)
    if op == "track":
        return engine.track(case, vector["events"], as_of=vector["as_of"])
    raise AssertionError(f"unknown operation {op!r}")


def _run_many(engine: tthc.Engine, vector: Dict[str, Any]) -> Any:
    """The same through the batch form, which must agree."""
    op = vector.get("operation", "evaluate")
    case = vector["case"]
    if op == "evaluate":
        (out,) = engine.evaluate_many([case])
    elif op == "deadline":
        (out,) = engine.deadline_many([case])
    else:
        (out,) = engine.track_many([{"case": case, "events": vector["events"], "as_of": vector["as_of"]}])
    return out


def resolve(value: Any, path: str) -> Any:
    """The value at ``path`` (see the module docstring)."""
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        items = value[head[:-2]]
        assert isinstance(items, list), f"{head} is not a list"
        return [resolve(x, rest) if rest else x for x in items]
    value = value[int(head)] if head.isdigit() else value[head]
    return resolve(value, rest) if rest else value


def test_there_are_vectors() -> None:
    assert len(VECTORS) >= 40, f"only {len(VECTORS)} vectors found under {CONFORMANCE}"


@pytest.mark.parametrize("vector", [v for _, v in VECTORS], ids=[i for i, _ in VECTORS])
def test_vector(vector: Dict[str, Any]) -> None:
    engine = _engine(vector["catalog"], vector.get("over_embedded", False))
    if "expect_error" in vector:
        want = vector["expect_error"]
        with pytest.raises(tthc.Error) as info:
            _run(engine, vector)
        assert info.value.kind == want["kind"], str(info.value)
        assert want["message"] in str(info.value)
        # The batch form reports the same error for the item instead of raising.
        item = _run_many(engine, vector)
        assert isinstance(item, tthc.Error) and item.kind == want["kind"], repr(item)
        return
    answer = _run(engine, vector)
    doc = json.loads(answer.to_json())
    checked = 0
    for path, expected in vector.get("expect", {}).items():
        got = resolve(doc, path)
        assert got == expected, f"{path}: {got!r} != {expected!r}"
        checked += 1
    for path in vector.get("expect_null", []):
        assert resolve(doc, path) is None, path
        checked += 1
    assert checked > 0, "a vector must expect something"
    many = _run_many(engine, vector)
    assert json.loads(many.to_json()) == doc
    # Attributes give the same values as Python objects: dates as date/datetime.
    assert json.loads(tthc.Record(answer.to_dict()).to_json()) == doc
