"""Records: answers read field by field, without a Python copy of the answer."""

from __future__ import annotations

import datetime
import gc
import json
import pickle

import pytest

import tthc

from conftest import CASE

#: A case whose decision has fee lines, reductions and applied policies
#: (re-issuing an ID card, 70,000 đ halved from 2025-07-01 to 2026-12-31).
FEE_CASE = {
    "procedure": "can-cuoc.1.000757",
    "channel": "national-portal",
    "submitted_at": "2025-09-15T09:30:00+07:00",
}


def test_every_field_reads_as_in_the_json(engine: tthc.Engine) -> None:
    d = engine.evaluate(FEE_CASE)
    text = json.loads(d.to_json())
    assert list(d) == list(text) and len(d) == len(text)
    for name in text:
        assert name in d
        assert getattr(d, name) == d[name]
    assert d.fee.payable == text["fee"]["payable"] == 35000
    line = d.fee.items[0]
    assert isinstance(line, tthc.Record)
    assert line.to_dict() == text["fee"]["items"][0]
    assert line.legal_basis[0].doc == text["fee"]["items"][0]["legal_basis"][0]["doc"]
    assert d.receipt.applied[0].valid_from == datetime.date.fromisoformat(text["receipt"]["applied"][0]["valid_from"])
    assert d.fee.reductions[0].item == 0
    assert d.accepted_channels == text["accepted_channels"]
    assert d.province is None and d.fee.unknown is None


def test_records_compare_with_records_and_dicts(engine: tthc.Engine) -> None:
    a, b = engine.evaluate(FEE_CASE), engine.evaluate(FEE_CASE)
    assert a == b and a.fee == b.fee
    assert a.fee == a.to_dict()["fee"]
    assert a.fee != engine.evaluate(CASE).fee
    assert (a.fee == 3) is False
    with pytest.raises(TypeError):
        hash(a.fee)


def test_records_are_read_only(engine: tthc.Engine) -> None:
    d = engine.evaluate(CASE)
    with pytest.raises(AttributeError, match="read-only"):
        d.fee.payable = 0  # type: ignore[misc]
    with pytest.raises(AttributeError, match="read-only"):
        d.fee = None  # type: ignore[misc]
    with pytest.raises(AttributeError, match="Record has no field \"payabel\""):
        d.fee.payabel
    with pytest.raises(KeyError):
        d.fee["payabel"]
    with pytest.raises(KeyError):
        d.fee[0]


def test_a_record_made_in_python() -> None:
    r = tthc.Record({"due": datetime.date(2025, 3, 17), "inner": tthc.Record(x=1)}, n=2)
    assert r.due == datetime.date(2025, 3, 17) and r.inner.x == 1 and r["n"] == 2
    assert r.to_dict() == {"due": datetime.date(2025, 3, 17), "inner": {"x": 1}, "n": 2}
    assert r.to_json() == '{"due":"2025-03-17","inner":{"x":1},"n":2}'
    assert "to_dict" in dir(r) and "due" in dir(r)
    assert repr(tthc.Record(a=1)) == "Record(a=1)"
    with pytest.raises(TypeError):
        tthc.Record({"x": object()}).to_json()


def test_records_pickle_and_decisions_say_how(engine: tthc.Engine) -> None:
    d = engine.evaluate(FEE_CASE)
    fee = pickle.loads(pickle.dumps(d.fee))
    assert fee == d.fee and fee.items[0].legal_basis[0].doc == d.fee.items[0].legal_basis[0].doc
    deadline = pickle.loads(pickle.dumps(engine.deadline(CASE)))
    assert isinstance(deadline, tthc.Deadline) and deadline.due_at == engine.deadline(CASE).due_at
    with pytest.raises(TypeError, match="to_json"):
        pickle.dumps(d)


def test_typed_records_read_fields_the_engine_leaves_out(engine: tthc.Engine) -> None:
    # The birth registration's version until 2025-06-30 records no code.
    p = engine.procedures.show("ho-tich.dang-ky-khai-sinh", on="2025-06-30")
    assert isinstance(p, tthc.ProcedureInfo) and isinstance(p, tthc.Record)
    assert "code" not in p and p.code is None
    with pytest.raises(AttributeError):
        p.no_such_field
    assert repr(p).startswith("ProcedureInfo(")


def test_a_decision_is_a_record_with_its_case(engine: tthc.Engine) -> None:
    d = engine.evaluate(CASE)
    assert isinstance(d, tthc.Record) and isinstance(d, tthc.Decision)
    assert d.case["procedure"] == CASE["procedure"] and d.case["case_type"] == "default"
    assert {"case", "to_dict", "to_json", "fee"} <= set(dir(d))
    assert repr(d).startswith('tthc.Decision(procedure="ho-tich.dang-ky-khai-sinh"')


def test_reading_fields_keeps_no_python_objects(engine: tthc.Engine) -> None:
    # A decision converted whole kept ~60 Python objects alive per answer,
    # and reading a field on the N-th answer got slower as N grew. Records
    # convert only the field read, and keep nothing.
    out = engine.evaluate_many([FEE_CASE] * 2000)
    gc.collect()
    before = len(gc.get_objects())
    total = sum(d.fee.payable for d in out)
    dues = [d.receipt.applied[0].legal_basis[0].doc for d in out]
    gc.collect()
    after = len(gc.get_objects())
    assert total == 2000 * 35000 and len(dues) == 2000
    # The `dues` list is the only new container.
    assert after - before < 50, after - before
