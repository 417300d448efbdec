#!/usr/bin/env bash
# Benchmark (not a test): `pep produce --profile optimized` on the full CSV beside Kafka's own
# producer perf tool (org.apache.kafka.tools.ProducerPerformance, from kafka-tools in the pep jar)
# and kcat, with the same producer settings and the same JSON payloads, on one broker in one run.
#
# Run from anywhere; no arguments. Options by environment:
#   RUNS=3                 rounds; each round runs every tool once, on a fresh topic each
#   FILE=PATH              CSV to produce (default ../shared/data/online-retail/Online Retail.csv)
#   PARTITIONS=3           partitions of every topic
#   OUT=target/bench-produce   where results.csv, produce-vs-peers.md and the logs go
#   JAVA_OPTS=...          JVM options of pep (default: the ./pep launcher's)
#   PERF_JAVA_OPTS=...     JVM options of ProducerPerformance (default: what Kafka's own
#                          kafka-producer-perf-test.sh gives it; set it to "$JAVA_OPTS" to run it
#                          with pep's options instead)
#   BROKER_JAVA_OPTS=...   JVM options of the broker (default: JAVA_OPTS)
#   KCAT=kcat              kcat binary; the kcat rows are skipped when it is not installed
#
# The broker is a separate JVM (`pep broker`) so every tool measured shares the machine with it
# alike. Each tool/run is valid only when it exits 0 and the topic holds exactly the expected
# record count: the sum of its end offsets for the perf tool and kcat, the records a
# read_committed consumer reads for pep (whose transaction markers take offsets too).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The command as invoked: the options given in the environment, then the script.
invocation=""
for v in RUNS FILE PARTITIONS OUT JAVA_OPTS PERF_JAVA_OPTS BROKER_JAVA_OPTS KCAT; do
  if [ -n "${!v+set}" ]; then invocation+="$(printf '%s=%q ' "$v" "${!v}")"; fi
done
invocation+="bench/produce-vs-peers.sh"

RUNS="${RUNS:-3}"
FILE="${FILE:-$root/../shared/data/online-retail/Online Retail.csv}"
PARTITIONS="${PARTITIONS:-3}"
OUT="${OUT:-target/bench-produce}"
JAVA_OPTS="${JAVA_OPTS:-$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' "$root/pep")}"
BROKER_JAVA_OPTS="${BROKER_JAVA_OPTS:-$JAVA_OPTS}"
# kafka-producer-perf-test.sh sets KAFKA_HEAP_OPTS=-Xmx512M; kafka-run-class.sh adds these.
KAFKA_TOOL_JAVA_OPTS="-Xmx512M -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true"
PERF_JAVA_OPTS="${PERF_JAVA_OPTS:-$KAFKA_TOOL_JAVA_OPTS}"
KCAT="${KCAT:-kcat}"

jar="$root/target/pep.jar"

# The same producer settings for every tool: the `optimized` profile.
PERF_PROPS=(acks=all enable.idempotence=true batch.size=32768 linger.ms=10 compression.type=lz4
  buffer.memory=67108864 max.in.flight.requests.per.connection=5)
KCAT_PROPS=(-X acks=all -X enable.idempotence=true -X linger.ms=10 -X batch.size=32768
  -X compression.codec=lz4)

# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

[ -f "$FILE" ] || die "no CSV at $FILE (set FILE=...)"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$RUNS'"

# 1. Build the jar when it is missing or older than the sources.
build_jar

have_kcat=false
if command -v "$KCAT" >/dev/null 2>&1; then have_kcat=true; else say "kcat not found: its rows are skipped"; fi

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
logs="$OUT/logs"
rm -rf "$logs"
mkdir -p "$logs"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/pep-bench.XXXXXX")"
trap 'stop_broker; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

start_broker "$BROKER_JAVA_OPTS"

# 2. The real payloads: produce the CSV once with pep, then dump the topic's values (the exact JSON
# our producer sends) one per line.
dump_payloads "$PARTITIONS"

# 3. The rounds.
results="$OUT/results.csv"
echo "tool,run,records_per_s,seconds,records,wall_seconds,valid" >"$results"
declare -A cmd_of

