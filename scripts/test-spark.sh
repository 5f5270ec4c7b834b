#!/usr/bin/env bash
# Tests tthc.spark in Spark local mode (bindings/python/tests_spark): the KPIs
# of a synthetic file of a million records (`tthc synth`) and of a messy copy
# from `tthc metrics`, `Engine.metrics` and `tthc.spark.kpis` on 1, 2 and 8
# partitions are the same, byte for byte; `with_deadlines` adds the engine's
# answers. Installs what it needs: a Java runtime from apt when `java` is
# missing, and pyspark, pyarrow and pandas (mapInArrow checks for it) from PyPI
# into its own venv (target/spark-venv).
# Usage: scripts/test-spark.sh        (scripts/test.sh calls it after test-ffi.sh)
# Env:   PYTHON (as test-python.sh), TTHC_SPARK_RECORDS (default 1000000),
#        TTHC_SPARK_VENV (another venv to use, default target/spark-venv).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
ROOT="$PWD"
VENV="${TTHC_SPARK_VENV:-target/spark-venv}"
WHEELS=target/spark-wheels

step() { printf '\n==> %s\n' "$*"; }

command -v java >/dev/null || scripts/apt-install.sh openjdk-17-jre-headless
echo "java: $(java -version 2>&1 | head -1)"

step "venv $VENV with pyspark and pyarrow (PyPI)"
case "$VENV" in /*) py="$VENV/bin/python" ;; *) py="$ROOT/$VENV/bin/python" ;; esac
[ -x "$py" ] || "$PYTHON" -m venv "$VENV"
"$py" -m pip install --quiet --disable-pip-version-check \
    "pyspark>=4,<5" pyarrow "pandas<3" "pytest>=8" "maturin>=1.16,<2"

# The same build as test-python.sh's (features, and its interpreter when its
# venv is there: the wheel is abi3), so cargo reuses it instead of rebuilding.
step "maturin build --release --features test-hooks (wheel)"
# (The same strings as test-python.sh's: cargo reruns pyo3's build script when
# the interpreter path it is given changes.)
builder=../../target/python-venv/bin/python
[ -x "bindings/python/${builder%/python}/maturin" ] || builder="$py"
rm -rf "$WHEELS"
(cd bindings/python && "${builder%/python}/maturin" build --release --quiet --features test-hooks \
    --interpreter "$builder" --out "$ROOT/$WHEELS")
"$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps \
    "$(ls "$WHEELS"/tthc-*.whl)"

step "cargo build --release -p tthc-cli (tthc synth, tthc metrics)"
cargo build --release --locked --quiet -p tthc-cli

step "pytest bindings/python/tests_spark (Spark local[2])"
# Spark's Python workers must run the venv's interpreter (the wheel is there).
export PYSPARK_PYTHON="$py" PYSPARK_DRIVER_PYTHON="$py"
export TTHC_CLI="$PWD/target/release/tthc"
set +e
"$py" -m pytest bindings/python/tests_spark -q -p no:cacheprovider
status=$?
set -e
if [ "$status" -ne 0 ]; then
    echo "spark: pytest failed (exit $status)"
    exit 1
fi
