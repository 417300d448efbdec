#!/usr/bin/env bash
# Benchmark (not a test): `pep aggregate --until-caught-up` over the full UCI file already in a
# topic, with one process and with two processes sharing the application id, beside `pep consume`
# of the same topic into DuckDB (the sink's rate), interleaved round by round in one run.
# The aggregate's time runs from the Kafka Streams start (its rebalance included) to the moment
# its committed offsets cover the topic and its repartition topics; the consume's rate is the one
# it prints (first record to last write). Prints CSV: tool,run,events_per_s,seconds,peak_rss_kb.
# Options by environment: RUNS=3, FILE=..., JAVA_OPTS (default: the ./pep launcher's),
# JAR (the build to measure; default target/pep.jar, built when stale), BASELINE_JAR (another
# build of pep: each round also runs one aggregate process with it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
RUNS="${RUNS:-3}"
FILE="${FILE:-$root/../shared/data/online-retail/Online Retail.csv}"
JAVA_OPTS="${JAVA_OPTS:-$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' "$root/pep")}"
jar="${JAR:-$root/target/pep.jar}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/pep-aggregate-bench.XXXXXX")"
logs="$tmp"
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
[ -n "${JAR:-}" ] || build_jar
trap 'stop_broker; rm -rf "$tmp"' EXIT
start_broker

java $JAVA_OPTS -jar "$jar" produce --file "$FILE" --bootstrap "$bootstrap" --topic bench \
  --summary-json "$tmp/produce.json" >/dev/null 2>"$tmp/produce.err"
events=$(json_number "$tmp/produce.json" committed)
say "Produced $events events to topic bench on $bootstrap; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# seconds of "Caught up with ... in X s" in an aggregate's output
caught_up_s() { sed -n 's/^Caught up with .* in \([0-9.]*\) s.*/\1/p' "$1" | head -1; }
peak_kb() { sed -n 's/^.*Maximum resident set size (kbytes): \([0-9]*\)/\1/p' "$1" | head -1; }

aggregate() { # name app-id [jar]
  /usr/bin/time -v java $JAVA_OPTS -jar "${3:-$jar}" aggregate --bootstrap "$bootstrap" --topic bench \
    --application-id "$2" --until-caught-up >"$tmp/$1.out" 2>"$tmp/$1.err"
}

echo "tool,run,events_per_s,seconds,peak_rss_kb"
for run in $(seq 1 "$RUNS"); do
  PEP_DUCKDB_FILE="$tmp/consume-$run.duckdb" /usr/bin/time -v java $JAVA_OPTS -jar "$jar" consume \
    --bootstrap "$bootstrap" --topic bench --group "bench-consume-$run" --sink duckdb \
    --until-idle 2 --summary-json "$tmp/consume-$run.json" >/dev/null 2>"$tmp/consume-$run.err"
  rate=$(json_number "$tmp/consume-$run.json" rate)
  echo "consume-duckdb,$run,${rate%.*},$(awk -v e="$events" -v r="$rate" 'BEGIN { printf "%.1f", e / r }'),$(peak_kb "$tmp/consume-$run.err")"

  aggregate "one-$run" "bench-one-$run"
  s=$(caught_up_s "$tmp/one-$run.out")
  echo "aggregate-1,$run,$(awk -v e="$events" -v s="$s" 'BEGIN { printf "%d", e / s }'),$s,$(peak_kb "$tmp/one-$run.err")"

  if [ -n "${BASELINE_JAR:-}" ]; then
    aggregate "base-$run" "bench-base-$run" "$BASELINE_JAR"
    s=$(caught_up_s "$tmp/base-$run.out")
    echo "aggregate-1-baseline,$run,$(awk -v e="$events" -v s="$s" 'BEGIN { printf "%d", e / s }'),$s,$(peak_kb "$tmp/base-$run.err")"
  fi

  aggregate "two-a-$run" "bench-two-$run" & a=$!
  aggregate "two-b-$run" "bench-two-$run" & b=$!
  wait "$a" "$b"
  # The pair is done when both are: the later of the two times.
  s=$(printf '%s\n%s\n' "$(caught_up_s "$tmp/two-a-$run.out")" "$(caught_up_s "$tmp/two-b-$run.out")" | sort -g | tail -1)
  echo "aggregate-2,$run,$(awk -v e="$events" -v s="$s" 'BEGIN { printf "%d", e / s }'),$s,$(peak_kb "$tmp/two-a-$run.err")+$(peak_kb "$tmp/two-b-$run.err")"
  say "round $run done; load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
