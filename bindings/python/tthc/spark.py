"""Apache Spark: the KPIs of ``tthc metrics`` and per-record deadlines over a
DataFrame, computed on the executors by the same Rust engine, exact.

``kpis(df, …)`` gives the rows ``Engine.metrics`` gives for the same records
(and ``tthc metrics`` for the same file), whatever the partitioning: each
partition adds its records into a ``tthc.MetricsState`` (through
``mapInArrow``, on the Arrow columns, the GIL released), the states — a few
kilobytes to megabytes, never the records — are merged in a tree on the
executors, and the driver makes the report. ``with_deadlines(df, …)`` adds
the engine's due instant and the dossier's status against it to every row.

``df`` is a file, or a DataFrame of records or of a file's lines:

* a path or URI of one CSV or JSON Lines file (``metrics``/``kpis`` only;
  local, ``hdfs://``, ``s3://`` — what ``pyarrow.fs`` opens): the
  executors read byte ranges of it themselves, cut at line starts, so no
  line goes through the JVM; read exactly as ``tthc metrics`` reads the
  file, the same format (by extension, or ``input=``), malformed lines
  and line numbers. The fastest way in;
* records: columns named after the record fields (``docs/metrics.md``),
  e.g. ``spark.read.csv(path, header=True)`` or a Parquet table; strings
  are read as CSV cells, booleans, integers, timestamps and dates as the
  text a CSV export would hold; other columns are ignored (and noted); or
* the lines of one CSV or JSON Lines file, as ``read_lines(spark, path)``
  gives them (one string column ``value``): read exactly as ``tthc metrics``
  reads the file — the same malformed lines, at the same line numbers.

The catalogue is the wheel's embedded one, or ``catalog=`` a directory: a
path every executor can read, or the name of a directory shipped with the
job (``spark-submit --archives catalog.zip#catalog`` → ``catalog="catalog"``,
or ``sc.addFile(dir, recursive=True)``). See ``docs/spark.md``.

Needs ``pyspark`` and ``pyarrow`` (``pip install tthc[spark]``).
"""

from __future__ import annotations

import datetime
import inspect
import logging
import os
from typing import Any, Callable, Dict, Iterator, Optional, ParamSpec, Tuple, TypeVar, cast

from . import _tthc
from ._errors import MetricsError

__all__ = ["kpis", "metrics", "read_lines", "with_deadlines", "KPI_SCHEMA"]

_log = logging.getLogger("tthc.spark")

#: The schema of ``kpis``' DataFrame: the keys of ``MetricsReport.rows``.
KPI_SCHEMA = (
    "period string, unit_kind string, unit string, unit_name string, kpi string, "
    "value double, numerator double, denominator long, measure string, status string, "
    "target double, gap double, meets_target boolean, target_status string"
)

#: One row per partition: its state's bytes.
_STATE_SCHEMA = "state binary"

_VN = datetime.timezone(datetime.timedelta(hours=7))

_P = ParamSpec("_P")
_R = TypeVar("_R")


def read_lines(spark: Any, path: str) -> Any:
    """The lines of a CSV or JSON Lines file of dossier records, one row per
    line (column ``value``), split at ``\\n`` only, as ``tthc metrics``
    splits them (a CRLF line keeps its ``\\r``, which the reader drops).
    Its partitions are slices of the file in order; for more of them lower
    ``spark.sql.files.maxPartitionBytes``. One file per call: the line
    numbers of the report are that file's."""
    return spark.read.option("lineSep", "\n").text(path)


# --- the catalogue on the executors -----------------------------------------

_ENGINES: Dict[Optional[str], _tthc.Engine] = {}


def _engine(catalog: Optional[str]) -> _tthc.Engine:
    """The engine over the embedded catalogue, or over the directory
    ``catalog``: as given, else as a file shipped with the job
    (``SparkFiles``), else in the task's working directory (``--archives``).
    Loaded once per Python worker."""
    if catalog in _ENGINES:
        return _ENGINES[catalog]
    if catalog is None:
        engine = _tthc.Engine.default()
    else:
        engine = _tthc.Engine.from_dir(_catalog_dir(catalog))
    _ENGINES[catalog] = engine
    return engine


def _catalog_dir(catalog: str) -> str:
    if os.path.isdir(catalog):
        return catalog
    tried = [catalog]
    try:
        from pyspark import SparkFiles  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional dependency

        shipped = SparkFiles.get(os.path.basename(os.path.normpath(catalog)))
        if os.path.isdir(shipped):
            return shipped
        tried.append(shipped)
    except Exception:  # noqa: BLE001 - no SparkContext here: only the plain path counts
        pass
    here = os.path.join(os.getcwd(), os.path.basename(os.path.normpath(catalog)))
    if os.path.isdir(here):
        return here
    tried.append(here)
    raise MetricsError(
        f"catalogue directory {catalog!r} not found on this machine (tried {', '.join(tried)}); "
        "ship it with the job (spark-submit --archives catalog.zip#catalog, or sc.addFile(dir, recursive=True))",
        kind="io",
    )


