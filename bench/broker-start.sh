#!/usr/bin/env bash
# Benchmark (not a test): how long the embedded broker takes to start, cold (storage formatted
# first) and warm (existing data directory). Each run launches `pep broker` as a user would (a new
# JVM), and records pep's own measurement (format + startup until the broker answers a metadata
# request) and the wall time from launching the JVM to the bootstrap address on stdout.
# Options by environment: RUNS=5, JAVA_OPTS (default: the ./pep launcher's).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
RUNS="${RUNS:-5}"
JAVA_OPTS="${JAVA_OPTS:-$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' "$root/pep")}"
jar="$root/target/pep.jar"
[ -f "$jar" ] || ./pep --version >/dev/null
tmp="$(mktemp -d "${TMPDIR:-/tmp}/pep-broker-start.XXXXXX")"
trap 'pkill -f "pep-broker-start" 2>/dev/null || true; rm -rf "$tmp"' EXIT

one() { # $1 = cold|warm
  local state="$tmp/state"
  [ "$1" = cold ] && rm -rf "$state"
  local t0 t1
  rm -f "$tmp/out" "$tmp/err"
  t0=$(date +%s%N)
  PEP_STATE_DIR="$state" PEP_BROKER_PORT=0 java $JAVA_OPTS -Dpep.bench=pep-broker-start -jar "$jar" broker \
    >"$tmp/out" 2>"$tmp/err" &
  local pid=$!
  until [ -s "$tmp/out" ] && grep -q "started in" "$tmp/err"; do
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/err" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  local line
  line=$(grep -m1 "started in" "$tmp/err")
  kill -TERM "$pid"; wait "$pid" || true  # async jobs ignore SIGINT in scripts
  local inner format
  inner=$(sed -E 's/.*started in ([0-9.]+) s.*/\1/' <<<"$line")
  format=$(grep -oE 'formatted in [0-9.]+' <<<"$line" | awk '{print $3}' || true)
  printf '%s,%s,%s,%.2f\n' "$1" "$inner" "${format:-0}" "$(echo "($t1-$t0)/1000000000" | bc -l)"
}

echo "kind,pep_measured_s,format_s,launch_to_address_s"
for i in $(seq 1 "$RUNS"); do one cold; done
for i in $(seq 1 "$RUNS"); do one warm; done
