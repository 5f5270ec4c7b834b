"""``tthc.MetricsState`` and ``tthc.arrow``: KPIs in parts, merged in any
order, equal to ``Engine.metrics`` on the whole input; per-record answers
for Arrow batches equal to the engine's single calls.

The inputs are the made-up fixtures of ``tests/fixtures`` and records made
from them here (several months, malformed rows, warnings).
"""

from __future__ import annotations

import datetime
import json
import random
from typing import Any, Dict, List

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import tthc
import tthc.arrow

from conftest import FIXTURES

CSV = FIXTURES / "sample-metrics-basic.csv"
EVENTS = FIXTURES / "sample-metrics-events.jsonl"
AS_OF = "2025-06-30T12:00:00"


def read_strings(path: Any) -> pa.Table:
    """A CSV file with every column as strings (empty = null), as Spark reads it."""
    names = path.read_text(encoding="utf-8").split("\n")[0].split(",")
    options = pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=True)
    return pacsv.read_csv(path, convert_options=options)


def records(n: int, seed: int = 5) -> List[Dict[str, Any]]:
    """`n` records from the CSV fixture's rows, moved across months, some broken."""
    base = read_strings(CSV).to_pylist()
    rng = random.Random(seed)
    out = []
    for i in range(n):
        r = {k: v for k, v in rng.choice(base).items() if v is not None}
        r["dossier"] = f"R{i}"
        shift = datetime.timedelta(days=rng.randrange(0, 90))
        for k in ("received_at", "completed_at"):
            if k in r:
                r[k] = (datetime.datetime.fromisoformat(r[k]) + shift).isoformat()
        r.pop("due_at", None)
        roll = rng.random()
        if roll < 0.03:
            r["channel"] = "fax"
        elif roll < 0.05:
            r["province"] = "Atlantis"
        elif roll < 0.06:
            r = "not json"  # type: ignore[assignment]
        out.append(r)
    return out


def split(items: List[Any], parts: int, rng: random.Random) -> List[List[Any]]:
    cuts = sorted(rng.randrange(0, len(items) + 1) for _ in range(parts - 1))
    bounds = [0, *cuts, len(items)]
    return [items[a:b] for a, b in zip(bounds, bounds[1:])]


def states(chunks: List[List[Any]], **options: Any) -> List[tthc.MetricsState]:
    out = []
    for part, chunk in enumerate(chunks):
        s = tthc.MetricsState(part=part, **options)
        s.update(chunk)
        out.append(s)
    return out


@pytest.mark.parametrize("seed", range(20))
def test_parts_merged_in_any_order_give_the_whole_report(engine: tthc.Engine, seed: int) -> None:
    rng = random.Random(seed)
    items = records(3000, seed)
    options = dict(by=rng.choice(["province", "sector", "procedure"]), period=rng.choice(["month", "quarter"]), as_of=AS_OF)
    whole = engine.metrics(items, **options)
    parts = states(split(items, rng.randrange(1, 9), rng), **options)
    rng.shuffle(parts)
    # Half of them travel as bytes, as Spark's partitions do.
    parts = [tthc.MetricsState.from_bytes(s.to_bytes()) if rng.random() < 0.5 else s for s in parts]
    total = parts[0]
    for s in parts[1:]:
        total.merge(s)
    got = total.finish()
    assert got.rows == whole.rows
    assert got.issues == whole.issues
    assert got.issues["malformed"] > 0 and got.issues["warnings"] > 0
    assert json.loads(got.to_json()) == json.loads(whole.to_json())


def test_lines_of_a_file_give_the_files_report(engine: tthc.Engine) -> None:
    text = CSV.read_bytes().split(b"\n")
    whole = engine.metrics(CSV, as_of=AS_OF)
    header = text[0].decode()
    for cut in range(len(text) + 1):
        a = tthc.MetricsState(as_of=AS_OF, part=0)
        a.update_lines(text[:cut], format="csv", header=header, header_line=1 if cut > 0 else None)
        b = tthc.MetricsState(as_of=AS_OF, part=1)
        b.update_lines(text[cut:], format="csv", header=header, header_line=1 if cut == 0 else None)
        b.merge(a)
        got = b.finish()
        assert json.loads(got.to_json()) == json.loads(whole.to_json()), cut
    jsonl = EVENTS.read_text(encoding="utf-8").split("\n")
    s = tthc.MetricsState(as_of=AS_OF)
    s.update_lines(pa.array(jsonl), format="jsonl")
    assert json.loads(s.finish().to_json()) == json.loads(engine.metrics(EVENTS, as_of=AS_OF).to_json())


def messy_file(path: Any) -> bytes:
    """The fixture's bytes with what a file read in pieces must keep
    straight: blank lines (empty, a lone ``\r``) before the header and
    among the records, a CRLF line, a line that is not UTF-8, a malformed
    line, and no final newline."""
    lines = path.read_bytes().rstrip(b"\n").split(b"\n")
    out = [b"", b"\r", b""] + lines[:3] + [b"", lines[3] + b"\r", b"D\xff\xfe,\xc3(", b"\r"]
    out += lines[4:] + [b"not,a,record"]
    return b"\n".join(out)


