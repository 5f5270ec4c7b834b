#!/usr/bin/env bash
# Runs the C clients of libtthc (examples/c: the ABI contract tests, every
# conformance vector, the 8-thread reload test, the reload faults) under
# sanitizers:
#   - AddressSanitizer + UndefinedBehaviorSanitizer (with LeakSanitizer):
#     out-of-bounds and use-after-free in the clients and at the boundary
#     (ASan's malloc/free/memcpy interceptors also watch the library's heap,
#     which is the system allocator's), undefined behaviour in the clients,
#     leaks of anything the library hands out;
#   - ThreadSanitizer on the concurrency test: races in the client's
#     threads (8 readers, one reloading thread) and on the buffers they
#     exchange with the library. The library itself is not instrumented
#     (stable Rust cannot build it for TSan), so TSan cannot see its
#     synchronisation; examples/c/tsan.supp ignores what it calls.
# gcc's own sanitizer runtimes (libasan, libubsan, libtsan: Debian's gcc
# packages) are used; the library is the release build the hosts link. The
# Rust side runs under AddressSanitizer in the fuzz targets (cargo-fuzz
# builds them with -Zsanitizer=address), including the `abi` target that
# calls every export. Any report fails the script.
# Usage: scripts/test-sanitizers.sh         (scripts/test.sh calls it)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
out=target/sanitizers
mkdir -p "$out"

step "toolchain (apt): gcc with its sanitizer runtimes, cJSON"
packages=(gcc libasan8 libubsan1 libtsan2 libcjson-dev)
scripts/apt-install.sh "${packages[@]}"

step "cargo build --release -p tthc-ffi (libtthc)"
cargo build --release --locked -p tthc-ffi
lib=$PWD/target/release

common=(-O1 -g -fno-omit-frame-pointer -std=c11 -Wall -Wextra -Werror -Iexamples/c -Iinclude)
link=(-L"$lib" -ltthc "-Wl,-rpath,$lib" -lcjson -lpthread)
build() { # build PROGRAM NAME SANITIZER-FLAGS...
    local prog=$1 name=$2
    shift 2
    gcc "${common[@]}" "$@" "examples/c/$prog.c" examples/c/support.c -o "$out/$prog-$name" "${link[@]}"
}

step "C clients with -fsanitize=address,undefined"
for prog in abi_test conformance concurrency faults; do
    build "$prog" asan -fsanitize=address,undefined -fno-sanitize-recover=all
done
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$out/abi_test-asan" tests/fixtures
"$out/conformance-asan" tests/conformance/vectors.json tests/fixtures
"$out/concurrency-asan" tests/fixtures
"$out/faults-asan" tests/fixtures
echo "asan+ubsan: clean"

step "concurrency test with -fsanitize=thread"
build concurrency tsan -fsanitize=thread
# libtthc is not TSan-instrumented: examples/c/tsan.supp says why its
# interceptor calls are ignored.
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/examples/c/tsan.supp \
    "$out/concurrency-tsan" tests/fixtures
echo "tsan: clean"
