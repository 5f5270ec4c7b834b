#!/usr/bin/env bash
# The main job on the embedded default catalogue: build the CLI, check the
# catalogue, and answer the questions a one-stop-shop portal asks.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p tthc-cli
tthc() { ./target/release/tthc "$@"; }
run() { printf '\n$ tthc %s\n' "$*"; tthc "$@"; }

run validate
run procedures search dang ky khai sinh
run procedures show ho-tich.dang-ky-khai-sinh --on 2025-08-01 --province "Hà Giang"
run calendar 2026
run lunar 2026-02-17
run workdays add 2026-02-13 3
run evaluate schema/examples/case.json
run deadline --procedure 1.004222 --received 2026-02-13T16:30:00 --channel in-person
printf '\n$ cargo run -p tthc --example due_date\n'
cargo run --release --quiet -p tthc --example due_date
