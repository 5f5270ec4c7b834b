"""A Spark job: the KPIs of a CSV or JSON Lines file of dossier records, by
province and month, written as CSV, and the malformed records listed with
their line numbers — the report ``tthc metrics FILE`` prints, computed on the
cluster's executors.

    spark-submit examples/spark/kpis_job.py records.csv kpis-out [--catalog catalog]

On one machine: ``python examples/spark/kpis_job.py records.csv kpis-out``
(``pip install pyspark`` and the tthc wheel). On a cluster, see docs/spark.md
(the wheel in the executors' Python, a custom catalogue shipped with
``--archives catalog.zip#catalog``).
"""

from __future__ import annotations

import argparse

from pyspark.sql import SparkSession

import tthc.spark


def main() -> None:
    ap = argparse.ArgumentParser(description="KPIs of dossier records on Spark")
    ap.add_argument("records", help="a CSV or JSON Lines file of dossier records (docs/metrics.md)")
    ap.add_argument("out", help="directory for the KPI rows (CSV)")
    ap.add_argument("--by", default="province", choices=["province", "agency", "sector", "procedure"])
    ap.add_argument("--period", default="month", choices=["month", "quarter", "year"])
    ap.add_argument("--as-of", default=None, help="RFC 3339 instant open dossiers are judged at (default: now)")
    ap.add_argument("--catalog", default=None, help="a catalogue directory shipped with the job (default: embedded)")
    args = ap.parse_args()

    spark = SparkSession.builder.appName("tthc-kpis").getOrCreate()
    # The file itself: the executors read byte ranges of it, exactly as
    # `tthc metrics` reads it (the report's line numbers are the file's).
    report = tthc.spark.metrics(args.records, args.by, args.period, args.as_of, catalog=args.catalog)

    rows = spark.createDataFrame(report.rows, tthc.spark.KPI_SCHEMA)
    rows.coalesce(1).write.mode("overwrite").option("header", True).csv(args.out)

    issues = report.issues
    print(f"{report.records} records counted; {issues['malformed']} malformed, {issues['warnings']} warnings")
    for issue in issues["listed"][:20]:
        print(f"  line {issue['line']}: {issue['kind']}: {issue['message']}")
    spark.stop()


if __name__ == "__main__":
    main()
