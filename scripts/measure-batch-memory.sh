#!/usr/bin/env bash
# Peak memory of the batch calls (#15: peak <= 4x the size of input plus
# output), measured with /usr/bin/time -v, not in a timed test:
#   C       tthc_evaluate_batch / tthc_deadline_batch (benches/c/batch_memory.c)
#   Python  Engine.evaluate_many / deadline_many (target/python-venv, made by
#           scripts/test-python.sh; skipped when it is not there)
#   PHP     Engine::evaluateBatch / deadlineBatch (one C call; every answer
#           held, as its text until read; without --check also with every
#           result read, not checked) and evaluateEach / deadlineEach
#           (the cases read lazily from JSON Lines, a chunk of 1,000 per
#           call) (benches/php; skipped without php)
#   Java    the same (benches/java; skipped without javac)
# Each is run twice, with the batch and without it: the engine and the
# cases as the host holds them before the call (Python: dicts; PHP: arrays;
# Java: Case objects; C: an empty batch, so its input text counts), or for
# *Each, which reads the cases lazily, the engine alone. The batch's cost
# is the difference of the two peak RSS figures, reported as a multiple of
# input + output (the requests' JSON and the answers' JSON, which the C run
# gives); what the host's cases take is printed on its own line, not
# checked. Every run must answer every case.
#
# With --check it fails (exit 1) when a batch call's cost is above 4x input
# + output, naming it: scripts/test-ffi.sh runs `--check 20000` (about a
# second per program); docs/reliability.md's figures come from a full run.
# Usage: scripts/measure-batch-memory.sh [--check] [CASES]   (default 140000, ~14 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
if [ "${1:-}" = --check ]; then
    check=1
    shift
fi
cases=${1:-140000}
limit=4
out=target/batch-memory
mkdir -p "$out"

# The packages scripts/test-ffi.sh builds: the same features, so no rebuild.
cargo build --release --locked -p tthc-ffi -p tthc-cli >/dev/null
gcc -O2 -std=c11 -Wall -Wextra -Werror -Iexamples/c -Iinclude benches/c/batch_memory.c \
    -o "$out/batch_memory" -Ltarget/release -ltthc "-Wl,-rpath,$PWD/target/release"

# Made-up cases over a few procedures, channels and dates.
python3 - "$cases" "$out/requests.json" "$out/requests.jsonl" <<'PY'
import json, sys
n, path, lines = int(sys.argv[1]), sys.argv[2], sys.argv[3]
procs = ["cu-tru.dang-ky-thuong-tru", "ho-tich.dang-ky-khai-sinh", "cu-tru.dang-ky-tam-tru",
         "ho-tich.dang-ky-ket-hon", "1.001193"]
chans = ["national-portal", "provincial-portal", "in-person", "postal"]
with open(path, "w") as f, open(lines, "w") as jl:
    f.write("[")
    for i in range(n):
        case = {"procedure": procs[i % len(procs)], "channel": chans[i % 4],
                "submitted_at": "2025-%02d-%02dT%02d:%02d:00" % (1 + i % 12, 1 + i % 28, 7 + i % 10, i % 60)}
        if i % 3 == 0:
            case["province"] = "ha-noi"
        f.write(("," if i else "") + json.dumps(case))
        jl.write(json.dumps(case) + "\n")
    f.write("]")
PY
echo "[]" >"$out/empty.json"

php=()
if command -v php >/dev/null; then
    php=(env TTHC_LIB="$PWD/target/release/libtthc.so" TTHC_HEADER="$PWD/include/tthc_php.h"
        php -d ffi.enable=1 -d memory_limit=-1 benches/php/batch_memory.php)
fi
java=()
if command -v javac >/dev/null && [ -f /usr/share/java/gson.jar ] && [ -f /usr/share/java/jna.jar ]; then
    cp=/usr/share/java/gson.jar:/usr/share/java/jna.jar
    rm -rf "$out/java" && mkdir -p "$out/java"
    javac -d "$out/java" -cp "$cp" $(find bindings/java/src/main/java -name '*.java') benches/java/BatchMemory.java
    # The serial collector, starting from a small heap: the peak then follows
    # what is held. (With the default G1 and a quarter of the RAM as its
    # limit, garbage is collected late and the peak follows heap policy.)
    java=(java -XX:+UseSerialGC -Xms16m -Djna.library.path="$PWD/target/release" -cp "$out/java:$cp" BatchMemory)
