#!/usr/bin/env bash
# Benchmark (not a test): `pep consume` of the full topic into PostgreSQL and into DuckDB (exactly
# once: offsets in the same transaction, event-id dedup), beside a plain `COPY` of the same CSV
# into the same PostgreSQL, timed in the same run.
# Options by environment: RUNS=3, FILE=..., PG_URL (JDBC, default the local test database),
# PSQL_ARGS (default "-h 127.0.0.1 -U postgres -d test"), JAVA_OPTS (default: the ./pep launcher's).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
RUNS="${RUNS:-3}"
FILE="${FILE:-$root/../shared/data/online-retail/Online Retail.csv}"
PG_URL="${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
read -r -a PSQL <<<"${PSQL_ARGS:--h 127.0.0.1 -U postgres -d test}"
JAVA_OPTS="${JAVA_OPTS:-$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' "$root/pep")}"
jar="$root/target/pep.jar"
[ -f "$jar" ] && [ -z "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ] \
  || ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package >&2
tmp="$(mktemp -d "${TMPDIR:-/tmp}/pep-consume-bench.XXXXXX")"
broker_pid=""
cleanup() { [ -n "$broker_pid" ] && kill -TERM "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# One broker (its own JVM) and the file produced once.
PEP_STATE_DIR="$tmp/state" PEP_BROKER_PORT=0 java $JAVA_OPTS -jar "$jar" broker >"$tmp/broker.out" 2>"$tmp/broker.err" &
broker_pid=$!
until [ -s "$tmp/broker.out" ]; do kill -0 "$broker_pid" || { cat "$tmp/broker.err"; exit 1; }; sleep 0.2; done
bootstrap="$(head -1 "$tmp/broker.out")"
java $JAVA_OPTS -jar "$jar" produce --file "$FILE" --bootstrap "$bootstrap" --topic bench \
  --summary-json "$tmp/produce.json" >/dev/null 2>"$tmp/produce.err"
rows=$(grep -o '"committed" : [0-9]*' "$tmp/produce.json" | grep -o '[0-9]*$')
echo "Produced $rows events to topic bench on $bootstrap" >&2

rate_of() { grep -o '"rate" : [0-9]*' "$1" | head -1 | grep -o '[0-9]*$'; }
written_of() { grep -o '"written" : [0-9]*' "$1" | head -1 | grep -o '[0-9]*$'; }
echo "tool,run,rows_per_s,rows_written"
for run in $(seq 1 "$RUNS"); do
  psql "${PSQL[@]}" -q -c "DROP TABLE IF EXISTS bench_events, bench_offsets, bench_copy" 2>/dev/null
  psql "${PSQL[@]}" -q -c "DELETE FROM pep_schema_history WHERE scope = 'bench_events/bench_offsets'" 2>/dev/null || true
  PEP_EVENTS_TABLE=bench_events PEP_OFFSETS_TABLE=bench_offsets java $JAVA_OPTS -jar "$jar" consume \
    --bootstrap "$bootstrap" --topic bench --group "bench-pg-$run" --sink postgres --db-url "$PG_URL" \
    --until-idle 2 --summary-json "$tmp/pg-$run.json" >/dev/null 2>"$tmp/pg-$run.err"
  echo "pep-postgres,$run,$(rate_of "$tmp/pg-$run.json"),$(written_of "$tmp/pg-$run.json")"

  PEP_DUCKDB_FILE="$tmp/bench-$run.duckdb" java $JAVA_OPTS -jar "$jar" consume \
    --bootstrap "$bootstrap" --topic bench --group "bench-duck-$run" --sink duckdb \
    --until-idle 2 --summary-json "$tmp/duck-$run.json" >/dev/null 2>"$tmp/duck-$run.err"
  echo "pep-duckdb,$run,$(rate_of "$tmp/duck-$run.json"),$(written_of "$tmp/duck-$run.json")"

  psql "${PSQL[@]}" -q -c "CREATE TABLE bench_copy (invoice_no text, stock_code text, description text,
    quantity integer, invoice_date text, unit_price numeric(12,3), customer_id text, country text)"
  t0=$(date +%s%N)
  psql "${PSQL[@]}" -q -c "\\copy bench_copy FROM '$FILE' WITH (FORMAT csv, HEADER true, ENCODING 'LATIN1')"
  t1=$(date +%s%N)
  copied=$(psql "${PSQL[@]}" -tA -c "SELECT count(*) FROM bench_copy")
  echo "plain-copy,$run,$(echo "$copied * 1000000000 / ($t1 - $t0)" | bc),$copied"
done
psql "${PSQL[@]}" -q -c "DROP TABLE IF EXISTS bench_events, bench_offsets, bench_copy" 2>/dev/null
