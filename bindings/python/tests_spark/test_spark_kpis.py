"""``tthc.spark`` in Spark local mode gives the report ``tthc metrics`` gives
for the same file — and ``Engine.metrics`` too: the same JSON, byte for byte
(rows, malformed rows and warnings with their line numbers, notes), on 1, 2
and 8 partitions, for a clean synthetic file of a million records and a messy
copy of it. ``with_deadlines`` adds the answers ``tthc.arrow.deadlines``
gives, row for row.
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

import tthc
import tthc.arrow
import tthc.spark

from conftest import CLI, RECORDS

AS_OF = "2026-12-31T23:00:00"


def cli_json(path: Path) -> str:
    run = subprocess.run(
        [CLI, "metrics", str(path), "--as-of", AS_OF, "--format", "json", "--quiet"],
        check=True,
        capture_output=True,
    )
    return run.stdout.decode("utf-8")


def cut(spark: Any, path: Path, partitions: int) -> None:
    """Spark's split size such that the file is read in ``partitions`` byte ranges."""
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(math.ceil(path.stat().st_size / partitions)))


def lines(spark: Any, path: Path, partitions: int) -> Any:
    """The file's lines in exactly ``partitions`` slices, in file order."""
    cut(spark, path, partitions)
    df = tthc.spark.read_lines(spark, str(path))
    assert df.rdd.getNumPartitions() == partitions
    return df


@pytest.fixture(scope="module")
def expected(inputs: Dict[str, Path]) -> Dict[str, Dict[str, Any]]:
    """Per input: the CLI's JSON report (parsed), ``Engine.metrics``' one and
    its rows."""
    engine = tthc.Engine.default()
    out = {}
    for name in ("clean", "messy"):
        report = engine.metrics(inputs[name], as_of=AS_OF)
        out[name] = {"cli": json.loads(cli_json(inputs[name])), "engine": json.loads(report.to_json()), "rows": report.rows}
    return out


@pytest.mark.parametrize("name", ["clean", "messy"])
def test_the_cli_and_engine_metrics_agree(expected: Dict[str, Dict[str, Any]], name: str) -> None:
    e = expected[name]
    assert e["engine"] == e["cli"]
    assert e["cli"]["records"] > 0.98 * RECORDS
    if name == "messy":
        issues = e["cli"]["issues"]
        assert issues["malformed"] > RECORDS // 200 and issues["warnings"] > RECORDS // 2000, issues["by_kind"]


@pytest.mark.parametrize("partitions", [1, 2, 8])
@pytest.mark.parametrize("name", ["clean", "messy"])
def test_spark_kpis_are_the_clis_rows(
    spark: Any, inputs: Dict[str, Path], expected: Dict[str, Dict[str, Any]], name: str, partitions: int
) -> None:
    df = tthc.spark.kpis(lines(spark, inputs[name], partitions), as_of=AS_OF)
    rows = [r.asDict() for r in df.collect()]
    assert rows == expected[name]["rows"]
    assert len(rows) > 100


# The whole report — issues with their line numbers, notes — where a file is
# cut the most (kpis above runs the same merge; this checks what it logs).
@pytest.mark.parametrize(("name", "partitions"), [("clean", 8), ("messy", 2), ("messy", 8)])
def test_spark_metrics_is_the_clis_report(
    spark: Any, inputs: Dict[str, Path], expected: Dict[str, Dict[str, Any]], name: str, partitions: int
) -> None:
    report = tthc.spark.metrics(lines(spark, inputs[name], partitions), as_of=AS_OF)
    assert json.loads(report.to_json()) == expected[name]["cli"]


# A path: the executors read byte ranges of the file themselves.
@pytest.mark.parametrize("partitions", [1, 2, 8])
@pytest.mark.parametrize("name", ["clean", "messy"])
def test_spark_metrics_of_a_path_is_the_clis_report(
    spark: Any, inputs: Dict[str, Path], expected: Dict[str, Dict[str, Any]], name: str, partitions: int
) -> None:
    cut(spark, inputs[name], partitions)
    report = tthc.spark.metrics(str(inputs[name]), as_of=AS_OF)
    assert json.loads(report.to_json()) == expected[name]["cli"]


def test_spark_kpis_of_a_path_are_the_clis_rows(
    spark: Any, inputs: Dict[str, Path], expected: Dict[str, Dict[str, Any]]
) -> None:
    cut(spark, inputs["messy"], 3)
    rows = [r.asDict() for r in tthc.spark.kpis(inputs["messy"], as_of=AS_OF).collect()]
    assert rows == expected["messy"]["rows"]


