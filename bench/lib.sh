# Shared by the bench/ scripts (sourced, not run): building the jar, one broker in its own JVM,
# topics and their record counts, the payloads pep sends, and medians.
# Expects: $root (project root), $jar, $tmp (scratch dir), $logs (log dir), $JAVA_OPTS.

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
kafka_tool() { java -cp "$jar" "$@"; }

# Builds the jar when it is missing or older than the sources (the ./pep launcher's rule).
build_jar() {
  if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
    say "Building target/pep.jar ..."
    "$root/mvnw" -q -B -o -DskipTests -Dspotless.check.skip=true package >&2 \
      || "$root/mvnw" -q -B -DskipTests -Dspotless.check.skip=true package >&2
  fi
}

# Starts `pep broker` on a free port with a fresh state dir; sets $broker_pid and $bootstrap.
broker_pid=""
start_broker() { # [JVM options]
  say "Starting the broker (pep broker) ..."
  # shellcheck disable=SC2086
  PEP_BROKER_PORT=0 PEP_STATE_DIR="$tmp/state" KAFKA_TOPIC=bench-warmup \
    java ${1:-$JAVA_OPTS} -jar "$jar" broker >"$tmp/broker.out" 2>"$logs/broker.err" &
  broker_pid=$!
  bootstrap=""
  for _ in $(seq 1 240); do
    bootstrap="$(head -n 1 "$tmp/broker.out" 2>/dev/null || true)"
    [ -n "$bootstrap" ] && break
    kill -0 "$broker_pid" 2>/dev/null || die "the broker exited; see $logs/broker.err"
    sleep 0.25
  done
  [ -n "$bootstrap" ] || die "the broker printed no address within 60 s; see $logs/broker.err"
  say "Broker at $bootstrap"
}

stop_broker() {
  if [ -n "$broker_pid" ] && kill -0 "$broker_pid" 2>/dev/null; then
    kill -TERM "$broker_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$broker_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$broker_pid" 2>/dev/null || true
  fi
  return 0
}

create_topic() { # topic partitions
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --create \
    --topic "$1" --partitions "$2" --replication-factor 1 >>"$logs/topics.log" 2>&1
}

# Sum of the topic's end offsets (every topic starts empty, so this is its record count).
topic_records() {
  kafka_tool org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$bootstrap" --topic "$1" \
    2>>"$logs/offsets.err" | awk -F: '{ n += $NF } END { print n + 0 }'
}

# Records a read_committed consumer sees in the topic: pep's transactions add a commit marker per
# partition and transaction to the end offsets, so for pep the offsets over-count.
committed_records() {
  kafka_tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$bootstrap" \
    --topic "$1" --from-beginning --isolation-level read_committed --timeout-ms 10000 \
    2>>"$logs/offsets.err" | wc -l
}

json_number() { sed -n "s/^ *\"$2\" *: *\([0-9.]*\).*/\1/p" "$1" | head -n 1; }

# Produces $FILE once with pep into topic bench-warmup and dumps the values (the exact JSON pep
# sends) one per line into $payloads; sets $expected, $rejected, $lines, $payload_bytes.
dump_payloads() { # partitions
  say "Warm-up: producing $FILE with pep and dumping the payloads ..."
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$jar" produce --file "$FILE" --bootstrap-servers "$bootstrap" \
    --topic bench-warmup --partitions "$1" --profile optimized \
    --summary-json "$tmp/warmup.json" >"$logs/warmup.log" 2>&1 \
    || die "the warm-up produce failed; see $logs/warmup.log"
  expected="$(json_number "$tmp/warmup.json" committed)"
  rejected="$(json_number "$tmp/warmup.json" rejected)"
  [ "${expected:-0}" -gt 0 ] || die "the warm-up acknowledged no records; see $logs/warmup.log"
  payloads="$tmp/payloads.jsonl"
  kafka_tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$bootstrap" \
    --topic bench-warmup --from-beginning --max-messages "$expected" --timeout-ms 60000 \
    >"$payloads" 2>"$logs/dump.err" || die "dumping the payloads failed; see $logs/dump.err"
  lines="$(wc -l <"$payloads")"
  [ "$lines" -eq "$expected" ] || die "dumped $lines payloads, expected $expected"
  payload_bytes="$(wc -c <"$payloads")"
  say "Payloads: $lines JSON lines, $payload_bytes bytes"
}

# "median min max valid total" of column $3 of the results CSV for rows whose column 1 is the
# tool and whose column $4 is "yes" (valid).
stat_of() { # results.csv tool column valid-column
  awk -F, -v t="$2" -v c="$3" -v v="$4" 'NR > 1 && $1 == t { total++; if ($v == "yes") r[n++] = $c }
    END {
      if (n == 0) { print "- - - 0 " total + 0; exit }
      for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (r[j] < r[i]) { x = r[i]; r[i] = r[j]; r[j] = x }
      m = n % 2 ? r[int(n / 2)] : (r[n / 2 - 1] + r[n / 2]) / 2
      printf "%s %s %s %d %d\n", m, r[0], r[n - 1], n, total
    }' "$1"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }
fmt() { sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|[,.]\)/\1,\2\3/' -e 'ta' <<<"$1"; }

machine_lines() { # prints the Machine section's bullet lines
  echo "- CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), nproc = $(nproc)"
  echo "- Memory: $(free -g | awk '/^Mem:/ { print $2 }') GiB total (free -g)"
  echo "- OS: $(uname -sr)"
  echo "- java -version: $(java -version 2>&1 | head -n 2 | tail -n 1)"
}
