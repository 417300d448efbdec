#!/usr/bin/env bash
# Benchmark (not a test): `./pep produce` as a user runs it — one cold process, the launcher
# included — beside `kcat -P -l` sending the same events as JSON lines with the same producer
# settings, to the same broker, alternately in one run. Also `./pep produce` with the launcher's
# class-data archive turned off (PEP_CDS=off), to show what the archive gives.
#
# Run from anywhere; no arguments. Options by environment:
#   RUNS=5                 rounds; each round runs every variant once, each on a fresh topic
#   FILE=PATH              CSV to produce (default ../shared/data/online-retail/Online Retail.csv)
#   PARTITIONS=3           partitions of every topic
#   OUT=target/bench-cold  where results.csv, cold-produce.md and the logs go
#   KCAT=kcat              kcat binary (required)
#   BEFORE=DIR             also `DIR/pep produce` (variant pep-before): another checkout, e.g. the
#                          code before a change, with its own launcher and archive (A/B in one run)
#   VARIANTS="NAME|KIND|SETTINGS;..."
#                          extra variants. KIND pep: SETTINGS are JVM options for PEP_JAVA_OPTS
#                          (empty: the launcher's), e.g. "pep-serial|pep|-Xmx512m -XX:+UseSerialGC
#                          -XX:TieredStopAtLevel=1"; KIND pep-fast: pep with --profile fast (128 KB
#                          batches, linger 20 ms), SETTINGS as for pep; KIND kcat: SETTINGS are
#                          -X properties replacing the defaults, e.g. "kcat-128k|kcat|batch.size=131072
#                          linger.ms=20" (acks, idempotence and lz4 stay)
#
# Wall time is the process's, from `date +%s%N` before it to after it; CPU time (user + system)
# from /usr/bin/time. The broker is a separate JVM (`pep broker`), started once, its start not
# timed. Topics are created before each run (not timed) for every variant alike. A run is valid
# when it exits 0 and its topic then holds exactly the expected records (a read_committed
# consumer's count for pep, whose transaction markers take offsets; the end offsets for kcat).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
invocation=""
for v in RUNS FILE PARTITIONS OUT KCAT BEFORE VARIANTS; do
  if [ -n "${!v+set}" ]; then invocation+="$(printf '%s=%q ' "$v" "${!v}")"; fi
done
invocation+="bench/cold-produce.sh"

RUNS="${RUNS:-5}"
FILE="${FILE:-$root/../shared/data/online-retail/Online Retail.csv}"
PARTITIONS="${PARTITIONS:-3}"
OUT="${OUT:-target/bench-cold}"
KCAT="${KCAT:-kcat}"
BEFORE="${BEFORE:-}"
VARIANTS="${VARIANTS:-}"
jar="$root/target/pep.jar"
JAVA_OPTS="$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' "$root/pep")"
KCAT_PROPS=(-X acks=all -X enable.idempotence=true -X linger.ms=10 -X batch.size=32768
  -X compression.codec=lz4)

# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

[ -f "$FILE" ] || die "no CSV at $FILE (set FILE=...)"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$RUNS'"
command -v "$KCAT" >/dev/null 2>&1 || die "kcat not found (apt-get install kcat, or set KCAT=...)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"
if [ -n "$BEFORE" ]; then
  [ -x "$BEFORE/pep" ] || die "BEFORE=$BEFORE has no ./pep launcher"
  BEFORE="$(cd "$BEFORE" && pwd)"
fi
FILE="$(cd "$(dirname "$FILE")" && pwd)/$(basename "$FILE")"

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
logs="$OUT/logs"
rm -rf "$logs"
mkdir -p "$logs"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/pep-cold.XXXXXX")"
trap 'stop_broker; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

build_jar
# The launcher records its class-data archive on the first start after a build: do that now, and
# time it, so that no measured run pays for it.
archive_note="the archive existed already"
if [ ! -f "$root/target/pep.jsa" ] || [ "$jar" -nt "$root/target/pep.jsa" ]; then
  t0=$(now_ns)
  "$root/pep" --version >/dev/null 2>"$logs/archive.log"
  archive_note="recording it (once per build, by the launcher's first start) took $(secs "$t0" "$(now_ns)") s"
fi
say "Class-data archive: $archive_note"
if [ -n "$BEFORE" ]; then
  # The other checkout builds its jar and records its archive now, untimed, as this one did.
  "$BEFORE/pep" --version >/dev/null 2>"$logs/archive-before.log" \
    || die "BEFORE=$BEFORE: ./pep --version failed; see $logs/archive-before.log"
