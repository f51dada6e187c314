#!/usr/bin/env bash
# Benchmarks erasure completion time across services through the running suite's gateway: 100 shoppers
# with consent and activity, then DELETE /api/me each, until GET /api/me/erasure/{id} says completed.
# The harness is Java: local-infra's dev.personalization.infra.bench.ErasureBench.
# Results: bench/results/erasure-YYYYmmdd-HHMMSS.md and bench/results/erasure-latest.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLASSPATH_FILE="$ROOT/local-infra/target/classes/dev/personalization/infra/runtime-classpath.txt"
MAIN=dev.personalization.infra.bench.ErasureBench

say() { printf '[bench] %s\n' "$*" >&2; }

harness_built() {
  local jar
  jar="$(ls "$ROOT"/local-infra/target/local-infra-*.jar 2>/dev/null | grep -v sources | head -n 1 || true)"
  [[ -n "$jar" && -f "$CLASSPATH_FILE" ]] || return 1
  # a local-infra built before the benchmark existed lacks the harness
  { unzip -l "$jar" 2>/dev/null || jar tf "$jar"; } | grep -q 'dev/personalization/infra/bench/ErasureBench.class' || return 1
  echo "$jar"
}

jar="$(harness_built || true)"
if [[ -z "$jar" ]]; then
  say "building local-infra (the benchmark harness lives there; mvn package, tests skipped)"
  (cd "$ROOT" && mvn -B -q -pl local-infra -am package -DskipTests)
  jar="$(harness_built)" || { say "local-infra has no benchmark harness after the build"; exit 1; }
fi

# defaults for a run outside ./suite; ./suite bench erasure passes the same, later options win
exec java -Xms128m -Xmx256m -cp "$jar:$(cat "$CLASSPATH_FILE")" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$MAIN" \
  --keys "$ROOT/.suite/keys" --results "$ROOT/bench/results" "$@"
