"""Fixtures of the Spark tests (scripts/test-spark.sh runs them): one local
Spark session, and the made-up inputs — a file of ``TTHC_SPARK_RECORDS``
records written by ``tthc synth`` (default 1,000,000) and a messy copy of it.

``TTHC_CLI`` is the ``tthc`` binary the script built.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import messy  # noqa: E402 - the messy-copy maker next to this file
from local_spark import local_session  # noqa: E402 - the session the bench uses too

CLI = os.environ.get("TTHC_CLI", "target/release/tthc")
RECORDS = int(os.environ.get("TTHC_SPARK_RECORDS", "1000000"))


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    # A file is cut into exactly the partitions the tests ask for
    # (maxPartitionBytes), not into at least one per core.
    session = local_session(
        "tthc-tests", {"spark.sql.files.minPartitionNum": "1", "spark.sql.shuffle.partitions": "2"}
    )
    yield session
    session.stop()


@pytest.fixture(scope="session")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Path]:
    """``clean``: ``tthc synth RECORDS --seed 7``; ``messy``: the same with
    about one line in a hundred broken (messy.py); ``small``: 100,000
    records, for Spark's own (slower) CSV reader."""
    work = tmp_path_factory.mktemp("spark-inputs")
    clean = work / "synthetic.csv"
    subprocess.run([CLI, "synth", str(RECORDS), "--seed", "7", "-o", str(clean)], check=True)
    dirty = work / "synthetic-messy.csv"
    messy.make(clean, dirty, seed=17)
    small = work / "synthetic-small.csv"
    subprocess.run([CLI, "synth", str(min(RECORDS, 100_000)), "--seed", "8", "-o", str(small)], check=True)
    return {"clean": clean, "messy": dirty, "small": small}
