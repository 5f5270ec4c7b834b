#!/usr/bin/env bash
# Tests the Java binding (bindings/java) against an installed libtthc:
#  - builds the jar with Maven offline, every artifact from Debian's
#    /usr/share/maven-repo (bindings/java/debian-settings.xml), and runs its
#    JUnit 5 tests through Surefire: every conformance vector through the
#    typed API, and bad input (dates beyond 32 bits, lunar months beyond a
#    byte, closed handles, close() during calls, broken catalogues);
#  - the install test: an empty directory with the built jar, jna.jar and
#    gson.jar on the classpath compiles and runs the snippet of
#    bindings/java/README.md, whose output must be the README's;
#  - examples/java/DueDate.java;
#  - BindingBench: Calendar.isWorkingDay against the bare C call and a typed
#    evaluate against the answer text, as ratios in one run (counts from
#    TTHC_JAVA_BENCH_CALLS and TTHC_JAVA_BENCH_EVALUATIONS).
# Usage: scripts/test-java.sh   (scripts/test-ffi.sh calls it after it has
# installed the tools and staged the library in target/ffi/prefix; set
# TTHC_PREFIX to use another prefix). Ends with "java: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

step() { printf '\n==> %s\n' "$*"; }
prefix=${TTHC_PREFIX:-$root/target/ffi/prefix}
if [ ! -f "$prefix/lib/libtthc.so" ]; then
    echo "error: no libtthc.so under $prefix/lib; run scripts/test-ffi.sh (it stages it)"
    exit 1
fi
# The README's output is UTF-8 (Vietnamese names); the JVM writes stdout in the locale's charset.
export LC_ALL=C.UTF-8
out=$root/target/java
java_dir=/usr/share/java

step "Java: mvn package (offline, Debian's Maven repository), JUnit 5 through Surefire"
set +e
log=$(mvn -B -s bindings/java/debian-settings.xml -f bindings/java/pom.xml \
    -Dmaven.repo.local="$out/m2" -Dtthc.lib.dir="$prefix/lib" package 2>&1)
status=$?
set -e
# Surefire's total is the last "Tests run:" line (after "Results:").
totals=$(grep -E '^\[[A-Z]+\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' <<<"$log" | tail -1 || true)
read -r run failures errors skipped <<<"$(grep -Eo '[0-9]+' <<<"${totals:-0 0 0 0}" | tr '\n' ' ')"
if [ "$status" -ne 0 ] || [ -z "$totals" ] || [ "$skipped" -ne 0 ]; then
    echo "$log"
    echo "java: $((run - failures - errors - skipped)) passed, $((failures + errors + skipped)) failed"
    exit 1
fi
grep -E 'Tests run:|Building jar|BUILD' <<<"$log"
jar=bindings/java/target/tthc-0.1.0.jar

step "Java: the README snippet in an empty directory, the jar on the classpath"
app=$out/app
rm -rf "$app"
mkdir -p "$app/lib"
cp "$jar" "$java_dir/jna.jar" "$java_dir/gson.jar" "$app/lib/"
readme=bindings/java/README.md
# The first ```java block is the snippet, the ```text block after it its output.
awk '/^```java$/ {on=1; next} on && /^```$/ {exit} on' "$readme" >"$app/snippet.java"
awk '/^```java$/ {seen=1} seen && /^```text$/ {on=1; next} on && /^```$/ {exit} on' "$readme" >"$app/expected.txt"
class=$(grep -Eo '^public class [A-Za-z0-9_]+' "$app/snippet.java" | awk '{print $3}')
[ -n "$class" ] && [ -s "$app/expected.txt" ] || { echo "error: no java snippet with a public class and text output in $readme"; exit 1; }
mv "$app/snippet.java" "$app/$class.java"
(cd "$app" && javac -cp 'lib/*' "$class.java" && java -Djna.library.path="$prefix/lib" -cp 'lib/*:.' "$class" >actual.txt)
diff -u "$app/expected.txt" "$app/actual.txt"
echo "the snippet printed what the README says"

step "Java: examples/java/DueDate.java"
mkdir -p "$app/example"
javac -cp "$app/lib/*" -d "$app/example" examples/java/DueDate.java
java -Djna.library.path="$prefix/lib" -cp "$app/lib/*:$app/example" DueDate

step "Java: what the binding costs over its C calls, same run (bindings/java/src/bench)"
mkdir -p "$out/bench"
javac --release 8 -cp "$app/lib/*" -d "$out/bench" bindings/java/src/bench/java/vn/tthc/BindingBench.java
java -Djna.library.path="$prefix/lib" -cp "$app/lib/*:$out/bench" vn.tthc.BindingBench \
    "${TTHC_JAVA_BENCH_CALLS:-300000}" "${TTHC_JAVA_BENCH_EVALUATIONS:-5000}"

echo
echo "java: $((run + 1)) passed, 0 failed"
