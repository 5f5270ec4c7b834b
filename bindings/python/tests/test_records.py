"""Records: answers read field by field, without a Python copy of the answer."""

from __future__ import annotations

import datetime
import gc
import json
import os
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


def test_every_field_of_a_decision_reads_as_the_whole_answer_converted(engine: tthc.Engine) -> None:
    # An attribute of a decision is taken from its struct by name; to_dict()
    # converts the whole answer in its serde shape. They agree field by
    # field (a decision with fee lines; one with unknown fee and time).
    for case in (FEE_CASE, CASE):
        d = engine.evaluate(case)
        whole = d.to_dict()
        assert list(whole) == list(d)
        for name, value in whole.items():
            assert getattr(d, name) == value, name
            assert d[name] == value, name
    with pytest.raises(AttributeError):
        d.no_such_field


def test_instants_from_many_answers_read_as_their_json(engine: tthc.Engine) -> None:
    # Dates and instants made lately are kept by their text and handed out
    # again; 300 different instants (more than are kept) each read as the
    # answer's JSON says, twice.
    vn = datetime.timezone(datetime.timedelta(hours=7))
    for k in range(300):
        at = datetime.datetime(2025, 3, 3 + k // 60, 9, k % 60, tzinfo=vn)
        d = engine.evaluate({**FEE_CASE, "submitted_at": at})
        text = json.loads(d.to_json())
        for _ in range(2):
            assert d.receipt.reference_instant == at
            assert d.receipt.reference_instant.isoformat() == text["receipt"]["reference_instant"]
            due = d.deadline.due_at
            assert (due and due.isoformat()) == text["deadline"]["due_at"]


def test_a_dict_case_reads_as_its_json_text(engine: tthc.Engine) -> None:
    # A dict's fields are copied out and written as JSON later: strings,
    # a datetime, a bool, a nested dict and a list give the answer the same
    # case as JSON text gives.
    vn = datetime.timezone(datetime.timedelta(hours=7))
    case = {
        "procedure": "can-cuoc.1.000757",
        "channel": "national-portal",
        "submitted_at": datetime.datetime(2025, 9, 15, 9, 30, tzinfo=vn),
        "full_process_online": True,
        "applicant": {"kind": "citizen", "categories": ["elderly"], "identity_level": 2},
        "case_type": "default",
    }
    as_text = {**case, "submitted_at": "2025-09-15T09:30:00+07:00"}
    assert engine.evaluate(case).to_json() == engine.evaluate_json(json.dumps(as_text))
    assert engine.evaluate(case).case == as_text
    # Text that JSON escapes comes through as it was.
    odd = 'a "quoted" \\ tên\n'
    with pytest.raises(tthc.CaseError) as e:
        engine.evaluate({**case, "applicant": {"categories": [odd]}})
    assert f"`{odd}`" in str(e.value)


def test_parts_of_a_decision_outlive_it(engine: tthc.Engine) -> None:
    # The last record reading an answer frees it: a part kept after its
    # decision is gone still reads the answer.
    fee = engine.evaluate(FEE_CASE).fee
    items = engine.evaluate(FEE_CASE).fee.items
    gc.collect()
    assert fee.payable == 35000 and items[0].payable == 35000


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_answers_are_freed_in_a_forked_child(engine: tthc.Engine) -> None:
    # A child made by fork copies no threads: the engine's answers must
    # not rely on one (a background freeing thread here once hung a
    # child). 40,000 answers dropped in two batches, then a decision read
    # as in the parent.
    engine.evaluate_many([FEE_CASE] * 300)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            for _ in range(2):
                out = engine.evaluate_many([FEE_CASE] * 20_000)
                del out
            code = 0 if engine.evaluate(FEE_CASE).fee.payable == 35000 else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