def _as_of(as_of: Any) -> str:
    """The report instant, fixed once on the driver so that every partition
    judges open dossiers at the same one."""
    if as_of is None:
        return datetime.datetime.now(_VN).replace(microsecond=0).isoformat()
    if isinstance(as_of, datetime.datetime):
        if as_of.tzinfo is None:
            as_of = as_of.replace(tzinfo=_VN)
        return str(as_of.isoformat())
    return str(as_of)


# --- KPIs --------------------------------------------------------------------


def _is_lines(df: Any) -> bool:
    from pyspark.sql.types import BinaryType, StringType  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional dependency

    fields = df.schema.fields
    return len(fields) == 1 and fields[0].name == "value" and isinstance(fields[0].dataType, (StringType, BinaryType))


def _first_line(df: Any) -> Optional[Tuple[int, int, str]]:
    """(partition, line in it, text) of the file's first non-blank line;
    a small job that reads the first partitions only."""

    def first(part: int, rows: Iterator[Any]) -> Iterator[Tuple[int, int, str]]:
        for n, row in enumerate(rows, 1):
            text = row[0]
            if isinstance(text, (bytes, bytearray)):
                text = bytes(text).decode("utf-8", "replace")
            if text not in ("", "\r"):
                yield (part, n, text)
                return

    found = df.rdd.mapPartitionsWithIndex(first).take(1)
    return found[0] if found else None


def _merge(a: bytes, b: bytes) -> bytes:
    state = _tthc.MetricsState.from_bytes(a)
    state.merge(_tthc.MetricsState.from_bytes(b))
    return bytes(state.to_bytes())


# --- KPIs of a file read by the executors ----------------------------------

#: How much of a file a task reads at a time (lines are cut at ``\n``).
_CHUNK = 8 << 20


def _is_path(source: Any) -> bool:
    return isinstance(source, (str, os.PathLike))


def _file(path: Any) -> Tuple[Any, str]:
    """pyarrow's file system for ``path`` (a local path, or a URI such as
    ``hdfs://…``, ``s3://…``, ``file:///…``) and the path in it."""
    from pyarrow import fs  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional dependency

    text = os.fspath(path)
    if "://" not in text:
        return fs.LocalFileSystem(), os.path.abspath(text)
    return cast(Tuple[Any, str], fs.FileSystem.from_uri(text))


def _read(f: Any, size: int, at: int) -> bytes:
    """``size`` bytes of ``f`` from offset ``at`` (fewer at the end)."""
    return bytes(f.read_at(size, at))


def _line_start(f: Any, at: int, size: int) -> int:
    """The offset of the first line that starts at ``at`` or after: just
    past the first ``\n`` at ``at - 1`` or after (``size`` if none)."""
    if at <= 0:
        return 0
    pos = at - 1
    while pos < size:
        block = _read(f, min(1 << 16, size - pos), pos)
        cut = block.find(b"\n")
        if cut >= 0:
            return pos + cut + 1
        pos += len(block)
    return size


def _file_head(path: Any, input: Optional[str]) -> Tuple[str, int, Optional[str], Optional[int]]:
    """(format, size, header text, header offset) of a file, on the driver:
    the format as ``tthc metrics`` takes it (``input``, else by extension:
    ``.jsonl``/``.ndjson``/``.json`` are JSON Lines, anything else CSV), and
    for CSV its first non-blank line (blank: empty or a lone ``\r``) and
    where that line starts."""
    fs, where = _file(path)
    try:
        f = fs.open_input_file(where)
    except (OSError, FileNotFoundError) as e:
        raise MetricsError(f"{os.fspath(path)}: {e}", kind="io") from e
    with f:
        size = f.size()
        ext = os.path.splitext(where)[1]
        fmt = input or ("jsonl" if ext in (".jsonl", ".ndjson", ".json") else "csv")
        if fmt != "csv":
            return fmt, size, None, None
        pos = 0
        while pos < size:
            end = _line_start(f, pos + 1, size)
            line = _read(f, end - pos, pos).rstrip(b"\n")
            if line not in (b"", b"\r"):
                return fmt, size, line.rstrip(b"\r").decode("utf-8", "replace"), pos
            pos = end
        return fmt, size, None, None


