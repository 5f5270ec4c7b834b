#!/usr/bin/env bash
# Fuzzes every parser and fast path with cargo-fuzz (libFuzzer), where a
# nightly toolchain exists. The targets are in fuzz/ (one line each); their
# checks are in crates/tthc/src/fuzzing.rs and crates/tthc-ffi/src/fuzzing.rs,
# where `cargo test` replays the committed corpora (fuzz/corpus/<target>/)
# on stable, with or without this script.
#
# Usage: scripts/test-fuzz.sh [SECONDS] [TARGET...]
#   SECONDS  per target (default $TTHC_FUZZ_SECONDS, else 0 = build only)
#   TARGET   default: every target of fuzz/Cargo.toml
# Env:  TTHC_FUZZ_CMIN=1   minimise each corpus afterwards (cargo fuzz cmin)
#       TTHC_FUZZ_KEEP=1   add the new inputs to fuzz/corpus/<target>/
#                          (otherwise they go to target/fuzz-corpus/ only)
# Without a nightly toolchain it says so and exits 0: CI promises stable only.
# Each run's log is target/fuzz-logs/<target>.log; its last lines give the
# executions ("Done N runs in S second(s)"). A finding fails the script and
# leaves its input in fuzz/artifacts/<target>/ (replay it with
# `cargo +nightly fuzz run <target> <file>`, then add a regression test).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-${TTHC_FUZZ_SECONDS:-0}}
shift || true
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "fuzz: no nightly toolchain; not fuzzing (the corpora replay in cargo test)"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz"
    cargo install cargo-fuzz --locked --quiet
fi
targets=("$@")
if ((${#targets[@]} == 0)); then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi

echo "fuzz: building ${targets[*]}"
cargo +nightly fuzz build
if [ "$seconds" -le 0 ]; then
    echo "fuzz: built; no time budget (set TTHC_FUZZ_SECONDS), so no run"
    exit 0
fi

mkdir -p target/fuzz-logs
for t in "${targets[@]}"; do
    scratch=target/fuzz-corpus/$t
    mkdir -p "$scratch"
    dirs=("$scratch" "fuzz/corpus/$t")
    [ "${TTHC_FUZZ_KEEP:-0}" = 1 ] && dirs=("fuzz/corpus/$t")
    log=target/fuzz-logs/$t.log
    echo "fuzz: $t for ${seconds}s (log $log)"
    if ! cargo +nightly fuzz run "$t" "${dirs[@]}" -- \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 \
        -print_final_stats=1 >"$log" 2>&1; then
        tail -40 "$log"
        echo "fuzz: $t found a failure; its input is in fuzz/artifacts/$t/"
        exit 1
    fi
    grep -E '^Done [0-9]+ runs' "$log" | sed "s/^/fuzz: $t: /"
    if [ "${TTHC_FUZZ_CMIN:-0}" = 1 ]; then
        cargo +nightly fuzz cmin "$t" "fuzz/corpus/$t" >>"$log" 2>&1
        echo "fuzz: $t corpus minimised to $(ls "fuzz/corpus/$t" | wc -l) inputs"
    fi
done
