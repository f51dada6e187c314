#!/usr/bin/env bash
# Benchmarks consent-service on this machine with wrk: the shopper's consent read and the partner
# check, next to a trivial endpoint without authentication and the same endpoint behind the JWT check.
# Prints requests/s and p50/p99 latency with ratios, and writes them to bench/results/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION=20s
WARMUP=20s
CONNECTIONS=32
THREADS=2
BASE=http://127.0.0.1:8181
ENDPOINTS=ping,ping+jwt,consents/me,partner

usage() {
  cat <<'EOF2'
usage: ./suite bench [--duration 20s] [--warmup 20s] [--connections 32] [--threads 2] [--endpoints LIST]
       bench/consent-bench.sh --base URL [same options]

Loads a consent-service instance whose benchmark endpoints are on (consent.benchmark-endpoints=true;
./suite bench starts one on 127.0.0.1:8181 beside the suite) with wrk, one endpoint at a time, each
after a warm-up:
  ping           GET /api/ping                    no authentication (the ceiling)
  ping+jwt       GET /api/ping/authenticated      the same endpoint behind the JWT check
  consents/me    GET /api/consents/me             the shopper's consent read (token + database)
  partner check  GET /api/partner/consents/{s}    partner check (token + read + its durable audit row)
--endpoints takes a comma-separated subset of ping,ping+jwt,consents/me,partner (default: all four);
e.g. --endpoints consents/me,partner measures the partner check against the consent read only.
Installs wrk (Debian package) if missing.
Results: bench/results/consent-YYYYmmdd-HHMMSS.md (and latest: bench/results/consent-latest.md).
EOF2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --base) BASE=$2; shift 2 ;;
    --endpoints) ENDPOINTS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage; exit 2 ;;
  esac
done

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_wrk

if ! curl -sf "$BASE/api/ping" >/dev/null; then
  say "no consent-service with its benchmark endpoints at $BASE: run ./suite bench"
  exit 1
fi

USER_TOKEN="$("$ROOT/suite" token bench-shopper --minutes 60)"
PARTNER_TOKEN="$("$ROOT/suite" token bench-partner --role partner --scope consent:read --minutes 60)"
curl -sf -X PUT -H "Authorization: Bearer $USER_TOKEN" -H 'Content-Type: application/json' \
  -d '{"granted": true}' "$BASE/api/consents/me/browsing" >/dev/null

declare -A RPS P50 P99
run() { # run LABEL PATH [TOKEN]
  local label=$1 path=$2 token=${3:-}
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency)
  [[ -n "$token" ]] && args+=(-H "Authorization: Bearer $token")
  say "warm-up $label ($WARMUP)"
  wrk "${args[@]}" -d"$WARMUP" "$BASE$path" >/dev/null
  say "measure $label ($DURATION, $CONNECTIONS connections)"
  local out; out="$(wrk "${args[@]}" -d"$DURATION" "$BASE$path")"
  if grep -q "Non-2xx" <<< "$out"; then say "$label answered errors:"; echo "$out" >&2; exit 1; fi
  RPS[$label]="$(awk '/Requests\/sec/ {print $2}' <<< "$out")"
  P50[$label]="$(awk '$1=="50%" {print $2}' <<< "$out")"
  P99[$label]="$(awk '$1=="99%" {print $2}' <<< "$out")"
}

LABELS=()
IFS=, read -r -a wanted <<< "$ENDPOINTS"
for endpoint in "${wanted[@]}"; do
  case "$endpoint" in
    ping) run ping /api/ping; LABELS+=(ping) ;;
    ping+jwt) run ping+jwt /api/ping/authenticated "$USER_TOKEN"; LABELS+=(ping+jwt) ;;
    consents/me) run consents/me /api/consents/me "$USER_TOKEN"; LABELS+=(consents/me) ;;
    partner) run "partner check" "/api/partner/consents/bench-shopper?purpose=browsing" "$PARTNER_TOKEN"
             LABELS+=("partner check") ;;
    *) say "unknown endpoint $endpoint (ping, ping+jwt, consents/me, partner)"; exit 2 ;;
  esac
done

ratio() { # ratio A B -> A/B with two decimals, or - when either was not measured
  if [[ -z "$1" || -z "$2" ]]; then echo -; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; fi
}
stamp="$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$ROOT/bench/results"
report="$ROOT/bench/results/consent-$stamp.md"
{
  echo "# consent-service benchmark, $(date -u +'%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; wrk on the same machine, $THREADS threads,"
  echo "$CONNECTIONS connections, $DURATION per endpoint after a $WARMUP warm-up. RS256 tokens; verified tokens cached until expiry."
  echo
  echo "| endpoint | requests/s | p50 | p99 | vs ping (no auth) |"
  echo "|---|---:|---:|---:|---:|"
  for label in "${LABELS[@]}"; do
    echo "| $label | ${RPS[$label]} | ${P50[$label]} | ${P99[$label]} | $(ratio "${RPS[$label]}" "${RPS[ping]:-}") |"
  done
  echo
  echo "Aims: consents/me keeps at least half of the unauthenticated ping's throughput: ratio $(ratio "${RPS[consents/me]:-}" "${RPS[ping]:-}");"
  echo "the partner check (its audit row committed before it answers) at least a quarter of consents/me: ratio $(ratio "${RPS[partner check]:-}" "${RPS[consents/me]:-}")."
} > "$report"
cp "$report" "$ROOT/bench/results/consent-latest.md"
cat "$report"
say "written to $report"