def test_strict_on_a_path_raises_the_first_malformed_line(spark: Any, inputs: Dict[str, Path]) -> None:
    path = inputs["messy"]
    with pytest.raises(tthc.MetricsError) as whole:
        tthc.Engine.default().metrics(path, as_of=AS_OF, strict=True)
    cut(spark, path, 8)
    with pytest.raises(tthc.MetricsError) as spread:
        tthc.spark.metrics(path, as_of=AS_OF, strict=True)
    assert str(spread.value) == str(whole.value) and spread.value.line == whole.value.line


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_byte_ranges_smaller_than_a_line_lose_and_repeat_nothing(spark: Any, tmp_path: Path, suffix: str) -> None:
    # Ranges of 150 bytes: most start or end inside a line, many hold no
    # line start at all. Blank lines before the header (which then lies in
    # the second range), CRLF lines, a line of broken bytes and no final
    # line break test the cuts.
    made = tmp_path / ("made-up" + suffix)
    subprocess.run([CLI, "synth", "30", "--seed", "5", "-o", str(made)], check=True)
    lines = made.read_bytes().split(b"\n")
    lines[10] = lines[10] + b"\r"
    lines[20] = b"\xff\xfe not a record"
    text = b"\n" * 200 + b"\r\n" + b"\n".join(lines).rstrip(b"\n")
    made.write_bytes(text)
    whole = tthc.Engine.default().metrics(made, as_of=AS_OF)
    assert whole.issues["malformed"] >= 1
    for most in ("150", str(len(text))):
        spark.conf.set("spark.sql.files.maxPartitionBytes", most)
        spark.conf.set("spark.sql.files.openCostInBytes", "1")
        try:
            report = tthc.spark.metrics(str(made), as_of=AS_OF)
        finally:
            spark.conf.unset("spark.sql.files.openCostInBytes")
        assert json.loads(report.to_json()) == json.loads(whole.to_json()), most


def test_a_missing_path_is_an_io_error(spark: Any, tmp_path: Path) -> None:
    with pytest.raises(tthc.MetricsError) as e:
        tthc.spark.metrics(str(tmp_path / "nothing.csv"), as_of=AS_OF)
    assert e.value.kind == "io" and "nothing.csv" in str(e.value)


def test_a_dataframe_of_records_gives_the_rows_of_its_file(spark: Any, inputs: Dict[str, Path]) -> None:
    # Spark's own CSV reader: every column a string, empty = null.
    df = spark.read.csv(str(inputs["small"]), header=True).repartition(3)
    rows = [r.asDict() for r in tthc.spark.kpis(df, as_of=AS_OF).collect()]
    assert rows == tthc.Engine.default().metrics(inputs["small"], as_of=AS_OF).rows


def test_strict_raises_the_first_malformed_line_of_the_file(spark: Any, inputs: Dict[str, Path]) -> None:
    path = inputs["messy"]
    with pytest.raises(tthc.MetricsError) as whole:
        tthc.Engine.default().metrics(path, as_of=AS_OF, strict=True)
    with pytest.raises(tthc.MetricsError) as spread:
        tthc.spark.metrics(lines(spark, path, 8), as_of=AS_OF, strict=True)
    assert spread.value.line == whole.value.line and spread.value.kind == whole.value.kind
    assert str(spread.value) == str(whole.value)


def test_with_deadlines_adds_the_engines_answers(spark: Any, inputs: Dict[str, Path]) -> None:
    import pyarrow as pa

    df = spark.read.csv(str(inputs["messy"]), header=True).limit(20_000).repartition(4)
    out = tthc.spark.with_deadlines(df, as_of=AS_OF, fees=True).toArrow()
    assert out.num_rows == 20_000
    records = out.select(df.columns)
    answers = tthc.arrow.deadlines(records, as_of=AS_OF, fees=True)
    for column in ("status", "on_time", "fee_payable", "problem"):
        assert out.column("tthc_" + column).to_pylist() == answers.column(column).to_pylist(), column
    due = out.column("tthc_due_at").cast(pa.timestamp("us", tz="UTC"))
    assert due.to_pylist() == answers.column("due_at").cast(pa.timestamp("us", tz="UTC")).to_pylist()
    statuses: List[Any] = out.column("tthc_status").to_pylist()
    assert {"on-time", "late"} <= set(statuses)
    problems = [p for p in out.column("tthc_problem").to_pylist() if p]
    assert any(p.startswith("malformed") for p in problems)
