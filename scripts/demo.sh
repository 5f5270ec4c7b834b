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
