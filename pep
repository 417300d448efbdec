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

exec java ${PEP_JAVA_OPTS:--Xms256m -Xmx2g -XX:+UseParallelGC} -jar "$jar" "$@"
