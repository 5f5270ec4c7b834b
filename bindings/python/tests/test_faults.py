"""Hostile input and faults (#15): input limits, messages that quote only a
prefix of what they were given, strict shapes, and a catalogue that cannot
be read leaving the engine in use untouched."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import tthc

from conftest import CASE, FIXTURES

LIMIT = 16 * 1024 * 1024


def test_text_over_16_mib_is_refused_before_reading(engine: tthc.Engine) -> None:
    huge = json.dumps({**CASE, "case_type": "x" * LIMIT})
    for call in (lambda: engine.evaluate_json(huge), lambda: engine.evaluate(huge),
                 lambda: engine.procedures.search("a" * (LIMIT + 1)),
                 lambda: engine.procedures.show("a" * (LIMIT + 1))):
        with pytest.raises(tthc.CaseError) as e:
            call()
        assert e.value.kind == "input-too-large"
        assert "the limit is 16777216 bytes" in str(e.value)
        assert len(str(e.value)) < 200
    # Just under the limit, the input is read (and this case is valid).
    ok = json.dumps(CASE)
    assert len(ok) < LIMIT and json.loads(engine.evaluate_json(ok))["procedure"]["id"] == CASE["procedure"]


def test_a_15_mb_unknown_id_is_quoted_by_its_prefix(engine: tthc.Engine) -> None:
    with pytest.raises(tthc.NotFoundError) as e:
        engine.evaluate({**CASE, "procedure": "x" * (15 << 20)})
    assert len(str(e.value)) < 600
    assert "xxxxxxxx…" in str(e.value)


def test_an_array_where_the_schema_says_object_is_refused(engine: tthc.Engine) -> None:
    with pytest.raises(tthc.CaseError, match="applicant: invalid type: sequence, expected a JSON object"):
        engine.evaluate({**CASE, "applicant": ["citizen", [], 0]})
    with pytest.raises(tthc.CaseError, match="channel: invalid type: integer `5`, expected one of national-portal"):
        engine.evaluate({**CASE, "channel": 5})


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """A copy of the sample-ffi-b catalogue tree, to damage."""
    dst = tmp_path / "tree"
    shutil.copytree(FIXTURES / "sample-ffi-b", dst)
    return dst


def _answers(engine: tthc.Engine) -> int:
    case = {"procedure": "sample.ffi", "channel": "in-person", "submitted_at": "2025-03-10T09:00:00"}
    return engine.evaluate(case).fee.payable


def test_a_catalogue_that_cannot_be_read_leaves_the_engine_in_use(tree: Path) -> None:
    engine = tthc.Engine.from_dir(tree, over_default=True)
    before = engine.content_hash
    assert _answers(engine) == 20000
    proc = tree / "procedures" / "sample-ffi.toml"
    text = proc.read_text(encoding="utf-8")

    def damaged(damage) -> None:
        damage()
        with pytest.raises(tthc.CatalogError) as e:
            tthc.Engine.from_dir(tree, over_default=True)
        assert e.value.diagnostics, "the error lists what is wrong"
        # The engine in use is untouched: same catalogue, same answers.
        assert engine.content_hash == before and _answers(engine) == 20000
        if proc.is_symlink() or proc.exists():
            proc.unlink()
        proc.write_text(text, encoding="utf-8")

    damaged(lambda: proc.write_text(text[: len(text) // 2], encoding="utf-8"))  # half-written
    damaged(lambda: proc.write_bytes(b"[[procedure]]\nid = \"\xff\xfe\"\n"))   # not UTF-8
    damaged(lambda: (proc.unlink(), proc.symlink_to("/nonexistent/tthc")))     # unreadable
    if os.geteuid() != 0:  # root reads a file whatever its mode
        damaged(lambda: proc.chmod(0))
    shutil.rmtree(tree)                                                          # vanished
    with pytest.raises(tthc.CatalogError):
        tthc.Engine.from_dir(tree, over_default=True)
    assert engine.content_hash == before and _answers(engine) == 20000
