#!/usr/bin/env bash
# Tests the PHP package (bindings/php) against an installed libtthc:
#  - composer validate --strict;
#  - PHPUnit (Debian's) through Composer's autoloader: every conformance
#    vector through the typed API, and bad input (out-of-range integers,
#    dates, closed handles, broken catalogues);
#  - the install test: a new Composer project outside the repository
#    requires the package (a path repository, copied, Packagist off: offline)
#    and runs the snippet of bindings/php/README.md, whose output must be
#    the README's; the library is found through pkg-config, with no
#    configuration;
#  - examples/php/due_date.php;
#  - bindings/php/bench/binding_bench.php: Calendar::isWorkingDay against the
#    bare FFI call and a typed evaluate against callRaw + json_decode, as
#    ratios in one run (counts from TTHC_PHP_BENCH_CALLS and
#    TTHC_PHP_BENCH_EVALUATIONS).
# Usage: scripts/test-php.sh   (scripts/test-ffi.sh calls it after it has
# installed the tools and staged the library in target/ffi/prefix; set
# TTHC_PREFIX to use another prefix). Ends with "php: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

step() { printf '\n==> %s\n' "$*"; }
prefix=${TTHC_PREFIX:-$root/target/ffi/prefix}
if [ ! -f "$prefix/lib/libtthc.so" ] || [ ! -f "$prefix/include/tthc_php.h" ]; then
    echo "error: no libtthc.so and tthc_php.h under $prefix; run scripts/test-ffi.sh (it stages them)"
    exit 1
fi
# Every PHP process below finds the library the way an installed one is found.
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
unset TTHC_LIB TTHC_HEADER
php=(php -d ffi.enable=1)

step "PHP: composer validate --strict, composer dump-autoload (offline)"
(cd bindings/php && composer validate --strict --no-interaction && composer dump-autoload --no-interaction)

step "PHP: PHPUnit over Composer's autoloader"
set +e
log=$(cd bindings/php && "${php[@]}" /usr/bin/phpunit 2>&1)
status=$?
set -e
echo "$log" | tail -4
passed=$(grep -Eo 'OK \([0-9]+ tests' <<<"$log" | grep -Eo '[0-9]+' || true)
if [ "$status" -ne 0 ] || [ -z "$passed" ]; then
    echo "$log"
    total=$(grep -Eo 'Tests: [0-9]+' <<<"$log" | grep -Eo '[0-9]+' || echo 0)
    bad=$(grep -Eo '(Failures|Errors): [0-9]+' <<<"$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
    echo "php: $((total - bad)) passed, ${bad} failed"
    exit 1
fi

step "PHP: install into a new Composer project and run the README snippet"
app=$root/target/ffi/php-app
rm -rf "$app"
mkdir -p "$app"
cat >"$app/composer.json" <<JSON
{
    "name": "example/portal",
    "description": "A portal that uses tthc (made up by scripts/test-php.sh)",
    "type": "project",
    "license": "MIT",
    "repositories": [
        {"type": "path", "url": "$root/bindings/php", "options": {"symlink": false}},
        {"packagist.org": false}
    ],
    "require": {"tthc/tthc": "*@dev"}
}
JSON
(cd "$app" && composer install --no-interaction --no-progress 2>&1 | tail -3)
[ ! -L "$app/vendor/tthc/tthc" ] || { echo "error: the package is a symlink into the checkout, not a copy"; exit 1; }
readme=bindings/php/README.md
# The first ```php block is the snippet, the ```text block after it its output.
awk '/^```php$/ {on=1; next} on && /^```$/ {exit} on' "$readme" >"$app/snippet.php"
awk '/^```php$/ {seen=1} seen && /^```text$/ {on=1; next} on && /^```$/ {exit} on' "$readme" >"$app/expected.txt"
[ -s "$app/snippet.php" ] && [ -s "$app/expected.txt" ] || { echo "error: no php snippet and text output in $readme"; exit 1; }
(cd "$app" && "${php[@]}" snippet.php >actual.txt)
diff -u "$app/expected.txt" "$app/actual.txt"
(cd "$app" && "${php[@]}" -r 'require "vendor/autoload.php"; [$lib] = Tthc\Tthc::loadedFrom(); echo $lib, "\n";') >"$app/loaded.txt"
grep -qx "$prefix/lib/libtthc.so" "$app/loaded.txt" || { echo "error: loaded $(cat "$app/loaded.txt"), not the installed $prefix/lib/libtthc.so"; exit 1; }
echo "the snippet printed what the README says, with $(cat "$app/loaded.txt") found through pkg-config"

step "PHP: examples/php/due_date.php"
"${php[@]}" examples/php/due_date.php

step "PHP: what the binding costs over its C calls, same run (bindings/php/bench)"
"${php[@]}" bindings/php/bench/binding_bench.php "${TTHC_PHP_BENCH_CALLS:-200000}" "${TTHC_PHP_BENCH_EVALUATIONS:-5000}"

echo
echo "php: $((passed + 1)) passed, 0 failed"
