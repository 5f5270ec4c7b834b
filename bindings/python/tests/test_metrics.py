"""``Engine.metrics``: KPIs from dossier records, as rows for a DataFrame.

The expected numbers are the ones worked out by hand in
``crates/tthc/tests/metrics_handworked.rs`` for the same fixtures; the
binding must give exactly what the Rust side gives.
"""

from __future__ import annotations

import datetime
import json
import math
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest

import tthc

from conftest import FIXTURES

CSV = FIXTURES / "sample-metrics-basic.csv"
JSONL = FIXTURES / "sample-metrics-basic.jsonl"
#: Open dossiers are judged at the end of March 2025, as in the Rust tests.
AS_OF = "2025-03-31T12:00:00"

COLUMNS = {
    "period", "unit_kind", "unit", "unit_name", "kpi", "value", "numerator", "denominator",
    "measure", "status", "target", "gap", "meets_target", "target_status",
}


def jsonl_records() -> List[Dict[str, Any]]:
    return [json.loads(line) for line in JSONL.read_text(encoding="utf-8").splitlines() if line.strip()]


def value(report: tthc.MetricsReport, period: str, unit: str, kpi: str) -> Optional[float]:
    found = [r for r in report.rows if (r["period"], r["unit"], r["kpi"]) == (period, unit, kpi)]
    assert len(found) == 1, f"no single row {period} {unit} {kpi}"
    return found[0]["value"]


def close(report: tthc.MetricsReport, period: str, unit: str, kpi: str, expected: float) -> None:
    v = value(report, period, unit, kpi)
    assert v is not None, f"{period} {unit} {kpi}: no value"
    assert math.isclose(v, expected, abs_tol=1e-9), f"{period} {unit} {kpi}: {v} != {expected}"