record() { # tool run rate seconds records wall ok
  local valid=yes
  [ "$7" = ok ] || valid=no
  echo "$1,$2,$3,$4,$5,$6,$valid" >>"$results"
  printf '  %-8s run %d: %10s records/s  %8s s  %8s records in topic  %s\n' \
    "$1" "$2" "$3" "$4" "$5" "$([ "$valid" = yes ] && echo ok || echo INVALID)" >&2
}

run_pep() {
  local run=$1 topic="bench-r$1-pep" log="$logs/pep-r$1.log" s="$tmp/pep-r$1.json" rc=0
  create_topic "$topic" "$PARTITIONS"
  local cmd=(java $JAVA_OPTS -jar target/pep.jar produce --file "$FILE" --bootstrap-servers
    "$bootstrap" --topic "$topic" --partitions "$PARTITIONS" --profile optimized --summary-json "$s")
  cmd_of[pep]="$(printf '%q ' "${cmd[@]}")"
  local t0; t0=$(now_ns)
  "${cmd[@]}" >"$log" 2>&1 || rc=$?
  local wall; wall=$(secs "$t0" "$(now_ns)")
  local n; n=$(committed_records "$topic")
  local rate seconds acked ok=bad
  rate=$(json_number "$s" rate); seconds=$(json_number "$s" seconds); acked=$(json_number "$s" committed)
  [ "$rc" -eq 0 ] && [ "${acked:-0}" -eq "$expected" ] && [ "$n" -eq "$expected" ] && ok=ok
  record pep "$run" "${rate:-0}" "${seconds:-0}" "$n" "$wall" "$ok"
}

run_perf() {
  local run=$1 topic="bench-r$1-perf" log="$logs/perf-r$1.log" rc=0
  create_topic "$topic" "$PARTITIONS"
  local cmd=(java $PERF_JAVA_OPTS -cp target/pep.jar org.apache.kafka.tools.ProducerPerformance
    --topic "$topic" --num-records "$expected" --throughput -1 --payload-file "$payloads"
    --command-property "bootstrap.servers=$bootstrap" "${PERF_PROPS[@]}")
  cmd_of[perf]="$(printf '%q ' "${cmd[@]}")"
  local t0; t0=$(now_ns)
  "${cmd[@]}" >"$log" 2>&1 || rc=$?
  local wall; wall=$(secs "$t0" "$(now_ns)")
  local n; n=$(topic_records "$topic")
  # Final line: "N records sent, R records/sec (M MB/sec), ... latency ..."
  local last sent rate seconds ok=bad
  last=$(grep 'records sent,' "$log" | tail -n 1 || true)
  sent=$(sed -n 's/^\([0-9]*\) records sent, .*/\1/p' <<<"$last")
  rate=$(sed -n 's/^[0-9]* records sent, \([0-9.]*\) records\/sec.*/\1/p' <<<"$last")
  rate=$(awk -v r="${rate:-0}" 'BEGIN { printf "%.0f", r }')
  seconds=$(awk -v n="${sent:-0}" -v r="$rate" 'BEGIN { printf "%.3f", (r > 0 ? n / r : 0) }')
  [ "$rc" -eq 0 ] && [ "${sent:-0}" -eq "$expected" ] && [ "$n" -eq "$expected" ] && ok=ok
  record perf "$run" "$rate" "$seconds" "$n" "$wall" "$ok"
}