fi

start_broker
dump_payloads "$PARTITIONS"

results="$OUT/results.csv"
echo "variant,run,wall_seconds,cpu_seconds,max_rss_kb,produce_seconds,records,valid" >"$results"
declare -A cmd_of
mkdir -p "$tmp/cwd"

record() { # variant run wall cpu rss produce records ok
  local valid=yes
  [ "$8" = ok ] || valid=no
  echo "$1,$2,$3,$4,$5,$6,$7,$valid" >>"$results"
  printf '  %-10s run %d: %7s s wall %7s s cpu %8s records %s\n' "$1" "$2" "$3" "$4" "$7" \
    "$([ "$valid" = yes ] && echo ok || echo INVALID)" >&2
}

timed() { # log variant run cmd... -> sets wall cpu rss rc
  local t0 t1
  rc=0
  t0=$(now_ns)
  (cd "$tmp/cwd" && /usr/bin/time -o "$tmp/time" -f '%U %S %M' "${@:4}") >"$1" 2>&1 || rc=$?
  t1=$(now_ns)
  wall=$(secs "$t0" "$t1")
  read -r u s rss <"$tmp/time" || true
  cpu=$(awk -v u="${u:-0}" -v s="${s:-0}" 'BEGIN { printf "%.2f", u + s }')
}

run_pep() { # variant run cds [launcher] [profile] [java opts]
  local variant=$1 run=$2 topic="cold-r$2-$1" j="$tmp/$1-r$2.json"
  local launcher="${4:-$root/pep}" profile="${5:-optimized}"
  create_topic "$topic" "$PARTITIONS"
  local cmd=(env PEP_CDS="$3")
  [ -n "${6:-}" ] && cmd+=("PEP_JAVA_OPTS=$6")
  cmd+=("$launcher" produce --file "$FILE" --bootstrap-servers "$bootstrap"
    --topic "$topic" --profile "$profile" --summary-json "$j")
  cmd_of[$variant]="$(printf '%q ' "${cmd[@]}")"
  timed "$logs/$variant-r$run.log" "$variant" "$run" "${cmd[@]}"
  local n acked seconds ok=bad
  n=$(committed_records "$topic")
  acked=$(json_number "$j" committed)
  seconds=$(json_number "$j" seconds)
  [ "$rc" -eq 0 ] && [ "${acked:-0}" -eq "$expected" ] && [ "$n" -eq "$expected" ] && ok=ok
  record "$variant" "$run" "$wall" "$cpu" "$rss" "${seconds:-0}" "$n" "$ok"
}
run_pep_cds() { run_pep pep "$1" on; }
run_pep_nocds() { run_pep pep-no-cds "$1" off; }
run_pep_before() { run_pep pep-before "$1" on "$BEFORE/pep"; }

run_kcat() { # run [variant] [-X properties replacing the batching defaults]
  local run=$1 variant=${2:-kcat} topic="cold-r$1-${2:-kcat}"
  create_topic "$topic" "$PARTITIONS"
  local props=("${KCAT_PROPS[@]}")
  if [ -n "${3:-}" ]; then
    props=(-X acks=all -X enable.idempotence=true -X compression.codec=lz4)
    local kv
    for kv in $3; do props+=(-X "$kv"); done
  fi
  local cmd=("$KCAT" -P -b "$bootstrap" -t "$topic" "${props[@]}" -l "$payloads")
  cmd_of[$variant]="$(printf '%q ' "${cmd[@]}")"
  timed "$logs/$variant-r$run.log" "$variant" "$run" "${cmd[@]}"
  local n ok=bad
  n=$(topic_records "$topic")
  [ "$rc" -eq 0 ] && [ "$n" -eq "$expected" ] && ok=ok
  record "$variant" "$run" "$wall" "$cpu" "$rss" "$wall" "$n" "$ok"
}

# Extra variants: run_x_N runs the Nth of $VARIANTS.
declare -A x_name x_kind x_settings
extra=()
if [ -n "$VARIANTS" ]; then
  IFS=';' read -r -a specs <<<"$VARIANTS"
  for i in "${!specs[@]}"; do
    IFS='|' read -r x_name[$i] x_kind[$i] x_settings[$i] <<<"${specs[$i]}"
    case "${x_kind[$i]}" in pep | pep-fast | kcat) ;; *) die "VARIANTS: kind '${x_kind[$i]}' is not pep, pep-fast or kcat" ;; esac
    extra+=("x_$i")
  done
