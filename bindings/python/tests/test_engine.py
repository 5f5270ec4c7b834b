"""Engine, procedures and decisions through the Pythonic API."""

from __future__ import annotations

import datetime
import json
import sysconfig
from pathlib import Path

import pytest

import tthc

from conftest import CASE, FIXTURES

VN = datetime.timezone(datetime.timedelta(hours=7))


def test_imports_the_installed_wheel_not_the_source_tree() -> None:
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert site in Path(tthc.__file__).resolve().parents
    assert tthc.__version__ == tthc.Engine.default().version


def test_default_engine_is_shared(engine: tthc.Engine) -> None:
    other = tthc.Engine.default()
    assert other.content_hash == engine.content_hash
    assert len(engine.content_hash) == 64
    int(engine.content_hash, 16)


def test_from_dir_alone_and_over_default(engine: tthc.Engine) -> None:
    alone = tthc.Engine.from_dir(FIXTURES / "sample-catalog")
    over = tthc.Engine.from_dir(str(FIXTURES / "sample-catalog"), over_default=True)
    assert len({alone.content_hash, over.content_hash, engine.content_hash}) == 3
    # Layered over the default, the embedded procedures are still there.
    assert over.procedures.search("khai sinh")
    with pytest.raises(tthc.NotFoundError):
        alone.procedures.show("ho-tich.dang-ky-khai-sinh", on="2025-01-01")


def test_search_and_show(engine: tthc.Engine) -> None:
    hits = engine.procedures.search("dang ky khai sinh")
    assert hits and isinstance(hits[0], tthc.SearchHit)
    assert hits[0].id == "ho-tich.dang-ky-khai-sinh"
    assert hits[0].score >= hits[-1].score
    assert engine.procedures.search("zzzz qqqq") == []
    p = engine.procedures.show("ho-tich.dang-ky-khai-sinh", on=datetime.date(2025, 7, 1))
    assert isinstance(p, tthc.ProcedureInfo)
    assert p.id == "ho-tich.dang-ky-khai-sinh" and p["id"] == p.id
    assert p.as_of == datetime.date(2025, 7, 1)
    assert p.code == "1.001193"
    # Optional fields read as None when the catalogue has none: the version
    # until 2025-06-30 records no code.
    assert engine.procedures.show("ho-tich.dang-ky-khai-sinh", on="2025-06-30").code is None
    # By national code, the same procedure.
    married = engine.procedures.show("ho-tich.dang-ky-ket-hon", on="2025-07-01")
    assert married.code == "1.000894"
    assert engine.procedures.show(married.code, on="2025-07-01").id == married.id
    assert p.to_dict()["as_of"] == datetime.date(2025, 7, 1)


def test_show_unknown_suggests(engine: tthc.Engine) -> None:
    with pytest.raises(tthc.NotFoundError) as info:
        engine.procedures.show("ho-tich.dang-ky-khai-sin", on="2025-07-01")
    assert info.value.kind == "unknown-procedure"
    assert info.value.suggestions == ["ho-tich.dang-ky-khai-sinh"]
    assert isinstance(info.value, LookupError)


def test_show_unknown_province(engine: tthc.Engine) -> None:
    with pytest.raises(tthc.NotFoundError) as info:
        engine.procedures.show("ho-tich.dang-ky-khai-sinh", on="2025-07-01", province="atlantis")
    assert info.value.kind == "unknown-province"


def test_evaluate_dict_kwargs_and_json_agree(engine: tthc.Engine) -> None:
    a = engine.evaluate(CASE)
    b = engine.evaluate(**CASE)
    c = engine.evaluate({"procedure": CASE["procedure"]}, channel=CASE["channel"],
                        submitted_at=CASE["submitted_at"])
    d = json.loads(engine.evaluate_json(json.dumps(CASE)))
    e = engine.evaluate(json.dumps(CASE))
    assert a.to_dict() == b.to_dict() == c.to_dict() == e.to_dict()
    assert json.loads(a.to_json()) == d


