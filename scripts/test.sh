#!/usr/bin/env bash
# Runs every test of the project from a fresh machine of the `rust` kind:
# formatting, lints, the Rust unit/integration/conformance tests, and (as the
# bindings land) the C, PHP, Java and Python clients. Installs what it needs.
# Usage: scripts/test.sh            (CI calls this through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo doc (warnings are errors: broken or private links, stray HTML)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

step "embedded catalogue validates"
cargo run --quiet --locked -p tthc-cli -- validate

step "zsh, fish and groff for the CLI's completion and manual tests (apt)"
# The tests run bash, zsh and fish on `tthc completions` and groff on `tthc man`;
# under CI=true a missing one fails them instead of being skipped.
need=()
for tool in zsh fish groff; do command -v "$tool" >/dev/null || need+=("$tool"); done
if ((${#need[@]})); then
    need=("${need[@]/groff/groff-base}")
    as_root=""; [ "$(id -u)" -eq 0 ] || as_root="sudo"
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "zsh: $(command -v zsh), fish: $(command -v fish), groff: $(command -v groff)"

step "cargo test (unit, integration, conformance, doc)"
cargo test --workspace --locked 2>&1 | tee target/rust-tests.log
# Summary line for readers of the log; the per-binary lines above are cargo's own.
passed=$(grep -Eo '[0-9]+ passed' target/rust-tests.log | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' target/rust-tests.log | awk '{s+=$1} END {print s+0}')
echo "rust: ${passed} passed, ${failed} failed"
step "Rust: the README's snippet in a new Cargo project"; scripts/test-rust-readme.sh
step "python package (wheel, fresh venv, pytest, example)"; scripts/test-python.sh
step "C ABI: C (valgrind), PHP and Java clients, examples, benchmark"; scripts/test-ffi.sh
step "C clients under AddressSanitizer, UBSan and ThreadSanitizer"; scripts/test-sanitizers.sh
step "Spark local mode: tthc.spark against tthc metrics (pyspark, a JRE)"; scripts/test-spark.sh
step "metrics HTML report in headless Chromium"; scripts/test-metrics-html.sh
