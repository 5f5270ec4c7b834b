#!/usr/bin/env bash
# Builds libtthc (crates/tthc-ffi) and runs its real clients: C (under
# valgrind), PHP over FFI (scripts/test-php.sh), Java over JNA
# (scripts/test-java.sh), the due-date examples, the memory of every batch
# call (scripts/measure-batch-memory.sh --check: at most 4x input + output)
# and the C benchmark. Installs
# what it needs from Debian's apt (Maven's plugins too: the Java build is
# offline, from /usr/share/maven-repo). Called by scripts/test.sh; runs on
# its own too.
#
# Fails when include/tthc.h, include/tthc_php.h or
# tests/conformance/vectors.json differ from what is committed (they are
# generated: commit the regenerated files). A developer running this before
# committing them may set TTHC_ALLOW_UNCOMMITTED=1 to accept files that are
# not tracked yet; modified tracked files always fail.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

step() { printf '\n==> %s\n' "$*"; }
out=target/ffi
mkdir -p "$out"
total_passed=0
total_failed=0
# Adds the "N passed, N failed" counts of a client's summary line.
count() {
    local line
    line=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' <<<"$1" | tail -1)
    total_passed=$((total_passed + $(awk '{print $1}' <<<"$line")))
    total_failed=$((total_failed + $(awk '{print $3}' <<<"$line")))
}

step "client toolchains (apt)"
packages=(gcc pkg-config valgrind time libcjson-dev php-cli phpunit composer default-jdk-headless maven
    libjna-java junit5 libgoogle-gson-java libmaven-compiler-plugin-java libmaven-jar-plugin-java
    libmaven-resources-plugin-java libmaven-install-plugin-java libsurefire-java)
scripts/apt-install.sh "${packages[@]}"

step "cargo build --release (libtthc, the native benchmark, the CLI)"
cargo build --release --locked -p tthc-ffi -p tthc-cli

step "generated files are fresh"
# The headers come from the exports through a pinned cbindgen (xtask/), not
# from a build script: a build may write only into target/.
cargo run --quiet --locked -p xtask -- headers
./target/release/tthc conformance export -o tests/conformance/vectors.json
stale=0
for f in include/tthc.h include/tthc_php.h tests/conformance/vectors.json; do
    if ! git ls-files --error-unmatch "$f" >/dev/null 2>&1; then
        if [ "${TTHC_ALLOW_UNCOMMITTED:-0}" = 1 ]; then
            echo "warning: $f is not committed yet"
        else
            echo "error: $f is generated but not committed; commit it"
            stale=1
        fi
    fi
done
git diff --exit-code -- include/ tests/conformance/vectors.json || stale=1
if [ "$stale" = 1 ]; then
    echo "error: generated files differ from the committed ones (see above); commit the regenerated files"
    exit 1
fi
echo "include/tthc.h, include/tthc_php.h and tests/conformance/vectors.json match the build"

step "staged install with pkg-config (target/ffi/prefix)"
prefix=$root/$out/prefix
rm -rf "$prefix"
mkdir -p "$prefix/lib/pkgconfig" "$prefix/include"
cp target/release/libtthc.so target/release/libtthc.a "$prefix/lib/"
cp include/tthc.h include/tthc_php.h "$prefix/include/"
version=$(grep -m1 '^version' Cargo.toml | sed 's/.*"\(.*\)".*/\1/')
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" crates/tthc-ffi/tthc.pc.in >"$prefix/lib/pkgconfig/tthc.pc"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
echo "pkg-config tthc: $(pkg-config --modversion tthc) $(pkg-config --cflags --libs tthc)"

step "C: build the clients (gcc, -Werror)"
cflags=(-O2 -g -std=c11 -Wall -Wextra -Werror -Iexamples/c $(pkg-config --cflags tthc))
ldflags=($(pkg-config --libs tthc) "-Wl,-rpath,$prefix/lib")
for prog in abi_test conformance concurrency faults; do
    gcc "${cflags[@]}" "examples/c/$prog.c" examples/c/support.c -o "$out/$prog" "${ldflags[@]}" -lcjson -lpthread
done
gcc "${cflags[@]}" examples/c/due_date.c -o "$out/due_date" "${ldflags[@]}"
gcc "${cflags[@]}" examples/c/due_date.c -o "$out/due_date_static" \
    -L"$prefix/lib" -l:libtthc.a $(pkg-config --static --libs-only-l tthc | sed 's/-ltthc//')
gcc "${cflags[@]}" benches/c/bench.c examples/c/support.c -o "$out/bench" "${ldflags[@]}"
echo "built: abi_test conformance concurrency faults due_date due_date_static bench"

vg=(valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect,possible
    --error-exitcode=9 --suppressions=examples/c/valgrind.supp)

step "C: ABI contract tests under valgrind"
log=$("${vg[@]}" "$out/abi_test" tests/fixtures 2>&1) || { echo "$log"; exit 1; }
echo "$log"
count "$log"

step "C: every conformance vector under valgrind"
log=$("${vg[@]}" "$out/conformance" tests/conformance/vectors.json tests/fixtures 2>&1) || { echo "$log"; exit 1; }
echo "$log"
count "$log"

step "C: a failed reload (tree vanished, file unreadable, half-written, not UTF-8) keeps the catalogue, under valgrind"
log=$("${vg[@]}" "$out/faults" tests/fixtures 2>&1) || { echo "$log"; exit 1; }
echo "$log"
count "$log"
echo "valgrind: 0 errors, 0 leaks (definite, indirect, possible) in the three runs"

step "C: 8 threads evaluating while the catalogue is reloaded 100 times"
log=$("$out/concurrency" tests/fixtures 2>&1) || { echo "$log"; exit 1; }
echo "$log"
count "$log"

step "C: due-date example (shared and static library)"
"$out/due_date"
"$out/due_date_static"

step "PHP: the Composer package (scripts/test-php.sh)"
log=$(TTHC_PREFIX=$prefix scripts/test-php.sh 2>&1) || { echo "$log"; exit 1; }
echo "$log"
count "$log"

step "Java: the Maven build and its jar (scripts/test-java.sh)"
log=$(TTHC_PREFIX=$prefix scripts/test-java.sh 2>&1) || { echo "$log"; exit 1; }
echo "$log"
count "$log"

step "batch memory: C, Python, PHP and Java batch calls within 4x input + output (20,000 cases)"
log=$(scripts/measure-batch-memory.sh --check 20000 2>&1) || { echo "$log"; exit 1; }
echo "$log"
count "$log"

step "benchmark: C ABI vs native Rust, same run"
"$out/bench" benches/c/case.json target/release/tthc-native-bench "${TTHC_BENCH_ITERATIONS:-50000}" \
    "${TTHC_BENCH_CALENDAR_ITERATIONS:-2000000}"

echo
echo "ffi: ${total_passed} passed, ${total_failed} failed"
[ "$total_failed" -eq 0 ]
