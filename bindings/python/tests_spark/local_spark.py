"""The local Spark session of the Spark tests (conftest.py) and of the Spark
benchmark (benches/spark/bench_spark.py), so that both run Spark the same
way: local mode on two cores, no web UI, 2 GB for the driver, errors only
in the log."""

from __future__ import annotations

from typing import Any, Mapping, Optional


def local_session(app: str, conf: Optional[Mapping[str, str]] = None) -> Any:
    """A SparkSession ``local[2]`` named ``app``, with the extra settings
    ``conf`` (Spark's keys, e.g. ``spark.sql.shuffle.partitions``)."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master("local[2]")
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "2g")
    )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