fi

# The peak RSS in kB of a command. A bench that ran a batch prints how many
# answers it got ("answered N failed M", or the number alone): it must be
# one per case.
peak() {
    local log=$out/run.log answers
    if ! /usr/bin/time -v "$@" >"$log.out" 2>"$log.err"; then
        cat "$log.out" "$log.err" >&2
        echo "error: failed: $*" >&2
        return 1
    fi
    answers=$(awk '/^answered/ {print $2 + $4; exit} /^[0-9]+$/ {print $1; exit}' "$log.out")
    if [ -n "$answers" ] && [ "$answers" != 0 ] && [ "$answers" != "$cases" ]; then
        echo "error: $answers answers for $cases cases: $*" >&2
        return 1
    fi
    awk '/Maximum resident set size/ {print $6}' "$log.err"
}
over=()
checked=0
ratio() { # ratio NAME PEAK_KB BASE_KB IN OUT [unchecked]: prints; with --check, fails above the limit
    local this=$check
    [ "${6:-}" != unchecked ] || this=0
    checked=$((checked + this))
    awk -v n="$1" -v p="$2" -v b="$3" -v i="$4" -v o="$5" -v limit="$limit" -v check="$this" 'BEGIN {
        d = (p - b) * 1024; r = d / (i + o)
        printf "%-26s peak %7.1f MB, without the batch %6.1f MB: +%7.1f MB = %.2fx input+output (%.1f MB + %.1f MB)%s\n",
            n, p / 1024, b / 1024, d / 1048576, r, i / 1048576, o / 1048576, (check && r > limit) ? "  OVER " limit "x" : ""
        exit (check && r > limit) }' || over+=("$1")
}

modes() { # modes HOST COMMAND...: the PHP or Java bench, batch and each
    local host=$1 base held full
    shift
    (($#)) || return 0
    base=$(peak "$@" "$op" none "$out/requests.jsonl")
    held=$(peak "$@" "$op" cases "$out/requests.jsonl")
    ratio "$host cases as objects" "$held" "$base" "$in" "$outb" unchecked
    full=$(peak "$@" "$op" batch "$out/requests.jsonl")
    ratio "$host ${op}Batch" "$full" "$held" "$in" "$outb"
    if ((!check)); then
        full=$(peak "$@" "$op" read "$out/requests.jsonl")
        ratio "$host ${op}Batch, all read" "$full" "$held" "$in" "$outb" unchecked
    fi
    full=$(peak "$@" "$op" each "$out/requests.jsonl")
    ratio "$host ${op}Each" "$full" "$base" "$in" "$outb"
}

for op in evaluate deadline; do
    sizes=$("$out/batch_memory" "$op" "$out/requests.json")
    in=$(awk '/input_bytes/ {print $2}' <<<"$sizes")
    outb=$(awk '/output_bytes/ {print $2}' <<<"$sizes")
    base=$(peak "$out/batch_memory" "$op" "$out/empty.json")
    full=$(peak "$out/batch_memory" "$op" "$out/requests.json")
    ratio "C tthc_${op}_batch" "$full" "$base" "$in" "$outb"
    if [ -x target/python-venv/bin/python ]; then
        py=(target/python-venv/bin/python benches/python/batch_memory.py "$op" "$out/requests.json")
        base=$(peak "${py[@]}" --no-batch)
        full=$(peak "${py[@]}")
        ratio "Python ${op}_many" "$full" "$base" "$in" "$outb"
    fi
    modes PHP "${php[@]}"
    modes Java "${java[@]}"
done
if ((check)); then
    echo "batch memory: $((checked - ${#over[@]})) passed, ${#over[@]} failed (at most ${limit}x input+output on $cases cases)"
    if ((${#over[@]})); then
        echo "above ${limit}x: ${over[*]}"
        exit 1
    fi
fi
