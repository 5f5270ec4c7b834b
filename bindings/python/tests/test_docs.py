"""Every example in the API's docstrings runs and prints what it says.

The docstrings of the extension's classes are not seen by pytest's own
doctest collection (it reads .py files), so they are gathered here from the
public objects and their methods.
"""

from __future__ import annotations

import datetime
import doctest
import inspect
from typing import Any, Dict, Iterator, Tuple

import numpy as np
import pytest

import tthc

from conftest import CASE


def _documented() -> Iterator[Tuple[str, str]]:
    seen = set()
    yield "tthc", tthc.__doc__ or ""
    for name in tthc.__all__:
        obj = getattr(tthc, name)
        if not (inspect.isclass(obj) or callable(obj)) or id(obj) in seen:
            continue
        seen.add(id(obj))
        yield f"tthc.{name}", obj.__doc__ or ""
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                doc = getattr(member, "__doc__", None)
                if attr.startswith("__") or not doc or member.__class__ is type:
                    continue
                yield f"tthc.{name}.{attr}", doc


DOCS = [(n, doc) for n, doc in _documented() if ">>>" in doc]


def _globs() -> Dict[str, Any]:
    return {"tthc": tthc, "datetime": datetime, "np": np, "engine": tthc.Engine.default(), "CASE": dict(CASE)}


def test_the_api_is_documented_with_examples() -> None:
    public = [n for n in tthc.__all__ if n != "__version__"]
    missing = [n for n in public if not any(doc_name == f"tthc.{n}" for doc_name, _ in DOCS)]
    assert missing == [], f"public names without an example: {missing}"
    assert len(DOCS) >= 40


@pytest.mark.parametrize("name, doc", DOCS, ids=[n for n, _ in DOCS])
def test_docstring_example(name: str, doc: str) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(doc, _globs(), name, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out: list = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
    assert runner.tries > 0
