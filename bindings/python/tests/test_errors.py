"""Bad input raises the right exception, with the details a caller needs."""

from __future__ import annotations

import datetime

import pytest

import tthc
from tthc import _errors, _tthc

from conftest import CASE, FIXTURES


def test_hierarchy() -> None:
    for cls in (tthc.CatalogError, tthc.CaseError, tthc.NotFoundError, tthc.NotInForceError,
                tthc.CalendarError, tthc.CalendarRangeError, tthc.InvalidDateError, tthc.InternalError):
        assert issubclass(cls, tthc.Error)
    assert issubclass(tthc.CaseError, ValueError)
    assert issubclass(tthc.NotFoundError, LookupError)
    assert issubclass(tthc.NotInForceError, tthc.NotFoundError)
    assert issubclass(tthc.CalendarRangeError, ValueError)
    assert issubclass(tthc.InvalidDateError, ValueError)


@pytest.mark.parametrize(
    "case, fragment",
    [
        ({**CASE, "colour": "blue"}, "colour"),                        # unknown field
        ({**CASE, "applicant": {"nmae": "x"}}, "nmae"),                # unknown nested field
        ({k: v for k, v in CASE.items() if k != "channel"}, "channel"),  # missing field
        ({**CASE, "channel": 3}, "integer `3`"),                           # wrong type
        ({**CASE, "submitted_at": "2025-02-30T09:00:00"}, "2025-02-30"),  # not a date
        ({**CASE, "submitted_at": datetime.date(2025, 3, 14)}, "2025-03-14"),  # a date is not an instant
        ({**CASE, "applicant": {"identity_level": 7}}, "identity_level"),
        ({**CASE, "case_type": object()}, "case_type"),                # not JSON-like
        ({**CASE, 3: "x"}, "keys must be strings"),
        ({**CASE, "applicant": {"identity_level": 10**30}}, "out of range"),
        ({**CASE, "fee_items": [{"item": "le-phi", "name": "x", "amount": float("nan")}]},
         "fee_items[0].amount: NaN is not a finite number"),                  # where, exactly
        ({**CASE, "applicant": {"categories": ["a", {1}]}}, "applicant.categories[1]: a set cannot be part"),
    ],
)
def test_malformed_case_is_case_error(engine: tthc.Engine, case: dict, fragment: str) -> None:
    with pytest.raises(tthc.CaseError) as info:
        engine.evaluate(case)
    assert info.value.kind == "invalid-case"
    assert fragment in str(info.value)


def test_not_a_case_at_all(engine: tthc.Engine) -> None:
    for bad in ([1, 2], 42, "{not json"):
        with pytest.raises(tthc.CaseError):
            engine.evaluate(bad)
    with pytest.raises(tthc.CaseError, match="no case given"):
        engine.evaluate()


def test_self_referencing_case_is_refused(engine: tthc.Engine) -> None:
    loop: list = []
    loop.append(loop)
    with pytest.raises(tthc.CaseError, match="nested"):
        engine.evaluate({**CASE, "fee_items": loop})


def test_unknown_procedure_is_not_found(engine: tthc.Engine) -> None:
    with pytest.raises(tthc.NotFoundError) as info:
        engine.evaluate({**CASE, "procedure": "no-such-procedure"})
    assert info.value.kind == "unknown-procedure"


def test_bad_catalogue_dir_has_located_diagnostics() -> None:
    with pytest.raises(tthc.CatalogError) as info:
        tthc.Engine.from_dir(FIXTURES / "sample-broken-catalog")
    diags = info.value.diagnostics
    assert len(diags) >= 5
    for diag in diags:
        assert isinstance(diag, tthc.Diagnostic)
        assert diag.code.startswith("E") and diag.message and diag.help
    located = [x for x in diags if x.file is not None]
    assert located, "diagnostics carry their file"
    for x in located:
        assert x.line >= 1 and x.column >= 1 and x.col == x.column
    unknown_key = [x for x in diags if x.code == "E0101" and "nmae" in x.message]
    assert unknown_key and unknown_key[0].file.endswith("mistakes.toml")
    assert unknown_key[0].line > 1
    # The text form points at file:line:col like a compiler.
    assert f"{unknown_key[0].file}:{unknown_key[0].line}:{unknown_key[0].column}:" in str(info.value)


def test_missing_catalogue_dir(tmp_path) -> None:
    with pytest.raises(tthc.CatalogError) as info:
        tthc.Engine.from_dir(tmp_path / "nope")
    assert info.value.diagnostics[0].code == "E0002"


