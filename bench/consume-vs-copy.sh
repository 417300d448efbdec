#!/usr/bin/env bash
# Benchmark (not a test): `pep consume` of the full topic into PostgreSQL and into DuckDB (exactly
# once: offsets in the same transaction, event-id dedup) beside each database's own limit for the
# same rows and the same table, alternating in one run:
#   pep-postgres      pep consume --sink postgres (fresh tables and group each run)
#   copy-text         psql \copy of the rows pep stored (its first run's table, exported once as
#                     COPY text) into a fresh table made LIKE pep's, INCLUDING ALL: the same columns
#                     and the same primary key (text, COLLATE "C"); one COPY, one transaction
#   copy-binary       the same in COPY's binary format (what pep sends since it went binary)
#   pep-duckdb        pep consume --sink duckdb (a fresh file each run)
#   duckdb-appender   DuckDB's appender, the same rows (this run's pep file) into a fresh table made
#                     by pep's own migration script (primary key on event_id), one transaction
#                     (bench/DuckDbAppendLimit.java)
# pep's rate runs from the first record received to the end of the last write (its summary); a
# COPY's is rows / psql's wall time; the appender's rows / the time from its first row to COMMIT.
#
# Options by environment: RUNS=3, FILE=... (default the full UCI file), PG_URL (JDBC, default the
# local test database), PSQL_ARGS (default "-h 127.0.0.1 -U postgres -d test"), JAVA_OPTS
# (default: the ./pep launcher's), OUT=target/bench-consume (results.csv, logs), OTHER_JARS="a.jar
# b.jar" (each run also consumes with these builds of pep, e.g. one from before a change, as
# pep-postgres@a.jar and pep-duckdb@a.jar: an A/B in the same run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
RUNS="${RUNS:-3}"
FILE="${FILE:-$root/../shared/data/online-retail/Online Retail.csv}"
PG_URL="${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
read -r -a PSQL <<<"${PSQL_ARGS:--h 127.0.0.1 -U postgres -d test}"
JAVA_OPTS="${JAVA_OPTS:-$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' "$root/pep")}"
OUT="${OUT:-target/bench-consume}"
jar="$root/target/pep.jar"

# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
[ -f "$FILE" ] || die "no CSV at $FILE (set FILE=...)"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
logs="$OUT/logs"
rm -rf "$logs"
mkdir -p "$logs"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/pep-consume-bench.XXXXXX")"
# Tables of this run only: two runs of the script on one server do not drop each other's.
t="pepbench_$$"
psql_q() { PGOPTIONS="-c client_min_messages=warning" psql "${PSQL[@]}" -q -v ON_ERROR_STOP=1 "$@"; }
drop_tables() {
  psql_q -c "DROP TABLE IF EXISTS ${t}_events, ${t}_offsets, ${t}_limit" 2>/dev/null || true
  psql_q -c "DELETE FROM pep_schema_history WHERE scope = '${t}_events/${t}_offsets'" 2>/dev/null || true
}
drop_all() {
  drop_tables
  psql_q -c "DROP TABLE IF EXISTS ${t}_template" 2>/dev/null || true
}
# Never fails: the broker's own exit status (143 after SIGTERM) must not become the script's.
cleanup() {
  stop_broker || true
  drop_all
  rm -rf "$tmp"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_jar
say "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
start_broker
java $JAVA_OPTS -jar "$jar" produce --file "$FILE" --bootstrap "$bootstrap" --topic bench \
  --summary-json "$tmp/produce.json" >/dev/null 2>"$logs/produce.err" \
  || die "producing failed; see $logs/produce.err"
rows="$(json_number "$tmp/produce.json" committed)"
say "Produced $rows events to topic bench on $bootstrap"

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%d", n / s }'; }
copy_limit() { # format rows-file
  psql_q -c "DROP TABLE IF EXISTS ${t}_limit" -c "CREATE TABLE ${t}_limit (LIKE ${t}_template INCLUDING ALL)"
  local t0 t1
  t0=$(now_ns)
  psql_q -c "\\copy ${t}_limit FROM '$2' WITH (FORMAT $1)"
  t1=$(now_ns)
  local n
  n="$(psql_q -tA -c "SELECT count(*) FROM ${t}_limit")"
  echo "$(rate "$n" "$(secs "$t0" "$t1")"),$n"
}

consume_pg() { # jar run: prints the CSV line
  drop_tables
  PEP_EVENTS_TABLE="${t}_events" PEP_OFFSETS_TABLE="${t}_offsets" java $JAVA_OPTS -jar "$1" consume \
    --bootstrap "$bootstrap" --topic bench --group "bench-pg$(label "$1")-$2" --sink postgres --db-url "$PG_URL" \
    --until-idle 2 --summary-json "$tmp/pg.json" >/dev/null 2>"$logs/pg$(label "$1")-$2.err" \
    || die "pep consume into PostgreSQL failed; see $logs/pg$(label "$1")-$2.err"
  if [ "$1" = "$jar" ] && [ ! -f "$tmp/rows.bin" ]; then # the rows pep stored, in its order
    psql_q -c "\\copy ${t}_events TO '$tmp/rows.txt'"
    psql_q -c "\\copy ${t}_events TO '$tmp/rows.bin' WITH (FORMAT binary)"
    psql_q -c "CREATE TABLE ${t}_template (LIKE ${t}_events INCLUDING ALL)"
  fi
  echo "pep-postgres$(label "$1"),$2,$(json_number "$tmp/pg.json" rate),$(json_number "$tmp/pg.json" written)"
}
consume_duck() { # jar run: prints the CSV line; this build's file is kept for the appender limit
  local file="$tmp/pep$(label "$1").duckdb"
  rm -f "$file"*
  PEP_DUCKDB_FILE="$file" java $JAVA_OPTS -jar "$1" consume \
    --bootstrap "$bootstrap" --topic bench --group "bench-duck$(label "$1")-$2" --sink duckdb \
    --until-idle 2 --summary-json "$tmp/duck.json" >/dev/null 2>"$logs/duck$(label "$1")-$2.err" \
    || die "pep consume into DuckDB failed; see $logs/duck$(label "$1")-$2.err"
  echo "pep-duckdb$(label "$1"),$2,$(json_number "$tmp/duck.json" rate),$(json_number "$tmp/duck.json" written)"
  [ "$1" = "$jar" ] || rm -f "$file"*
}
label() { [ "$1" = "$jar" ] || echo "@$(basename "$1")"; }

results="$OUT/results.csv"
echo "tool,run,rows_per_s,rows_written" | tee "$results"
# The builds (OTHER_JARS and this one) take turns going first: each consume leaves the next one a
# database checkpoint to compete with.
read -r -a builds <<<"${OTHER_JARS:-} $jar"
for run in $(seq 1 "$RUNS"); do
  shift_by=$(((run - 1) % ${#builds[@]}))
  order=("${builds[@]:shift_by}" "${builds[@]:0:shift_by}")
  for b in "${order[@]}"; do consume_pg "$b" "$run" | tee -a "$results"; done
  echo "copy-text,$run,$(copy_limit text "$tmp/rows.txt")" | tee -a "$results"
  echo "copy-binary,$run,$(copy_limit binary "$tmp/rows.bin")" | tee -a "$results"

  for b in "${order[@]}"; do consume_duck "$b" "$run" | tee -a "$results"; done
  rm -f "$tmp/limit.duckdb"*
  # shellcheck disable=SC2086
  read -r n s < <(java $JAVA_OPTS -cp "$jar" "$root/bench/DuckDbAppendLimit.java" \
    "$tmp/pep.duckdb" purchase_events "$tmp/limit.duckdb" 2>"$logs/appender-$run.err") \
    || die "the appender limit failed; see $logs/appender-$run.err"
  echo "duckdb-appender,$run,$(rate "$n" "$s"),$n" | tee -a "$results"
  rm -f "$tmp/pep.duckdb"* "$tmp/limit.duckdb"*
done
say "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

# Medians (min-max) and the ratios of the medians, and of each run to its own limit.
{
  for tool in $(awk -F, 'NR > 1 && !seen[$1]++ { print $1 }' "$results"); do
    read -r m lo hi _ _ < <(stat_of <(awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next } { print $0, "yes" }' "$results") "$tool" 3 5)
    echo "$tool: median $(fmt "$m") rows/s ($(fmt "$lo")-$(fmt "$hi"))"
  done
  per_run() { # tool limit
    awk -F, -v a="$1" -v b="$2" '$1 == a { x[$2] = $3 } $1 == b { y[$2] = $3 }
      END { for (r = 1; r in x; r++) if (y[r] > 0) printf "%s%.2f", (r > 1 ? " " : ""), x[r] / y[r] }' "$results"
  }
  echo "pep-postgres / copy-text per run: $(per_run pep-postgres copy-text)"
  echo "pep-postgres / copy-binary per run: $(per_run pep-postgres copy-binary)"
  echo "pep-duckdb / duckdb-appender per run: $(per_run pep-duckdb duckdb-appender)"
  for other in ${OTHER_JARS:-}; do
    echo "pep-postgres / pep-postgres@$(basename "$other") per run: $(per_run pep-postgres "pep-postgres@$(basename "$other")")"
    echo "pep-duckdb / pep-duckdb@$(basename "$other") per run: $(per_run pep-duckdb "pep-duckdb@$(basename "$other")")"
  done
} | tee "$OUT/summary.txt" >&2