def test_decision_attributes(engine: tthc.Engine) -> None:
    d = engine.evaluate(CASE)
    doc = d.to_dict()
    text = json.loads(d.to_json())
    assert set(doc) == set(text) and set(doc) <= set(dir(d))
    assert d.procedure.id == doc["procedure"]["id"] == CASE["procedure"]
    assert d.fee.payable == doc["fee"]["payable"] == text["fee"]["payable"]
    assert d.fee.items == doc["fee"]["items"]  # a field named like a dict method
    assert d.receipt.catalogue_hash == engine.content_hash
    # Instants come back aware, in +07:00; the JSON text has RFC 3339.
    t = d.receipt.reference_instant
    assert t == datetime.datetime(2025, 3, 14, 9, 30, tzinfo=VN)
    assert t.utcoffset() == datetime.timedelta(hours=7)
    assert doc["receipt"]["reference_instant"] == t
    assert text["receipt"]["reference_instant"] == "2025-03-14T09:30:00+07:00"
    assert d.case["procedure"] == CASE["procedure"]
    assert json.loads(d.to_json(indent=2)) == text
    with pytest.raises(AttributeError):
        d.no_such_field
    assert "ho-tich.dang-ky-khai-sinh" in repr(d)


def test_naive_datetime_is_vietnam_time_and_aware_is_converted(engine: tthc.Engine) -> None:
    naive = engine.evaluate(CASE, submitted_at=datetime.datetime(2025, 3, 14, 9, 30))
    utc = engine.evaluate(CASE, submitted_at=datetime.datetime(2025, 3, 14, 2, 30, tzinfo=datetime.timezone.utc))
    text = engine.evaluate(CASE)
    assert naive.to_dict() == utc.to_dict() == text.to_dict()


def test_evaluate_many_keeps_per_item_errors(engine: tthc.Engine) -> None:
    cases = [CASE, {"procedure": "no-such"}, dict(CASE, procedure="no-such-procedure"), "not json", CASE]
    out = engine.evaluate_many(cases)
    assert len(out) == 5
    assert isinstance(out[0], tthc.Decision) and isinstance(out[4], tthc.Decision)
    assert out[0].to_json() == out[4].to_json() == engine.evaluate(CASE).to_json()
    assert isinstance(out[1], tthc.CaseError) and out[1].kind == "invalid-case"
    assert isinstance(out[2], tthc.NotFoundError) and out[2].kind == "unknown-procedure"
    assert isinstance(out[3], tthc.CaseError)
    assert engine.evaluate_many([]) == []
    assert len(engine.evaluate_many(iter([CASE] * 3))) == 3


def test_calendar_from_engine_and_province(engine: tthc.Engine) -> None:
    national = engine.calendar()
    assert national.province is None
    hcm = engine.calendar("ho-chi-minh")
    assert hcm.province == "ho-chi-minh"
    assert tthc.Calendar(engine, province="ho-chi-minh").province == "ho-chi-minh"
    with pytest.raises(tthc.NotFoundError):
        engine.calendar("atlantis")


def test_deadlines_over_arrays_agree_with_single_calls(engine: tthc.Engine) -> None:
    import numpy as np

    instants = [datetime.datetime(2025, 1, 23, 10, 0), datetime.datetime(2025, 4, 29, 16, 5),
                datetime.datetime(2026, 2, 13, 20, 0)]
    single = [engine.deadline(CASE, submitted_at=t).due_at for t in instants]
    assert engine.due_at_many(CASE, instants) == single
    arr = engine.due_at_many(CASE, np.array(instants, dtype="datetime64[s]"))
    assert arr.dtype == np.dtype("datetime64[s]")
    # The array is Vietnam wall-clock time, like the naive datetimes it came from.
    assert [x.replace(tzinfo=None) for x in single] == arr.astype(datetime.datetime).tolist()
    many = engine.deadline_many([dict(CASE, submitted_at=t) for t in instants])
    assert [m.due_at for m in many] == single
    with_missing = engine.due_at_many(CASE, [instants[0], None])
    assert with_missing == [single[0], None]
    far = datetime.datetime(1999, 1, 5, 9, 0)  # before the calendar (and the procedure)
    with pytest.raises(tthc.Error, match="row 1"):
        engine.due_at_many(CASE, [instants[0], far])
    assert engine.due_at_many(CASE, [instants[0], far], errors="coerce") == [single[0], None]


