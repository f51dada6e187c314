#!/usr/bin/env bash
# Benchmarks profile-service's activity intake end to end through the running suite's gateway (batches of
# 100 events, with consent granted, until each batch's features snapshot is on profile.features.v1), next
# to the broker's raw record rate from Kafka's own ProducerPerformance in the same run, and the
# withdrawal-to-purge time. The harness is Java: local-infra's dev.personalization.infra.bench.ProfileBench.
# Results: bench/results/profile-YYYYmmdd-HHMMSS.md and bench/results/profile-latest.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MAIN=dev.personalization.infra.bench.ProfileBench

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# kafka-tools: the raw producer rate comes from Kafka's own ProducerPerformance
HARNESS_CP="$(local_infra_classpath "$MAIN" kafka-tools-)"

# defaults for a run outside ./suite; ./suite bench profile passes the same, later options win
exec java -Xms256m -Xmx512m -cp "$HARNESS_CP" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$MAIN" \
  --keys "$ROOT/.suite/keys" --results "$ROOT/bench/results" "$@"
