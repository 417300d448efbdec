#!/usr/bin/env bash
# Runs purchase-event-pipeline. Builds the jar with the Maven wrapper when it is missing or older
# than the sources, then runs it with the arguments given.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$root/target/pep.jar"

if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "Building pep (first run, or the sources changed)..." >&2
  "$root/mvnw" -q -B -f "$root/pom.xml" -DskipTests -Dspotless.check.skip=true package >&2
fi

# Class-data sharing: the classes a run loads (about 5,700: picocli, logback, the Kafka clients and
# broker, DuckDB's driver) are parsed and verified once, after each build, by a short training run
# (`pep run` on the bundled sample, embedded broker, in a scratch directory) that dumps them into
# target/pep.jsa; every later start maps that archive instead of loading the classes from the jar
# again. Measured in docs/benchmarks/cold-start.md. PEP_CDS=off skips it.
archive="$root/target/pep.jsa"
cds_opts=""
if [ "${PEP_CDS:-on}" != off ]; then
  if [ ! -f "$archive" ] || [ "$jar" -nt "$archive" ]; then
    echo "Recording pep's class-data archive (once per build)..." >&2
    scratch="$(mktemp -d "${TMPDIR:-/tmp}/pep-cds.XXXXXX")"
    rm -f "$archive"
    # Written under another name and renamed when complete: a pep started meanwhile never maps a
    # half-written archive.
    if (cd "$scratch" && env -i PATH="$PATH" HOME="$scratch" PEP_BROKER_PORT=0 PEP_LOG_DIR="$scratch/logs" \
      java -Xmx1g -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit="$scratch/pep.jsa" \
      -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" run >"$scratch/training.log" 2>&1) \
      && mv -f "$scratch/pep.jsa" "$archive"; then
      rm -rf "$scratch"
    else
      echo "(recording it failed, so pep runs without it: see $scratch/training.log)" >&2
    fi
  fi
  [ -f "$archive" ] && cds_opts="-XX:SharedArchiveFile=$archive -Xlog:cds=off"
fi

# JVM options (override with PEP_JAVA_OPTS). C1 only (TieredStopAtLevel=1): on a small machine C2's
# compile time outweighs its faster code for runs of seconds to minutes; measured in
# docs/benchmarks/produce-vs-peers.md. `pep bench` is the exception: one long-lived JVM whose steady
# state is what it measures (after its warm-up rounds), so it keeps C2, and gives the perf tool the
# same options; measured in docs/benchmarks/bench.md.
# The heap: 512 MB, enough for `pep run` of the full UCI file with the embedded broker in the same
# JVM (every buffer is bounded by bytes; see the README's "Memory"), measured against the 1-2 GB it
# had before in docs/benchmarks/run-one-stream.md. `pep bench` keeps the larger young generation
# its recorded results were measured with.
default_java_opts="-Xmx512m -XX:+UseParallelGC -XX:TieredStopAtLevel=1"
if [ "${1:-}" = bench ]; then
  default_java_opts="-Xms1g -Xmn512m -Xmx2g -XX:+UseParallelGC"
fi
# shellcheck disable=SC2086
exec java $cds_opts ${PEP_JAVA_OPTS:-$default_java_opts} -jar "$jar" "$@"
