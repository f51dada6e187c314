#!/usr/bin/env bash
# Benchmarks profile-service's activity intake end to end through the running suite's gateway (batches of
# 100 events, with consent granted, until each batch's features snapshot is on profile.features.v1), next
# to the broker's raw record rate from Kafka's own ProducerPerformance in the same run, and the
# withdrawal-to-purge time. The harness is Java: local-infra's dev.personalization.infra.bench.ProfileBench.
# Results: bench/results/profile-YYYYmmdd-HHMMSS.md and bench/results/profile-latest.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLASSPATH_FILE="$ROOT/local-infra/target/classes/dev/personalization/infra/runtime-classpath.txt"
MAIN=dev.personalization.infra.bench.ProfileBench

say() { printf '[bench] %s\n' "$*" >&2; }

harness_built() {
  local jar
  jar="$(ls "$ROOT"/local-infra/target/local-infra-*.jar 2>/dev/null | grep -v sources | head -n 1 || true)"
  [[ -n "$jar" && -f "$CLASSPATH_FILE" ]] || return 1
  # a local-infra built before the benchmark existed lacks the harness (or kafka-tools on its class path)
  { unzip -l "$jar" 2>/dev/null || jar tf "$jar"; } | grep -q 'dev/personalization/infra/bench/ProfileBench.class' || return 1
  grep -q 'kafka-tools-' "$CLASSPATH_FILE" || return 1
  echo "$jar"
}

jar="$(harness_built || true)"
if [[ -z "$jar" ]]; then
  say "building local-infra (the benchmark harness lives there; mvn package, tests skipped)"
  (cd "$ROOT" && mvn -B -q -pl local-infra -am package -DskipTests)
  jar="$(harness_built)" || { say "local-infra has no benchmark harness after the build"; exit 1; }
fi

# defaults for a run outside ./suite; ./suite bench profile passes the same, later options win
exec java -Xms256m -Xmx512m -cp "$jar:$(cat "$CLASSPATH_FILE")" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$MAIN" \
  --keys "$ROOT/.suite/keys" --results "$ROOT/bench/results" "$@"