def test_track_events_with_python_datetimes(engine: tthc.Engine) -> None:
    received = datetime.datetime(2025, 3, 14, 9, 30)
    t = engine.track(CASE, [{"kind": "received", "at": received}], as_of=received + datetime.timedelta(hours=1))
    assert isinstance(t, tthc.Tracking) and t.state == "processing" and t.overdue is False
    assert t.due_at == engine.deadline(CASE).due_at
    with pytest.raises(tthc.DossierError) as info:
        engine.track(CASE, [{"kind": "teleported", "at": received}])
    assert info.value.kind == "invalid-dossier"
    out = engine.track_many([{"case": CASE, "events": [{"kind": "received", "at": received}]}, {"events": []}])
    assert isinstance(out[0], tthc.Tracking) and isinstance(out[1], tthc.DossierError)


def test_a_closed_engine_refuses_every_call_with_closed_error() -> None:
    e = tthc.Engine.default()
    decision, calendar, procedures = e.evaluate(CASE), e.calendar(), e.procedures
    assert not e.closed
    e.close()
    e.close()  # twice is allowed
    assert e.closed and repr(e) == "tthc.Engine(closed)"
    received = [{"kind": "received", "at": "2025-03-14T09:30:00"}]
    calls = {
        "evaluate": lambda: e.evaluate(CASE),
        "evaluate kwargs": lambda: e.evaluate(**CASE),
        "evaluate_many": lambda: e.evaluate_many([CASE]),
        "evaluate_json": lambda: e.evaluate_json(json.dumps(CASE)),
        "deadline": lambda: e.deadline(CASE),
        "deadline_many": lambda: e.deadline_many([CASE]),
        "due_at_many": lambda: e.due_at_many(CASE, ["2025-03-14T09:30:00"]),
        "track": lambda: e.track(CASE, received),
        "track_many": lambda: e.track_many([{"case": CASE, "events": received}]),
        "metrics": lambda: e.metrics([]),
        "procedures": lambda: e.procedures,
        "calendar": lambda: e.calendar(),
        "Calendar(engine)": lambda: tthc.Calendar(e),
        "content_hash": lambda: e.content_hash,
    }
    for name, call in calls.items():
        with pytest.raises(tthc.ClosedError) as info:
            call()
        assert info.value.kind == "closed", name
        assert isinstance(info.value, ValueError) and str(info.value) == "the engine is closed"
    # What the engine made keeps working, and other handles are untouched.
    assert decision.procedure.id == CASE["procedure"]
    assert calendar.is_working_day("2025-09-02") is False
    assert procedures.search("khai sinh")[0].id == "ho-tich.dang-ky-khai-sinh"
    assert tthc.Engine.default().evaluate(CASE).procedure.id == CASE["procedure"]


def test_with_closes_the_engine_even_on_an_error() -> None:
    with pytest.raises(tthc.NotFoundError):
        with tthc.Engine.default() as e:
            e.evaluate({**CASE, "procedure": "no-such-procedure"})
    assert e.closed


def test_closing_while_other_threads_call_gives_answers_then_closed_errors() -> None:
    import threading

    e = tthc.Engine.default()
    seen: list = []
    start = threading.Barrier(5)

    def work() -> None:
        start.wait()
        while True:  # until the close reaches this thread
            try:
                seen.append(e.evaluate_many([CASE] * 20)[0].procedure.id)
            except tthc.ClosedError as err:
                seen.append(err.kind)
                return

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    start.wait()
    e.close()
    for t in threads:
        t.join()
    assert seen.count("closed") == 4 and set(seen) <= {CASE["procedure"], "closed"}
