#!/usr/bin/env bash
# Renders the metrics HTML report in headless Chromium (Debian's `chromium`)
# and checks that every KPI chart is in the rendered DOM, so a report that
# breaks in a browser fails the test command. Installs chromium if missing.
# Usage: scripts/test-metrics-html.sh [--screenshot docs/img/metrics-report.png]
set -euo pipefail
cd "$(dirname "$0")/.."

screenshot=""
if [[ "${1:-}" == "--screenshot" ]]; then screenshot="${2:?--screenshot needs a path}"; fi

if ! command -v chromium >/dev/null 2>&1; then
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  # One apt-get update, only when the package lists are missing or stale for chromium.
  if ! apt-cache show chromium >/dev/null 2>&1; then $sudo_cmd apt-get update; fi
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y chromium
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --locked -p tthc-cli
tthc=target/debug/tthc

# A small, labelled synthetic input: 20,000 records, by province, per year.
"$tthc" synth 20000 --seed 42 -o "$work/synthetic.csv"
"$tthc" metrics "$work/synthetic.csv" --period year --as-of 2026-12-31T23:00:00 --format html -o "$work/report.html"
# The KPI ids the report must chart (the computable ones of the registry)
# and how many of them have a target line.
"$tthc" metrics "$work/synthetic.csv" --period year --as-of 2026-12-31T23:00:00 --format json > "$work/report.json"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("\n".join(k["id"] for k in r["kpis"] if k["computable"]))' \
  "$work/report.json" > "$work/kpis.txt"
expected_targets=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["targets"]))' "$work/report.json")

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$(mktemp -d -p "$work")")
chromium "${flags[@]}" --dump-dom "file://$work/report.html" > "$work/dom.html" 2>"$work/chromium.log"

missing=0; charts=0
while read -r id; do
  if grep -q "<svg data-kpi=\"$id\"" "$work/dom.html"; then charts=$((charts + 1)); else echo "missing chart: $id"; missing=$((missing + 1)); fi
done < "$work/kpis.txt"
targets=$(grep -o 'class="target"' "$work/dom.html" | wc -l)
echo "metrics html: $charts charts rendered, $missing missing, $targets target lines"
[[ $missing -eq 0 && $charts -gt 0 && $targets -eq $expected_targets ]] || { echo "metrics html: FAILED"; exit 1; }

if [[ -n "$screenshot" ]]; then
  chromium "${flags[@]}" --hide-scrollbars --window-size=1280,2400 --screenshot="$screenshot" \
    "file://$work/report.html" 2>>"$work/chromium.log"
  echo "screenshot: $screenshot"
fi
echo "metrics html: 1 passed, 0 failed"
