"""Batches: any iterable, answered in order, in bounded memory; the input limits."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any, Iterator

import pytest

import tthc

from conftest import CASE

#: The largest JSON text taken as one argument (documented in the README).
LIMIT = 16 * 1024 * 1024


def _cases(n: int, bad: set) -> Iterator[Any]:
    for i in range(n):
        yield {"procedure": f"no-such-{i}"} if i in bad else dict(CASE)


def test_a_batch_reads_any_iterable_and_answers_in_order(engine: tthc.Engine) -> None:
    # Errors on both sides of the rounds of 1,024 items a batch works in.
    bad = {0, 1023, 1024, 2047, 2500}
    out = engine.evaluate_many(_cases(2501, bad))
    assert len(out) == 2501
    for i, item in enumerate(out):
        if i in bad:
            assert isinstance(item, tthc.CaseError), i
        else:
            assert isinstance(item, tthc.Decision) and item.procedure.id == CASE["procedure"], i
    deadlines = engine.deadline_many(_cases(1030, {1029}))
    assert [type(x).__name__ for x in deadlines[-2:]] == ["Deadline", "CaseError"]
    dossiers = ({"case": CASE, "events": [{"kind": "received", "at": "2025-03-14T09:30:00"}]} for _ in range(1025))
    assert {type(x).__name__ for x in engine.track_many(dossiers)} == {"Tracking"}


def test_an_iteration_error_stops_the_batch(engine: tthc.Engine) -> None:
    def broken() -> Iterator[Any]:
        yield CASE
        raise RuntimeError("the source failed")

    with pytest.raises(RuntimeError, match="the source failed"):
        engine.evaluate_many(broken())


def test_a_json_text_over_the_limit_costs_its_own_item(engine: tthc.Engine) -> None:
    # (test_faults.py checks the single calls.) In a batch the refusal is
    # that item's answer; the others are answered.
    big = json.dumps({**CASE, "note": "x" * LIMIT})
    big_item, ok = engine.evaluate_many([big, json.dumps(CASE)])
    assert isinstance(big_item, tthc.CaseError) and big_item.kind == "input-too-large"
    assert isinstance(ok, tthc.Decision)
    with pytest.raises(tthc.CaseError) as info:
        engine.deadline(big)
    assert info.value.kind == "input-too-large"
    [item] = engine.deadline_many([big])
    assert isinstance(item, tthc.CaseError) and item.kind == "input-too-large"


def test_a_json_text_under_the_limit_is_read(engine: tthc.Engine) -> None:
    # Just under the limit: read, and refused for what it says (an unknown field).
    head = json.dumps({**CASE, "note": ""})
    big = head[:-2] + "x" * (LIMIT - len(head)) + '"}'
    assert len(big.encode()) == LIMIT
    with pytest.raises(tthc.CaseError) as info:
        engine.evaluate(big)
    assert info.value.kind == "invalid-case" and "note" in str(info.value)


def test_a_batch_holds_a_round_not_the_whole_input() -> None:
    # In a fresh process (Linux: /proc/self/status and clear_refs), 6,000
    # cases of ~18 KB of JSON each (60 long applicant categories; none is
    # declared, so each answer is a small CaseError) from a generator:
    # ~110 MB of input that is never all in memory. A batch that copied
    # every case out before evaluating (the old way) peaked above the whole
    # input; rounds of 1,024 cases keep the peak at a fraction of it.
    program = textwrap.dedent(
        """
        import json, tthc
        def status(key):
            for line in open("/proc/self/status"):
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
        engine = tthc.Engine.default()
        case = {"procedure": "cu-tru.dang-ky-thuong-tru", "channel": "national-portal",
                "submitted_at": "2025-03-14T09:30:00+07:00"}
        def heavy(i):
            categories = [f"made-up-category-{i}-{k}-" + "x" * 280 for k in range(60)]
            return json.dumps({**case, "applicant": {"categories": categories}})
        engine.evaluate_many([heavy(0)])
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # resets the peak (VmHWM) to the current size
        start = status("VmRSS")
        out = engine.evaluate_many(heavy(i) for i in range(6000))
        kinds = {getattr(x, "kind", None) for x in out}
        print(start, status("VmHWM"), len(out), len(heavy(0)), *kinds)
        """
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    start, peak, n, size, kinds = run.stdout.split()
    assert (int(n), kinds) == (6000, "unknown-category")
    streamed = 6000 * int(size)
    assert int(peak) - int(start) < streamed // 2, (int(peak) - int(start), streamed)