def _split_bytes(spark: Any, size: int) -> int:
    """The bytes of a task, as Spark sizes the splits of ``spark.read``:
    ``spark.sql.files.maxPartitionBytes``, smaller for a small file so that
    every core (``spark.sql.files.minPartitionNum``) gets a part."""
    conf = spark.conf
    most = int(conf.get("spark.sql.files.maxPartitionBytes", "134217728").rstrip("bB"))
    cost = int(conf.get("spark.sql.files.openCostInBytes", "4194304").rstrip("bB"))
    cores = int(conf.get("spark.sql.files.minPartitionNum", None) or spark.sparkContext.defaultParallelism)
    return max(1, min(most, max(cost, -(-(size + cost) // max(1, cores)))))


def _file_states(
    spark: Any, path: Any, *, fmt: str, size: int, header: Optional[str], header_at: Optional[int],
    make: Any,
) -> Any:
    """An RDD of state bytes, one per byte range of the file. A range owns
    the lines that start in it (the first line of a range is completed
    from the range before it); the task reads them itself with pyarrow.fs
    and adds them to the state of part ``i``, so that the parts' lines,
    merged in order, are the file's."""
    step = _split_bytes(spark, size)
    ranges = [(i, start, min(size, start + step)) for i, start in enumerate(range(0, max(size, 1), step))]
    text = os.fspath(path)
    if "://" not in text:
        text = os.path.abspath(text)

    def read(task: Tuple[int, int, int]) -> bytes:
        part, start, stop = task
        state = make(part)
        fs, where = _file(text)
        with fs.open_input_file(where) as f:
            whole = f.size()
            pos, end = _line_start(f, start, whole), _line_start(f, stop, whole)
            if fmt == "csv" and header is None:
                pos = end  # nothing but blank lines: no record to read
            while pos < end:
                # Whole lines of about _CHUNK bytes (a longer line whole),
                # read into one bytes object that update_text splits in Rust.
                stop = end if end - pos <= _CHUNK else _line_start(f, pos + _CHUNK, whole)
                data = _read(f, stop - pos, pos)
                at = header_at - pos if header_at is not None and pos <= header_at < stop else None
                state.update_text(data, format=fmt, header=header, header_offset=at)
                pos = stop
        return bytes(state.to_bytes())

    return spark.sparkContext.parallelize(ranges, len(ranges)).map(read)


def metrics(
    df: Any,
    by: str = "province",
    period: str = "month",
    as_of: Any = None,
    strict: bool = False,
    *,
    catalog: Optional[str] = None,
    input: Optional[str] = None,
) -> _tthc.MetricsReport:
    """The whole report (``tthc.MetricsReport``: rows, issues with their
    lines, notes) for the records of ``df``, as ``Engine.metrics`` gives it.
    ``df`` may be a file's path or URI: the active Spark session's tasks
    read byte ranges of it (sized as ``spark.read`` sizes its splits:
    ``spark.sql.files.maxPartitionBytes``). ``input`` forces ``"csv"`` or
    ``"jsonl"`` for a file (default: by extension, as ``tthc metrics``) or
    a DataFrame of lines (default: JSON Lines when the first non-blank line
    starts with ``{``).
    With ``strict=True`` it raises ``tthc.MetricsError`` for the first
    malformed record of the input (its line, and what is wrong)."""
    engine = _engine(catalog)  # on the driver: a broken catalogue fails here
    when = _as_of(as_of)
    # Checks the options on the driver, and is the state an empty input gives.
    empty = _tthc.MetricsState(engine, by=by, period=period, as_of=when, strict=strict)
    zero = bytes(empty.to_bytes())

    def make(part: int) -> Any:
        """The state of part ``part`` (on an executor)."""
        return _tthc.MetricsState(_engine(catalog), by=by, period=period, as_of=when, strict=strict, part=part)

    if _is_path(df):
        form, size, head, head_at = _file_head(df, input)
        states = _file_states(_session(), df, fmt=form, size=size, header=head, header_at=head_at, make=make)
        return _finish(states, zero)
    lines = _is_lines(df)
    fmt: Optional[str] = None
    header: Optional[str] = None
    header_at: Optional[Tuple[int, int]] = None
    if lines:
        first = _first_line(df)
        if first is not None:
            part, line, text = first
            fmt = input or ("jsonl" if text.lstrip().startswith("{") else "csv")
            if fmt == "csv":
                header, header_at = text.rstrip("\r"), (part, line)
        else:
            fmt = input or "csv"

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional dependency
        from pyspark import TaskContext  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional dependency

        context = TaskContext.get()
        part = context.partitionId() if context is not None else 0
        state = make(part)
        for batch in batches:
            if not lines:
                state.update(batch)
            elif fmt == "jsonl":
                state.update_lines(batch, format="jsonl")
            elif header is not None and header_at is not None:
                at = header_at[1] if header_at[0] == part else None
                state.update_lines(batch, format="csv", header=header, header_line=at)
        yield pa.record_batch([pa.array([bytes(state.to_bytes())], pa.binary())], names=["state"])

    states = df.mapInArrow(run, _STATE_SCHEMA).rdd.map(lambda row: bytes(row[0]))
    return _finish(states, zero)


def _finish(states: Any, zero: bytes) -> _tthc.MetricsReport:
    """The report of an RDD of state bytes, merged in a tree on the executors."""
    merged = states.treeAggregate(zero, _merge, _merge, depth=2)
    return _tthc.MetricsState.from_bytes(merged).finish()


def _session() -> Any:
    from pyspark.sql import SparkSession  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional dependency

    return SparkSession.builder.getOrCreate()


def _arguments_of(report: Callable[_P, Any]) -> Callable[[Callable[..., _R]], Callable[_P, _R]]:
    """Gives the decorated function, which hands its arguments on to
    ``report``, the parameters of ``report``: for type checkers and in
    ``help()``, written once, in ``report``."""

    def give(f: Callable[..., _R]) -> Callable[_P, _R]:
        returns = inspect.signature(f).return_annotation
        f.__signature__ = inspect.signature(report).replace(return_annotation=returns)  # type: ignore[attr-defined]
        return f

    return give


@_arguments_of(metrics)
def kpis(df: Any, *args: Any, **options: Any) -> Any:
    """The KPI rows of ``df``'s records as a Spark DataFrame (``KPI_SCHEMA``),
    equal row for row to ``Engine.metrics(records, …).rows``. Malformed
    records are counted and listed, not dropped: a summary is logged
    (logger ``tthc.spark``), and ``metrics(…)`` returns them with their
    lines. Arguments as ``metrics``."""
    report = metrics(df, *args, **options)
    issues = report.issues
    if issues["malformed"] or issues["warnings"]:
        _log.warning(
            "%d records counted; %d malformed records not counted, %d warnings "
            "(tthc.spark.metrics(...).issues lists them with their lines)",
            report.records,
            issues["malformed"],
            issues["warnings"],
        )
    spark = _session() if _is_path(df) else df.sparkSession
    import pyspark  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional dependency

    if int(pyspark.__version__.split(".")[0]) >= 4:
        # Spark 4 takes an Arrow table whole; rows one by one are checked in
        # Python (16 s for 27,000 rows on the benchmark's machine).
        import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional dependency
        from pyspark.sql.pandas.types import to_arrow_schema  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional dependency
        from pyspark.sql.types import StructType  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional dependency

        schema = cast(StructType, StructType.fromDDL(KPI_SCHEMA))
        return spark.createDataFrame(pa.Table.from_pylist(report.rows, to_arrow_schema(schema)), schema)
    return spark.createDataFrame(report.rows, KPI_SCHEMA)


# --- per-record answers ------------------------------------------------------

#: The columns ``with_deadlines`` adds (after the prefix) and their types.
_ANSWERS = ("due_at", "status", "on_time", "fee_payable", "problem")


def with_deadlines(
    df: Any,
    *,
    as_of: Any = None,
    fees: bool = False,
    catalog: Optional[str] = None,
    prefix: str = "tthc_",
) -> Any:
    """``df`` with the engine's answers for each record (``tthc.arrow.deadlines``)
    as five more columns: ``tthc_due_at`` (timestamp), ``tthc_status``
    (early, on-time, late, open, overdue, withdrawn), ``tthc_on_time``,
    ``tthc_fee_payable`` (with ``fees=True``; null when unknown: unknown is
    not zero) and ``tthc_problem`` (why an answer is missing). Computed on
    the executors, a batch of rows at a time, the GIL released."""
    from pyspark.sql.types import BooleanType, LongType, StringType, StructField, StructType, TimestampType  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional dependency

    _engine(catalog)
    when = _as_of(as_of)
    names = [prefix + n for n in _ANSWERS]
    clash = [n for n in names if n in df.columns]
    if clash:
        raise ValueError(f"with_deadlines: df already has column(s) {clash}; give another prefix=")
    types = (TimestampType(), StringType(), BooleanType(), LongType(), StringType())
    schema = StructType(df.schema.fields + [StructField(n, t) for n, t in zip(names, types)])

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional dependency

        engine = _engine(catalog)
        for batch in batches:
            out = _tthc.record_answers(batch, engine, as_of=when, fees=fees)
            answers = pa.record_batch(out)
            columns = list(batch.columns) + [
                answers.column(0).cast(pa.timestamp("us", tz="UTC")),
                *answers.columns[1:],
            ]
            yield pa.RecordBatch.from_arrays(columns, names=list(batch.schema.names) + names)

    return df.mapInArrow(run, schema)