run_kcat() {
  local run=$1 topic="bench-r$1-kcat" log="$logs/kcat-r$1.log" rc=0
  create_topic "$topic" "$PARTITIONS"
  local cmd=("$KCAT" -P -b "$bootstrap" -t "$topic" "${KCAT_PROPS[@]}" -l "$payloads")
  cmd_of[kcat]="$(printf '%q ' "${cmd[@]}")"
  local t0 t1; t0=$(now_ns)
  "${cmd[@]}" >"$log" 2>&1 || rc=$?
  t1=$(now_ns)
  local n; n=$(topic_records "$topic")
  local seconds rate ok=bad
  seconds=$(secs "$t0" "$t1")
  rate=$(awk -v n="$lines" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
  [ "$rc" -eq 0 ] && [ "$n" -eq "$expected" ] && ok=ok
  record kcat "$run" "$rate" "$seconds" "$n" "$seconds" "$ok"
}

tools=(pep perf)
$have_kcat && tools+=(kcat)
started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
t_start=$(now_ns)
for run in $(seq 1 "$RUNS"); do
  # Alternate the order: odd rounds forwards, even rounds backwards.
  order=("${tools[@]}")
  if [ $((run % 2)) -eq 0 ]; then
    order=()
    for ((i = ${#tools[@]} - 1; i >= 0; i--)); do order+=("${tools[i]}"); done
  fi
  say "Round $run of $RUNS: ${order[*]}"
  for tool in "${order[@]}"; do "run_$tool" "$run"; done
done
bench_seconds=$(secs "$t_start" "$(now_ns)")

# 4. Summary: per tool median and min/max records/s of the valid runs.
declare -A med mn mx nvalid ntotal
for tool in "${tools[@]}"; do
  read -r med[$tool] mn[$tool] mx[$tool] nvalid[$tool] ntotal[$tool] < <(stat_of "$results" "$tool" 3 7)
done
pep_vs_perf=$(ratio "${med[pep]}" "${med[perf]}")
pep_vs_kcat="-"
$have_kcat && pep_vs_kcat=$(ratio "${med[pep]}" "${med[kcat]}")
bar="not met"
[ "$pep_vs_perf" != "-" ] && awk -v r="$pep_vs_perf" 'BEGIN { exit !(r >= 1.0) }' && bar="met"

label() { case $1 in
  pep) echo "pep produce (optimized)" ;;
  perf) echo "ProducerPerformance (kafka-tools)" ;;
  kcat) echo "kcat" ;;
esac; }

table() {
  echo "| Tool | Median records/s | Min | Max | Valid runs |"
  echo "|---|---:|---:|---:|---:|"
  for tool in "${tools[@]}"; do
    echo "| $(label "$tool") | $(fmt "${med[$tool]}") | $(fmt "${mn[$tool]}") | $(fmt "${mx[$tool]}") | ${nvalid[$tool]} of ${ntotal[$tool]} |"
  done
}

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem_total=$(free -g | awk '/^Mem:/ { print $2 }')
java_version=$(java -version 2>&1 | sed 's/^/    /')
kafka_version=$(java -jar "$jar" --version 2>/dev/null | sed -n 's/.*Apache Kafka \([^)]*\)).*/\1/p')
kcat_version=$($have_kcat && "$KCAT" -V 2>&1 | grep -m 1 '^Version' || echo "not installed")

md="$OUT/produce-vs-peers.md"
{
  echo "# Producer benchmark: pep produce vs kafka-producer-perf-test vs kcat"
  echo
  echo "Generated by \`bench/produce-vs-peers.sh\` on $started. Rounds: $RUNS; they took"
  echo "$(awk -v s="$bench_seconds" 'BEGIN { printf "%.0f", s }') s, the whole script ${SECONDS} s (build check, broker start, warm-up and payload dump included)."
  echo "A benchmark, not a test: nothing fails on these numbers."
  echo
  echo "## Result"
  echo
  table
  echo
  echo "- pep median / ProducerPerformance median: **${pep_vs_perf}x** (bar: >= 1.0x, **$bar**)"
  $have_kcat && echo "- pep median / kcat median: **${pep_vs_kcat}x** (reference peer, no bar)"
  echo
  echo "Every run, in the order run (records = what a read_committed consumer reads for pep, the sum of the topic's end offsets for the others; each"
  echo "run writes to a fresh, pre-created topic, so it must equal $(fmt "$expected")):"
  echo
  echo "| Tool | Run | Records/s | Seconds | Records in topic | Wall s (process) | Valid |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  awk -F, 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$results"
  echo
  echo "## Command"
  echo
  echo '```'
  echo "$invocation"
  echo '```'
  echo
  echo "Each tool as run in the last round (broker address and topic differ per run):"
  echo
  echo '```'
  for tool in "${tools[@]}"; do echo "${cmd_of[$tool]}"; done | sed "s#$tmp#\$TMP#g; s#$root/##g"
  echo '```'
  echo
  echo "## Machine"
  echo
  echo "- CPU: $cpu_model, nproc = $(nproc)"
  echo "- Memory: ${mem_total} GiB total (free -g)"
  echo "- OS: $(uname -sr); load average (1/5/15 min) before the rounds: $load_before (the machine"
  echo "  is shared; other processes were not stopped)"
  echo "- Kafka: ${kafka_version:-unknown} (embedded KRaft broker from \`pep broker\`, one node, separate JVM: $BROKER_JAVA_OPTS)"
  echo "- kcat: $kcat_version"
  echo "- pep's JVM options (its launcher's): $JAVA_OPTS"
  echo "- ProducerPerformance's JVM options: $PERF_JAVA_OPTS"
  echo "- java -version:"
  echo
  echo "$java_version"
  echo
  echo "## Method"
  echo
  echo "- Input: \`$(basename "$FILE")\`, $(fmt "$expected") rows produced by the warm-up ($rejected rejected)."
  echo "- One broker for the whole run; every tool (a process of its own) shares the machine with it."
  echo "- Payloads: the warm-up produced the CSV once with pep; its topic's values were dumped with"
  echo "  ConsoleConsumer into one JSON per line ($(fmt "$lines") lines, $(fmt "$payload_bytes") bytes): the"
  echo "  exact JSON pep sends. ProducerPerformance and kcat send these lines."
  echo "- Same producer settings for all: ${PERF_PROPS[*]} (kcat: ${KCAT_PROPS[*]}; librdkafka's own"
  echo "  defaults otherwise). Topics have $PARTITIONS partitions, replication factor 1, created before each run."
  echo "- Order alternates per round (odd rounds: ${tools[*]}; even rounds: reversed)."
  echo "- Records/s: pep's own summary (\`rate\` = acknowledged events / seconds of its produce phase);"
  echo "  ProducerPerformance's final line (records/sec from its first send to the last acknowledgement);"
  echo "  kcat: lines / wall time of the kcat process (\`date +%s%N\` around it, so it includes its start"
  echo "  and its final flush). Neither Java tool's figure includes JVM start; see the wall column."
  echo "- Valid: the tool exited 0, reported every record, and the topic holds $(fmt "$expected")"
  echo "  records: read by a read_committed ConsoleConsumer for pep (its transaction markers take"
  echo "  offsets too), the sum of the end offsets (GetOffsetShell) for the others. Medians, minima"
  echo "  and maxima are over valid runs only."
  echo
  echo "## Not the same work"
  echo
  echo "- ProducerPerformance sends pre-built byte arrays with no key; with \`--payload-file\` it picks"
  echo "  a random line for each record (so not each line exactly once) and does no parsing or"
  echo "  serialization at all while timed. kcat likewise sends the lines as they are, with no key."
  echo "- pep reads the CSV, parses and validates every row into a typed event, serializes it to JSON and"
  echo "  keys it by InvoiceNo, counting and acknowledging each record — inside the time measured."
} >"$md"

# Print the table.
echo
echo "Producer benchmark (rounds: $RUNS, $(fmt "$expected") records, broker $bootstrap)"
printf '%-36s %14s %12s %12s %8s\n' tool "median rec/s" min max valid
for tool in "${tools[@]}"; do
  printf '%-36s %14s %12s %12s %8s\n' "$(label "$tool")" "$(fmt "${med[$tool]}")" \
    "$(fmt "${mn[$tool]}")" "$(fmt "${mx[$tool]}")" "${nvalid[$tool]}/${ntotal[$tool]}"
done
echo "pep / ProducerPerformance: ${pep_vs_perf}x (bar >= 1.0x: $bar)"
$have_kcat && echo "pep / kcat: ${pep_vs_kcat}x"
echo "Results: $results"
echo "Summary: $md"
