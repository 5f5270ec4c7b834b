#!/usr/bin/env bash
# Builds the Python wheel and tests it from a fresh virtual environment:
# creates target/python-venv anew, installs maturin, pytest, numpy, mypy
# (for mypy.stubtest) and pyarrow (for tthc.MetricsState / tthc.arrow), builds
# the wheel with maturin (release, abi3 for CPython >= 3.10, with the test-only
# `test-hooks` feature), installs it with
# pip, runs the pytest suite (bindings/python/tests), the CSV example and
# the Python benchmark (benches/python/bench_decisions.py, figures only).
# Usage: scripts/test-python.sh        (scripts/test.sh calls it)
# Env:   PYTHON=python3.11 to choose the interpreter (default: python3 on PATH,
#        pyenv's on the reference machine; not Debian's externally managed one).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=target/python-venv
WHEELS=target/python-wheels

step() { printf '\n==> %s\n' "$*"; }

step "fresh venv in $VENV ($("$PYTHON" --version))"
rm -rf "$VENV" "$WHEELS"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "maturin>=1.16,<2" "pytest>=8" numpy mypy pyarrow

# The `test-hooks` feature adds `_tthc._panic_for_tests` for the panic test;
# a wheel for users is built without it (maturin's default features).
step "maturin build --release --features test-hooks (wheel)"
(cd bindings/python && "../../$VENV/bin/maturin" build --release --quiet --features test-hooks \
    --interpreter "../../$VENV/bin/python" --out "../../$WHEELS")
wheel=$(ls "$WHEELS"/tthc-*.whl)
echo "built $wheel"

step "pip install the wheel"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel"

step "pytest (the installed wheel; run from the repository root so the source tree is not imported)"
set +e
"$VENV/bin/pytest" bindings/python/tests -q -p no:cacheprovider
status=$?
set -e
# pytest exits 5 when it collected no tests: that is a failure here too.
if [ "$status" -ne 0 ]; then
    echo "python: pytest failed (exit $status)"
    exit 1
fi

# As a user installs it: the wheel in a fresh venv of its own (with the
# numpy extra, as the README says), then the package README's examples, which
# doctest runs and compares with the output the README shows. (The wheel is
# the one built above, with the test-only hooks; the README uses none.)
step "README: the wheel in a fresh venv; bindings/python/README.md's examples"
USER_VENV=target/python-user-venv
rm -rf "$USER_VENV"
"$PYTHON" -m venv "$USER_VENV"
"$USER_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel[numpy]"
readme=bindings/python/README.md
examples=$(grep -c '^>>> ' "$readme")
[ "$examples" -ge 30 ] || { echo "python: $readme has $examples examples; expected its ten calls and more"; exit 1; }
root=$PWD elsewhere=$(mktemp -d)
(cd "$elsewhere" && "$root/$USER_VENV/bin/python" -m doctest -o ELLIPSIS -o NORMALIZE_WHITESPACE "$root/$readme")
echo "README: $examples examples passed"
rm -rf "$USER_VENV" "$elsewhere"

step "example: examples/python/evaluate_csv.py"
"$VENV/bin/python" examples/python/evaluate_csv.py examples/python/sample-dossiers.csv

# Figures only: timings are not tests (this machine is shared), so the
# benchmark prints each figure with its baseline from the same run.
step "benchmark: benches/python/bench_decisions.py (prints, asserts nothing)"
"$VENV/bin/python" benches/python/bench_decisions.py