@pytest.mark.parametrize("path", [CSV, JSONL, str(CSV)], ids=["csv", "jsonl", "str-path"])
def test_handworked_kpis(engine: tthc.Engine, path: Any) -> None:
    r = engine.metrics(path, as_of=AS_OF)
    m = "2025-03"
    close(r, m, "*", "dossiers", 7)                            # D7 (channel fax) is malformed
    close(r, m, "*", "online-dossier-share", 300 / 7)          # D1, D3, D8 of 7
    close(r, m, "*", "dvctt-with-online-dossier", 200 / 3)     # khai-sinh, tam-tru of 3 DVCTT
    close(r, m, "*", "full-process-online-share", 200 / 3)     # D1, D8 of D1, D2, D8
    close(r, m, "*", "full-process-online-of-all", 200 / 7)
    close(r, m, "*", "early-share", 25)                        # D1 of D1, D2, D3, D8
    close(r, m, "*", "on-time-share", 50)
    close(r, m, "*", "late-share", 25)
    close(r, m, "*", "tt01-indicator1-average", 1.0)           # (2·1 + 1·2) / 4
    close(r, m, "*", "avg-processing-working-days", 2.2)       # (1+2+4+2+2) / 5
    close(r, m, "*", "digitised-share", 80)
    close(r, m, "*", "electronic-result-share", 75)
    close(r, m, "*", "online-payment-share", 200 / 3)
    close(r, m, "*", "tt01-indicator9", 0)
    close(r, m, "ha-giang", "online-dossier-share", 50)
    close(r, m, "ha-giang", "tt01-indicator9", 2)
    close(r, m, "ha-noi", "online-dossier-share", 40)
    close(r, "2025-04", "ha-noi", "early-share", 100)
    # No digitised field in April: no value rather than 0.
    assert value(r, "2025-04", "*", "digitised-share") is None
    assert r.records == 8
    assert (r.by, r.period) == ("province", "month")
    assert r.as_of == datetime.datetime(2025, 3, 31, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


def test_gap_to_target(engine: tthc.Engine) -> None:
    r = engine.metrics(CSV, as_of=AS_OF)
    row = next(x for x in r.rows if (x["period"], x["unit"], x["kpi"]) == ("2025-03", "*", "online-dossier-share"))
    assert row["target"] == 50.0
    assert math.isclose(row["gap"], 300 / 7 - 50, abs_tol=1e-9)
    assert row["meets_target"] is False
    assert row["target_status"] == "unconfirmed"
    assert row["numerator"] == 3 and row["denominator"] == 7
    assert row["measure"] == "percent" and row["unit_kind"] == "province"
    late = next(x for x in r.rows if (x["period"], x["unit"], x["kpi"]) == ("2025-03", "*", "late-share"))
    assert late["target"] is None and late["gap"] is None and late["meets_target"] is None


def test_periods_and_units(engine: tthc.Engine) -> None:
    y = engine.metrics(CSV, period="year", as_of=AS_OF)
    close(y, "2025", "*", "dossiers", 8)
    close(y, "2025", "*", "early-share", 40)
    q = engine.metrics(CSV, period="quarter", as_of=AS_OF)
    close(q, "2025-Q1", "*", "dossiers", 7)
    close(q, "2025-Q2", "*", "dossiers", 1)
    s = engine.metrics(CSV, by="sector", as_of=AS_OF)
    close(s, "2025-03", "ho-tich", "dossiers", 3)
    close(s, "2025-03", "cu-tru", "dossiers", 2)
    a = engine.metrics(CSV, by="agency", as_of=AS_OF)
    close(a, "2025-03", "UBND xã A, huyện B", "dossiers", 2)
    close(a, "2025-03", 'Sở "Thử nghiệm"', "dossiers", 1)
    p = engine.metrics(CSV, by="procedure", as_of=AS_OF)
    close(p, "2025-03", "ho-tich.dang-ky-khai-sinh", "dvctt-with-online-dossier", 100)


def test_rows_are_flat_dicts_with_the_same_keys(engine: tthc.Engine) -> None:
    rows = engine.metrics(CSV, as_of=AS_OF).rows
    assert isinstance(rows, list) and rows
    for row in rows:
        assert type(row) is dict
        assert set(row) == COLUMNS
        for v in row.values():
            assert v is None or isinstance(v, (str, int, float, bool)), row
    # What pandas.DataFrame(rows) would see: one column per key, in one order.
    assert len({tuple(r) for r in rows}) == 1
    # A fresh list each time: changing it does not change the report.
    rows.clear()
    assert engine.metrics(CSV, as_of=AS_OF).rows


def test_path_and_iterable_give_identical_rows(engine: tthc.Engine) -> None:
    from_path = engine.metrics(JSONL, as_of=AS_OF)
    records = jsonl_records()
    from_dicts = engine.metrics(records, as_of=AS_OF)
    from_strings = engine.metrics(JSONL.read_text(encoding="utf-8").splitlines(), as_of=AS_OF)
    from_generator = engine.metrics((r for r in records), as_of=AS_OF)
    assert from_path.rows
    assert from_dicts.rows == from_path.rows
    assert from_strings.rows == from_path.rows
    assert from_generator.rows == from_path.rows
    # The issues carry the same lines: the item's position is the JSON Lines line.
    assert from_dicts.issues == from_path.issues
    # CSV and JSON Lines of the same records: the same rows (lines differ by the header).
    assert engine.metrics(CSV, as_of=AS_OF).rows == from_path.rows


def test_iterable_accepts_python_datetimes(engine: tthc.Engine) -> None:
    records = jsonl_records()
    for r in records:
        r["received_at"] = datetime.datetime.fromisoformat(r["received_at"])  # naive = Vietnam time
    as_of = datetime.datetime(2025, 3, 31, 12, 0)
    assert engine.metrics(records, as_of=as_of).rows == engine.metrics(JSONL, as_of=AS_OF).rows


def test_many_records_cross_chunks(engine: tthc.Engine) -> None:
    records = jsonl_records() * 300  # 2,700 items: several chunks of GIL-free work
    r = engine.metrics(iter(records), as_of=AS_OF)
    close(r, "2025-03", "*", "dossiers", 7 * 300)
    close(r, "2025-03", "*", "online-dossier-share", 300 / 7)
    assert r.records == 8 * 300
    assert r.issues["malformed"] == 300
    # The D7 rows are at positions 7, 16, 25, …
    lines = [i["line"] for i in r.issues["listed"] if i["severity"] == "malformed"]
    assert lines[:3] == [7, 16, 25]
    assert r.issues["truncated"] is True


def test_csv_malformed_and_warning_rows_are_listed_with_their_lines(engine: tthc.Engine) -> None:
    issues = engine.metrics(CSV, as_of=AS_OF).issues
    assert issues["malformed"] == 1 and issues["warnings"] == 1
    assert [(i["line"], i["severity"], i["kind"]) for i in issues["listed"]] == [
        (7, "warning", "warning:unknown-procedure"),
        (8, "malformed", "malformed:channel"),
    ]
    assert issues["listed"][1]["dossier"] == "D7"
    assert issues["by_kind"] == {"malformed:channel": 1, "warning:unknown-procedure": 1}


def test_malformed_items_are_reported_not_dropped(engine: tthc.Engine) -> None:
    good = jsonl_records()[0]  # D1
    items = [
        good,                                         # 1
        {**good, "dossier": "X2", "channel": "fax"},  # 2: unknown channel
        42,                                           # 3: not a record
        {**good, "dossier": "X4", "paid_online": object()},  # 4: not JSON-able
        "{not json",                                  # 5
        {"dossier": "X6"},                            # 6: required fields missing
        None,                                         # 7
        json.dumps({**good, "dossier": "D1b"}),       # 8: a JSON string is a record too
    ]
    r = engine.metrics(items, as_of=AS_OF)
    assert r.records == 2
    close(r, "2025-03", "*", "dossiers", 2)
    assert r.issues["malformed"] == 6
    listed = {i["line"]: i for i in r.issues["listed"]}
    assert sorted(listed) == [2, 3, 4, 5, 6, 7]
    assert listed[2]["kind"] == "malformed:channel"
    assert listed[2]["dossier"] == "X2"
    assert "int" in listed[3]["message"]
    assert "paid_online" in listed[4]["message"]
    assert listed[5]["kind"] == "malformed:json"
    assert all(i["severity"] == "malformed" for i in listed.values())


@pytest.mark.parametrize("source, line", [(CSV, 8), (JSONL, 7)], ids=["csv", "jsonl"])
def test_strict_raises_naming_the_line(engine: tthc.Engine, source: Path, line: int) -> None:
    with pytest.raises(tthc.MetricsError) as info:
        engine.metrics(source, as_of=AS_OF, strict=True)
    e = info.value
    assert isinstance(e, tthc.Error)
    assert e.kind == "malformed"
    assert e.line == line
    assert f"line {line}" in str(e) and "channel" in str(e)


def test_strict_on_an_iterable(engine: tthc.Engine) -> None:
    with pytest.raises(tthc.MetricsError) as info:
        engine.metrics(jsonl_records(), as_of=AS_OF, strict=True)
    assert (info.value.kind, info.value.line) == ("malformed", 7)
    with pytest.raises(tthc.MetricsError) as info:
        engine.metrics([jsonl_records()[0], 42], strict=True)
    assert (info.value.kind, info.value.line) == ("malformed", 2)
    # Without a malformed row, strict changes nothing.
    good = [r for r in jsonl_records() if r["dossier"] != "D7"]
    assert engine.metrics(good, as_of=AS_OF, strict=True).issues["malformed"] == 0


def test_bad_path_raises(engine: tthc.Engine, tmp_path: Path) -> None:
    with pytest.raises(tthc.MetricsError) as info:
        engine.metrics(tmp_path / "no-such-file.csv")
    assert info.value.kind == "io"
    assert "no-such-file.csv" in str(info.value)
    assert info.value.line is None
    with pytest.raises(tthc.MetricsError) as info:
        engine.metrics(str(tmp_path))  # a directory
    assert info.value.kind == "io"


def test_csv_header_without_required_columns(engine: tthc.Engine, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("dossier,received_at\nD1,2025-03-03T09:00:00\n", encoding="utf-8")
    with pytest.raises(tthc.MetricsError) as info:
        engine.metrics(path)
    assert info.value.kind == "header"
    assert "procedure" in str(info.value)


def test_ignored_csv_columns_are_noted(engine: tthc.Engine, tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text(
        "dossier,procedure,channel,received_at,colour\nD1,1.000894,postal,2025-03-03T09:00:00,blue\n",
        encoding="utf-8",
    )
    r = engine.metrics(path)
    assert r.records == 1
    assert any("colour" in n for n in r.notes)


def test_bad_options_and_sources(engine: tthc.Engine) -> None:
    with pytest.raises(tthc.MetricsError) as info:
        engine.metrics([], by="city")
    assert info.value.kind == "invalid-option"
    with pytest.raises(tthc.MetricsError) as info:
        engine.metrics([], period="week")
    assert info.value.kind == "invalid-option"
    with pytest.raises(tthc.InvalidDateError):
        engine.metrics([], as_of="2025-02-30T00:00:00")
    for bad in (42, {"dossier": "D1"}, b"dossier,procedure"):
        with pytest.raises(TypeError):
            engine.metrics(bad)


def test_an_exception_from_the_iterable_propagates(engine: tthc.Engine) -> None:
    def broken() -> Iterator[Dict[str, Any]]:
        yield jsonl_records()[0]
        raise RuntimeError("source went away")

    with pytest.raises(RuntimeError, match="source went away"):
        engine.metrics(broken())


def test_registry_targets_and_whole_report(engine: tthc.Engine) -> None:
    r = engine.metrics(CSV, as_of=AS_OF)
    kpis = {k["id"]: k for k in r.kpis}
    for k in kpis.values():
        assert k["formula"] and k["legal_basis"] and k["status"]
    assert kpis["online-dossier-share"]["status"] == "confirmed"
    assert kpis["qd766-group5"]["computable"] is False
    computable = {k for k, v in kpis.items() if v["computable"]}
    assert {row["kpi"] for row in r.rows} == computable
    targets = {t["kpi"]: t for t in r.targets}
    assert {k: t["value"] for k, t in targets.items()} == {
        "dvctt-with-online-dossier": 80.0,
        "online-dossier-share": 50.0,
        "full-process-online-of-all": 70.0,
    }
    assert all(t["status"] == "unconfirmed" and t["source"] for t in targets.values())
    whole = r.to_dict()
    assert whole["rows"] == r.rows
    assert whole["issues"] == r.issues
    assert whole["records"] == 8
    assert whole["as_of"] == r.as_of
    text = json.loads(r.to_json())
    assert text["rows"] == r.rows
    assert "records=8" in repr(r) and "malformed=1" in repr(r)


def test_metrics_error_is_a_tthc_error() -> None:
    assert issubclass(tthc.MetricsError, tthc.Error)
    e = tthc.MetricsError("line 3: x", kind="malformed", line=3)
    assert (e.kind, e.line, e.message) == ("malformed", 3, "line 3: x")