def pieces(data: bytes, rng: random.Random, parts: int) -> List[bytes]:
    """``data`` cut at random line starts into ``parts`` pieces of whole lines
    (some empty)."""
    starts = [0] + [i + 1 for i, b in enumerate(data) if b == ord("\n")]
    cuts = sorted(rng.choice(starts) for _ in range(parts - 1))
    bounds = [0, *cuts, len(data)]
    return [data[a:b] for a, b in zip(bounds, bounds[1:])]


@pytest.mark.parametrize("source", [CSV, EVENTS], ids=["csv", "jsonl"])
def test_text_read_in_pieces_gives_the_files_report(engine: tthc.Engine, tmp_path: Any, source: Any) -> None:
    data = messy_file(source)
    path = tmp_path / ("messy" + source.suffix)
    path.write_bytes(data)
    whole = json.loads(engine.metrics(path, as_of=AS_OF).to_json())
    assert whole["issues"]["malformed"] >= 2, whole["issues"]  # the bad bytes and the bad line
    fmt = "csv" if source.suffix == ".csv" else "jsonl"
    header_at = data.index(b"dossier") if fmt == "csv" else None
    header = data[header_at:].split(b"\n")[0].decode() if header_at is not None else None
    rng = random.Random(11)
    for trial in range(40):
        parts = []
        offset = 0
        for part, piece in enumerate(pieces(data, rng, rng.randrange(1, 6))):
            state = tthc.MetricsState(as_of=AS_OF, part=part)
            # Every other trial a piece goes in two calls.
            split = piece.find(b"\n", len(piece) // 2) + 1
            for text in (piece[:split], piece[split:]) if trial % 2 and split else (piece,):
                at = None
                if header_at is not None and offset <= header_at < offset + len(text):
                    at = header_at - offset
                state.update_text(text, format=fmt, header=header, header_offset=at)
                offset += len(text)
            parts.append(state)
        rng.shuffle(parts)
        total = parts[0]
        for s in parts[1:]:
            total.merge(s)
        assert json.loads(total.finish().to_json()) == whole, trial


def test_text_is_bytes_str_or_any_buffer(engine: tthc.Engine) -> None:
    data = CSV.read_bytes()
    header = data.split(b"\n")[0].decode()
    whole = engine.metrics(CSV, as_of=AS_OF).rows
    for text in (data, data.decode(), bytearray(data), memoryview(data), pa.py_buffer(data)):
        s = tthc.MetricsState(as_of=AS_OF)
        s.update_text(text, format="csv", header=header, header_offset=0)
        assert s.finish().rows == whole, type(text)
        assert s.lines == data.count(b"\n")
    s = tthc.MetricsState(as_of=AS_OF)
    s.update_text(b"", format="jsonl")
    assert s.lines == 0 and s.records == 0
    for wrong in (42, [data], None):
        with pytest.raises(TypeError, match="expected a piece of a file"):
            s.update_text(wrong, format="jsonl")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="needs header="):
        s.update_text(data, format="csv")
    for wrong_option in ({"format": "xml"}, {"header": header, "header_offset": 5}, {"header": header, "header_offset": len(data)}):
        with pytest.raises(tthc.Error) as e:
            s.update_text(data, **wrong_option)
        assert e.value.kind == "invalid-option", wrong_option


def test_an_arrow_batch_gives_what_its_csv_gives(engine: tthc.Engine) -> None:
    # All strings, as Spark's CSV reader gives them.
    table = read_strings(CSV)
    s = tthc.MetricsState(as_of=AS_OF)
    s.update(table)
    whole = engine.metrics(CSV, as_of=AS_OF)
    assert s.finish().rows == whole.rows
    # Typed columns: timestamps (aware and naive), booleans, a date, integers.
    t = table.to_pylist()
    typed = pa.table(
        {
            "dossier": [r["dossier"] for r in t],
            "procedure": [r["procedure"] for r in t],
            "province": [r["province"] for r in t],
            "channel": [r["channel"] for r in t],
            "received_at": pa.array(
                [datetime.datetime.fromisoformat(r["received_at"]) - datetime.timedelta(hours=7) for r in t],
                pa.timestamp("us", tz="UTC"),
            ),
            "completed_at": pa.array(
                [datetime.datetime.fromisoformat(r["completed_at"]) if r["completed_at"] else None for r in t],
                pa.timestamp("s"),
            ),
            "due_at": [r["due_at"] for r in t],
            "digitised": pa.array([None if not r["digitised"] else r["digitised"] == "true" for r in t]),
            "online_level": pa.array([{"full": 4, "partial": 3, "2": 2}.get(r["online_level"] or "") for r in t], pa.int8()),
            "ignored": pa.array(range(len(t))),
        }
    )
    plain = [
        {k: v for k, v in r.items() if k in typed.column_names and v not in (None, "")} for r in t
    ]
    for r in plain:
        r["online_level"] = {"full": "4", "partial": "3", "2": "2"}.get(r.get("online_level", ""), None)
    plain = [{k: v for k, v in r.items() if v is not None} for r in plain]
    s = tthc.MetricsState(as_of=AS_OF)
    s.update(typed)
    got = s.finish()
    assert got.rows == engine.metrics(plain, as_of=AS_OF).rows
    assert got.notes == ["ignored column(s): ignored"]