def test_calendar_input_errors(calendar: tthc.Calendar) -> None:
    with pytest.raises(tthc.InvalidDateError):
        calendar.is_working_day("2025-02-30")
    with pytest.raises(tthc.InvalidDateError):
        calendar.is_working_day("14/03/2025")
    with pytest.raises(TypeError):
        calendar.is_working_day(20250314)
    with pytest.raises(TypeError):
        calendar.add_working_days(datetime.date(2025, 3, 14), 1.5)
    with pytest.raises(ValueError, match="errors must be"):
        calendar.add_working_days(datetime.date(2025, 3, 14), 1, errors="ignore")
    with pytest.raises(ValueError, match="different lengths"):
        calendar.add_working_days(["2025-03-14", "2025-03-15"], [1, 2, 3])
    with pytest.raises(TypeError):
        calendar.add_working_hours(datetime.date(2025, 3, 14), 8)


def test_calendar_range_errors(calendar: tthc.Calendar) -> None:
    first, last = calendar.range
    with pytest.raises(tthc.CalendarRangeError) as info:
        calendar.is_working_day(first - datetime.timedelta(days=1))
    assert info.value.kind == "out-of-range"
    with pytest.raises(tthc.CalendarRangeError) as info:
        calendar.add_working_days(last, 10)
    assert info.value.kind == "result-out-of-range"
    # In a batch the error names the row.
    with pytest.raises(tthc.CalendarRangeError, match="row 1"):
        calendar.add_working_days([first, last], 10)
    with pytest.raises(tthc.CalendarRangeError):
        calendar.add_working_days(first, 2**40)


def test_lunar_errors() -> None:
    with pytest.raises(tthc.InvalidDateError) as info:
        tthc.from_lunar(2024, 2, 1, leap=True)  # 2024 has no leap 2nd month
    assert info.value.kind == "invalid-lunar-date"
    with pytest.raises(tthc.CalendarRangeError):
        tthc.to_lunar(datetime.date(1850, 1, 1))
    with pytest.raises(TypeError):
        tthc.from_lunar(2024)


def test_rust_panic_becomes_internal_error() -> None:
    with pytest.raises(tthc.InternalError) as info:
        _tthc._panic_for_tests("boom")
    assert "boom" in str(info.value) and info.value.kind == "internal"
    # Caught by `except Exception`, unlike pyo3's PanicException.
    try:
        _tthc._panic_for_tests("again")
    except Exception as e:  # noqa: BLE001 - the point of the test
        assert isinstance(e, tthc.Error)


def test_every_error_kind_has_an_exception_class() -> None:
    # The engine's kinds (tthc::ErrorKind) against the table in tthc/_errors.py.
    kinds = _tthc._error_kinds()
    assert len(set(kinds)) == len(kinds) >= 30
    missing = sorted(set(kinds) - set(_errors.CLASS_OF_KIND))
    stale = sorted(set(_errors.CLASS_OF_KIND) - set(kinds))
    assert (missing, stale) == ([], []), f"CLASS_OF_KIND needs rows for {missing}, has rows no kind has: {stale}"
    for kind, cls in _errors.CLASS_OF_KIND.items():
        assert issubclass(cls, tthc.Error), kind


def test_an_error_has_the_class_of_its_kind(engine: tthc.Engine) -> None:
    calls = [
        lambda: engine.evaluate({**CASE, "colour": "blue"}),
        lambda: engine.evaluate({**CASE, "procedure": "no-such-procedure"}),
        lambda: tthc.Calendar().is_working_day("1800-01-01"),
        lambda: tthc.Calendar().is_working_day("2025-02-30"),
        lambda: tthc.from_lunar(2024, 2, 1, leap=True),
        lambda: tthc.Engine.from_dir(FIXTURES / "sample-broken-catalog"),
        lambda: engine.track(CASE, []),
        lambda: engine.metrics([], by="colour"),
        lambda: _tthc._panic_for_tests("boom"),
    ]
    raised = []
    for call in calls:
        with pytest.raises(tthc.Error) as info:
            call()
        raised.append(info.value)
    assert [e.kind for e in raised] == [
        "invalid-case", "unknown-procedure", "out-of-range", "invalid-date", "invalid-lunar-date",
        "catalog-error", "no-events", "invalid-option", "internal",
    ]
    for e in raised:
        assert type(e) is _errors.class_of(e.kind), (e.kind, type(e).__name__)
