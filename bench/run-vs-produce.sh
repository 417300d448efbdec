#!/usr/bin/env bash
# Benchmark (not a test): `./pep run` (produce while the sink consumes, the check, the report) beside
# `./pep produce` alone, both as a user runs them — one cold process each, the launcher and the
# embedded broker included, a fresh state directory each — alternately in one run. Also `./pep run`
# with a 256 MB heap, and either command with any other JVM options given in HEAPS, to measure what
# the heap costs; and, with BEFORE, `run` of another checkout (e.g. the code before a change).
#
# Run from anywhere; no arguments. Options by environment:
#   RUNS=3                 rounds; each round runs every variant once
#   FILE=PATH              CSV (default ../shared/data/online-retail/Online Retail.csv)
#   HEAPS="run-256m:-Xmx256m -XX:+UseParallelGC -XX:TieredStopAtLevel=1"
#                          extra variants, NAME:JVM options, separated by ';'; NAME starts with
#                          the command (run-..., produce-...)
#   BEFORE=DIR             also `DIR/pep run` (variant run-before), with that launcher's defaults
#   OUT=target/bench-run   where results.csv, run-vs-produce.md and the logs go
#
# Wall time is the process's (`date +%s%N` around it); CPU time and max RSS from /usr/bin/time. A
# run is valid when it exits 0 and its summary says every row was committed (and, for `run`, that
# the check passed and the sink wrote every event).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
invocation=""
for v in RUNS FILE HEAPS BEFORE OUT; do
  if [ -n "${!v+set}" ]; then invocation+="$(printf '%s=%q ' "$v" "${!v}")"; fi
done
invocation+="bench/run-vs-produce.sh"

RUNS="${RUNS:-3}"
FILE="${FILE:-$root/../shared/data/online-retail/Online Retail.csv}"
HEAPS="${HEAPS-run-256m:-Xmx256m -XX:+UseParallelGC -XX:TieredStopAtLevel=1}"
BEFORE="${BEFORE:-}"
OUT="${OUT:-target/bench-run}"
jar="$root/target/pep.jar"
JAVA_OPTS="$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' "$root/pep")"

# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

[ -f "$FILE" ] || die "no CSV at $FILE (set FILE=...)"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$RUNS'"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"
FILE="$(cd "$(dirname "$FILE")" && pwd)/$(basename "$FILE")"

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
logs="$OUT/logs"
rm -rf "$logs"
mkdir -p "$logs"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/pep-run.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

build_jar
# The launcher records its class-data archive on its first start after a build: not in a run.
"$root/pep" --version >/dev/null 2>"$logs/archive.log"
if [ -n "$BEFORE" ]; then
  BEFORE="$(cd "$BEFORE" && pwd)"
  "$BEFORE/pep" --version >/dev/null 2>"$logs/archive-before.log"
fi

expected=""
results="$OUT/results.csv"
echo "variant,run,wall_seconds,cpu_seconds,max_rss_kb,valid" >"$results"
declare -A cmd_of opts_of
variants=(produce run)
IFS=';' read -r -a heap_specs <<<"$HEAPS"
for spec in "${heap_specs[@]}"; do
  [ -n "$spec" ] || continue
  name="${spec%%:*}"
  opts_of[$name]="${spec#*:}"
  variants+=("$name")
done
[ -n "$BEFORE" ] && variants+=(run-before)

timed() { # dir log cmd... -> sets wall cpu rss rc
  local t0 t1 u s
  rc=0
  t0=$(now_ns)
  (cd "$1" && /usr/bin/time -o "$tmp/time" -f '%U %S %M' "${@:3}") >"$2" 2>&1 || rc=$?
  t1=$(now_ns)
  wall=$(secs "$t0" "$t1")
  read -r u s rss <"$tmp/time" || true
  cpu=$(awk -v u="${u:-0}" -v s="${s:-0}" 'BEGIN { printf "%.2f", u + s }')
}

