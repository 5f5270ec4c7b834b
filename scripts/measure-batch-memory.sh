#!/usr/bin/env bash
# Peak memory of the batch calls (#15: peak <= 4x the size of input plus
# output), measured with /usr/bin/time -v, not in a timed test:
#   C       tthc_evaluate_batch / tthc_deadline_batch (benches/c/batch_memory.c)
#   Python  Engine.evaluate_many / deadline_many (target/python-venv, made by
#           scripts/test-python.sh; skipped when it is not there)
#   PHP     Engine::evaluateBatch / deadlineBatch (every request and answer
#           at once) and evaluateEach / deadlineEach (the cases read lazily
#           from JSON Lines, a chunk of 1,000 per call) (benches/php;
#           skipped without php)
#   Java    the same four (benches/java; skipped without javac)
# Each is run twice, with the batch and without it (the engine alone;
# for Python, the engine and the cases as dicts, which evaluate_many takes); the
# batch's cost is the difference of the two peak RSS figures, reported as a
# multiple of input + output (the requests' JSON and the answers' JSON,
# which the C run gives).
# Usage: scripts/measure-batch-memory.sh [CASES]   (default 140000, ~14 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-140000}
out=target/batch-memory
mkdir -p "$out"

cargo build --release --locked -p tthc-ffi >/dev/null
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

peak() { # peak RSS in kB of a command
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/ {print $6}'
}
ratio() { # ratio NAME PEAK_KB BASE_KB IN OUT
    awk -v n="$1" -v p="$2" -v b="$3" -v i="$4" -v o="$5" 'BEGIN {
        d = (p - b) * 1024; printf "%-26s peak %7.1f MB, without the batch %6.1f MB: +%7.1f MB = %.2fx input+output (%.1f MB + %.1f MB)\n",
        n, p / 1024, b / 1024, d / 1048576, d / (i + o), i / 1048576, o / 1048576 }'
}

modes() { # modes HOST COMMAND...: the PHP or Java bench, batch and each
    local host=$1 base full
    shift
    (($#)) || return 0
    base=$(peak "$@" "$op" none "$out/requests.jsonl")
    full=$(peak "$@" "$op" batch "$out/requests.jsonl")
    ratio "$host ${op}Batch" "$full" "$base" "$in" "$outb"
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
