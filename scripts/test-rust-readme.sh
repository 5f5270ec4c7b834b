#!/usr/bin/env bash
# The README's Rust snippet (section "Library"), run as a Rust user would:
# a new Cargo project with tthc as a path dependency. Its output must name
# the procedure the CLI shows for the same question, so a README that drifts
# from the library (a renamed call, a changed answer) fails here.
# Usage: scripts/test-rust-readme.sh   (scripts/test.sh calls it)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

step() { printf '\n==> %s\n' "$*"; }

step "README's Rust snippet in a new Cargo project (path dependency)"
# The first ```rust block after "## Library", up to its closing fence.
snippet=$(awk '/^## Library/ {in_section=1; next}
               in_section && /^```rust/ {in_block=1; next}
               in_block && /^```/ {exit}
               in_block {print}' README.md)
if [ -z "$snippet" ]; then
    echo "error: README.md has no \`\`\`rust block under '## Library'"
    exit 1
fi

project=$root/target/rust-readme/consumer
rm -rf "$project"
mkdir -p "$project/src"
cat >"$project/Cargo.toml" <<EOF
[package]
name = "consumer"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
tthc = { path = "$root/crates/tthc" }

[workspace]
EOF
# The workspace's lock file pins the same versions of tthc's dependencies.
cp Cargo.lock "$project/Cargo.lock"
{
    echo 'fn main() -> Result<(), Box<dyn std::error::Error>> {'
    printf '%s\n' "$snippet"
    echo '    Ok(())'
    echo '}'
} >"$project/src/main.rs"

out=$(CARGO_TARGET_DIR=$root/target/rust-readme/target cargo run --quiet --manifest-path "$project/Cargo.toml")
echo "snippet printed: $out"

# The same question through the CLI: the procedure's name must open the line.
name=$(cargo run --quiet --locked -p tthc-cli -- procedures show 1.000894 --on 2025-08-01 --province ha-giang --json |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["name"])')
case "$out" in
    "$name — "?*) echo "rust readme: 1 passed, 0 failed (name: $name, with the province's explanation)" ;;
    *)
        echo "error: expected a line starting with '$name — ' and an explanation, got: $out"
        exit 1
        ;;
esac