def test_strict_raises_at_finish_with_the_first_malformed_line(engine: tthc.Engine) -> None:
    items = records(500, 3)
    with pytest.raises(tthc.MetricsError) as whole:
        engine.metrics(items, as_of=AS_OF, strict=True)
    parts = states(split(items, 4, random.Random(1)), as_of=AS_OF, strict=True)
    total = parts.pop()
    for s in parts:
        total.merge(s)
    with pytest.raises(tthc.MetricsError) as merged:
        total.finish()
    assert merged.value.line == whole.value.line
    assert merged.value.kind == "malformed"


def test_bad_bytes_and_bad_merges_raise_invalid_state() -> None:
    good = tthc.MetricsState(as_of=AS_OF)
    good.update(records(10))
    data = good.to_bytes()
    for bad in [b"", b"garbage", data[:-1], data[:30] + bytes([data[30] ^ 1]) + data[31:], b"TTHCKPI\x00\x09\x00" + data[10:]]:
        with pytest.raises(tthc.MetricsError) as e:
            tthc.MetricsState.from_bytes(bad)
        assert e.value.kind == "invalid-state"
    with pytest.raises(tthc.MetricsError, match="as_of"):
        good.merge(tthc.MetricsState(as_of="2025-07-01T00:00:00"))
    twin = tthc.MetricsState(as_of=AS_OF)
    twin.update(records(3))
    with pytest.raises(tthc.MetricsError, match="part 0"):
        good.merge(twin)
    with pytest.raises(tthc.MetricsError, match="itself"):
        good.merge(good)
    with pytest.raises(tthc.MetricsError, match="takes no more records"):
        tthc.MetricsState.from_bytes(data).update(records(1))
    with pytest.raises(tthc.MetricsError) as e:
        good.update(pa.table({"dossier": ["D"], "received_at": pa.array([[1]])}))
    assert e.value.kind == "header" and "received_at" in str(e.value)
    with pytest.raises(tthc.MetricsError, match="no column is named after a record field") as e:
        good.update(pa.table({"value": ["D1,1.000894"]}))
    assert e.value.kind == "header"
    with pytest.raises(TypeError):
        good.update_lines(["a"], format="csv")
    with pytest.raises(TypeError):
        good.update(42)


def test_arrow_deadlines_are_the_engines_single_answers(engine: tthc.Engine) -> None:
    fixture = read_strings(CSV)
    # The fixture's rows, and the same dossiers finished the moment they arrived.
    at_once = fixture.set_column(
        fixture.column_names.index("completed_at"), "completed_at", fixture.column("received_at")
    )
    table = pa.concat_tables([fixture, at_once])
    out = tthc.arrow.deadlines(table, as_of=AS_OF, fees=True)
    assert out.num_rows == table.num_rows
    assert out.schema.field("due_at").type == pa.timestamp("us", tz="+07:00")
    for rec, ans in zip(table.to_pylist(), out.to_pylist()):
        try:
            d = engine.deadline(
                procedure=rec["procedure"], province=rec["province"], channel=rec["channel"],
                submitted_at=rec["received_at"],
            )
        except tthc.Error as e:
            # A case the engine refuses is a record the reader refuses first.
            kind = "malformed" if e.kind == "invalid-case" else e.kind
            assert ans["due_at"] is None and ans["problem"].startswith(kind), (rec, ans)
            continue
        assert ans["due_at"] == d.due_at, rec
        if rec["completed_at"]:
            done = datetime.datetime.fromisoformat(rec["completed_at"]).replace(tzinfo=d.due_at.tzinfo)
            expected = "early" if done.date() < d.due_date else "on-time" if done.date() == d.due_date else "late"
            assert ans["status"] == expected and ans["on_time"] == (expected != "late"), rec
        else:
            assert ans["status"] in ("open", "overdue") and ans["on_time"] in (None, False)
        fee = engine.evaluate(procedure=rec["procedure"], province=rec["province"], channel=rec["channel"],
                              submitted_at=rec["received_at"]).fee.payable
        assert ans["fee_payable"] == fee  # None when unknown: unknown is not zero
    statuses = out.column("status").to_pylist()
    assert {"on-time", "late"} <= set(statuses)
    assert None in out.column("fee_payable").to_pylist() or 0 not in out.column("fee_payable").to_pylist()
    # Without fees=True there is no fee, and a malformed row says why.
    out = tthc.arrow.deadlines(table, as_of=AS_OF)
    assert out.column("fee_payable").null_count == out.num_rows
    fax = table.to_pylist().index(next(r for r in table.to_pylist() if r["channel"] == "fax"))
    assert out.column("problem")[fax].as_py().startswith("malformed: channel:")


def test_the_arrow_module_example_runs() -> None:
    import doctest

    failures, tried = doctest.testmod(tthc.arrow, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0