fi
run_x() { # index run
  case "${x_kind[$1]}" in
    pep) run_pep "${x_name[$1]}" "$2" on "$root/pep" optimized "${x_settings[$1]}" ;;
    pep-fast) run_pep "${x_name[$1]}" "$2" on "$root/pep" fast "${x_settings[$1]}" ;;
    kcat) run_kcat "$2" "${x_name[$1]}" "${x_settings[$1]}" ;;
  esac
}

variants=(pep_cds kcat pep_nocds)
[ -n "$BEFORE" ] && variants+=(pep_before)
variants+=("${extra[@]}")
names=(pep kcat pep-no-cds)
[ -n "$BEFORE" ] && names+=(pep-before)
for x in "${extra[@]}"; do names+=("${x_name[${x#x_}]}"); done
started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq 1 "$RUNS"); do
  order=("${variants[@]}")
  if [ $((run % 2)) -eq 0 ]; then # every other round in reverse, so no variant always goes first
    order=()
    for ((i = ${#variants[@]} - 1; i >= 0; i--)); do order+=("${variants[$i]}"); done
  fi
  say "Round $run of $RUNS: ${order[*]}"
  for v in "${order[@]}"; do
    case $v in
      x_*) run_x "${v#x_}" "$run" ;;
      *) "run_$v" "$run" ;;
    esac
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

declare -A med mn mx nvalid ntotal cmed
for v in "${names[@]}"; do
  read -r med[$v] mn[$v] mx[$v] nvalid[$v] ntotal[$v] < <(stat_of "$results" "$v" 3 8)
  read -r cmed[$v] _ _ _ _ < <(stat_of "$results" "$v" 4 8)
done
# A user's ratio: how fast pep is next to kcat (kcat's wall / pep's wall; 1.0 is parity).
speed_cds=$(ratio "${med[kcat]}" "${med[pep]}")
speed_nocds=$(ratio "${med[kcat]}" "${med[pep-no-cds]}")

label() { case $1 in
  pep) echo "./pep produce (launcher defaults: class-data archive)" ;;
  pep-no-cds) echo "PEP_CDS=off ./pep produce" ;;
  pep-before) echo "BEFORE/pep produce (the other checkout)" ;;
  kcat) echo "kcat -P -l (same JSON lines)" ;;
  *) echo "$1" ;;
esac; }

md="$OUT/cold-produce.md"
{
  echo "# Cold \`./pep produce\` beside kcat"
  echo
  echo "Generated by \`bench/cold-produce.sh\` on $started; $RUNS rounds, variants alternating."
  echo "A benchmark, not a test. $(fmt "$expected") records; class-data archive: $archive_note."
  echo
  echo "| Variant | Median wall s | Min | Max | Median CPU s | Valid runs |"
  echo "|---|---:|---:|---:|---:|---:|"
  for v in "${names[@]}"; do
    echo "| $(label "$v") | ${med[$v]} | ${mn[$v]} | ${mx[$v]} | ${cmed[$v]} | ${nvalid[$v]} of ${ntotal[$v]} |"
  done
  echo
  echo "- pep's speed next to kcat (kcat median wall / pep median wall): **${speed_cds}x** with the"
  echo "  archive, ${speed_nocds}x without (1.0 = parity)."
  for v in "${names[@]}"; do
    case $v in pep | pep-no-cds | kcat) continue ;; esac
    echo "- $v next to kcat: $(ratio "${med[kcat]}" "${med[$v]}")x"
  done
  echo
  echo "Every run, in order (produce s = pep's own produce phase from its summary):"
  echo
  echo "| Variant | Run | Wall s | CPU s | Max RSS KB | Produce s | Records | Valid |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  awk -F, 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$results"
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "$invocation"
  for v in "${names[@]}"; do echo "${cmd_of[$v]}"; done | sed "s#$tmp#\$TMP#g; s#$root/##g"
  echo '```'
  echo
  echo "## Machine"
  echo
  machine_lines
  echo "- Load average (1/5/15 min) before: $load_before; after: $load_after (the machine is shared)"
  echo "- kcat: $("$KCAT" -V 2>&1 | grep -m 1 '^Version' || true)"
  echo "- pep's JVM options (its launcher's): $JAVA_OPTS"
} >"$md"
cat "$md" | sed -n '5,12p'
echo "Results: $results"
echo "Summary: $md"