one() { # variant run
  local v=$1 run=$2 dir="$tmp/$1-r$2" command=${1%%-*} launcher="$root/pep"
  [ "$v" = run-before ] && launcher="$BEFORE/pep"
  mkdir -p "$dir"
  local cmd=(env PEP_BROKER_PORT=0 "$launcher" "$command" --file "$FILE" --summary-json "$dir/s.json")
  [ -n "${opts_of[$v]:-}" ] && cmd=(env PEP_JAVA_OPTS="${opts_of[$v]}" "${cmd[@]:1}")
  cmd_of[$v]="$(printf '%q ' "${cmd[@]}")"
  timed "$dir" "$logs/$v-r$run.log" "${cmd[@]}"
  local j="$dir/s.json" valid=no committed written rows rejected
  committed=$(json_number "$j" committed 2>/dev/null || true)
  written=$(json_number "$j" written 2>/dev/null || true)
  rows=$(json_number "$j" rows_read 2>/dev/null || true)
  rejected=$(json_number "$j" rejected 2>/dev/null || true)
  [ -n "$expected" ] || expected=$((${rows:-0} - ${rejected:-0}))
  if [ "$rc" -eq 0 ] && [ "${committed:-0}" -eq "$expected" ] && [ "$expected" -gt 0 ]; then
    if [ "$command" = produce ]; then
      valid=yes
    elif grep -q '"verified" *: *true' "$j" && [ "${written:-0}" -eq "$expected" ]; then
      valid=yes
    fi
  fi
  echo "$v,$run,$wall,$cpu,$rss,$valid" >>"$results"
  printf '  %-10s run %d: %7s s wall %7s s cpu %9s KB max RSS %s\n' "$v" "$run" "$wall" "$cpu" \
    "$rss" "$([ "$valid" = yes ] && echo ok || echo INVALID)" >&2
  rm -rf "$dir"
}

started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq 1 "$RUNS"); do
  order=("${variants[@]}")
  if [ $((run % 2)) -eq 0 ]; then
    order=()
    for ((i = ${#variants[@]} - 1; i >= 0; i--)); do order+=("${variants[$i]}"); done
  fi
  say "Round $run of $RUNS: ${order[*]}"
  for v in "${order[@]}"; do one "$v" "$run"; done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

declare -A med mn mx nvalid ntotal cmed rmed
for v in "${variants[@]}"; do
  read -r med[$v] mn[$v] mx[$v] nvalid[$v] ntotal[$v] < <(stat_of "$results" "$v" 3 6)
  read -r cmed[$v] _ _ _ _ < <(stat_of "$results" "$v" 4 6)
  read -r rmed[$v] _ _ _ _ < <(stat_of "$results" "$v" 5 6)
done
# Per round, run's wall over produce's wall beside it: "median min max".
round_ratios() { # variant
  awk -F, -v v="$1" 'NR > 1 && $6 == "yes" { w[$1 "," $2] = $3; rounds[$2] = 1 }
    END {
      n = 0
      for (r in rounds) if ((v "," r) in w && ("produce," r) in w) q[n++] = w[v "," r] / w["produce," r]
      if (n == 0) { print "- - -"; exit }
      for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (q[j] < q[i]) { x = q[i]; q[i] = q[j]; q[j] = x }
      m = n % 2 ? q[int(n / 2)] : (q[n / 2 - 1] + q[n / 2]) / 2
      printf "%.2f %.2f %.2f\n", m, q[0], q[n - 1]
    }' "$results"
}

md="$OUT/run-vs-produce.md"
{
  echo "# \`./pep run\` beside \`./pep produce\`"
  echo
  echo "Generated by \`bench/run-vs-produce.sh\` on $started; $RUNS rounds, variants alternating."
  echo "A benchmark, not a test. $(fmt "$expected") rows; every process cold, embedded broker, fresh state."
  echo
  echo "| Variant | Median wall s | Min | Max | Median CPU s | Median max RSS MB | Valid runs | wall / produce's (median, min–max of rounds) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for v in "${variants[@]}"; do
    read -r q qmin qmax < <(round_ratios "$v")
    rss_mb=$(awk -v k="${rmed[$v]}" 'BEGIN { if (k == "-") print "-"; else printf "%.0f", k / 1024 }')
    echo "| $v | ${med[$v]} | ${mn[$v]} | ${mx[$v]} | ${cmed[$v]} | $rss_mb | ${nvalid[$v]} of ${ntotal[$v]} | $q ($qmin–$qmax) |"
  done
  echo
  echo "Every run, in order:"
  echo
  echo "| Variant | Run | Wall s | CPU s | Max RSS KB | Valid |"
  echo "|---|---:|---:|---:|---:|---|"
  awk -F, 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$results"
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "$invocation"
  for v in "${variants[@]}"; do echo "${cmd_of[$v]}"; done | sed "s#$tmp/[^ ]*#\$DIR/s.json#g; s#$root/##g; s#${BEFORE:-/nonexistent}/#\$BEFORE/#g"
  echo '```'
  echo
  echo "## Machine"
  echo
  machine_lines
  echo "- Load average (1/5/15 min) before: $load_before; after: $load_after (the machine is shared)"
  echo "- The launcher's JVM options: $JAVA_OPTS"
} >"$md"
sed -n '5,20p' "$md"
echo "Results: $results"
echo "Summary: $md"
