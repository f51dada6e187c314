#!/usr/bin/env bash
# Benchmarks erasure completion time across services through the running suite's gateway: 100 shoppers
# with consent and activity, then DELETE /api/me each, until GET /api/me/erasure/{id} says completed.
# The harness is Java: local-infra's dev.personalization.infra.bench.ErasureBench.
# Results: bench/results/erasure-YYYYmmdd-HHMMSS.md and bench/results/erasure-latest.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MAIN=dev.personalization.infra.bench.ErasureBench

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HARNESS_CP="$(local_infra_classpath "$MAIN")"

# defaults for a run outside ./suite; ./suite bench erasure passes the same, later options win
exec java -Xms128m -Xmx256m -cp "$HARNESS_CP" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$MAIN" \
  --keys "$ROOT/.suite/keys" --results "$ROOT/bench/results" "$@"
