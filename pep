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

# JVM options (override with PEP_JAVA_OPTS). C1 only (TieredStopAtLevel=1): on a small machine C2's
# compile time outweighs its faster code for runs of seconds to minutes; measured in
# docs/benchmarks/produce-vs-peers.md. `pep bench` is the exception: one long-lived JVM whose steady
# state is what it measures (after its warm-up rounds), so it keeps C2, and gives the perf tool the
# same options; measured in docs/benchmarks/bench.md.
default_java_opts="-Xms1g -Xmn512m -Xmx2g -XX:+UseParallelGC -XX:TieredStopAtLevel=1"
if [ "${1:-}" = bench ]; then
  default_java_opts="${default_java_opts% -XX:TieredStopAtLevel=1}"
fi
# shellcheck disable=SC2086
exec java ${PEP_JAVA_OPTS:-$default_java_opts} -jar "$jar" "$@"
