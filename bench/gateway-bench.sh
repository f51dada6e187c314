#!/usr/bin/env bash
# Benchmarks the gateway on this machine with wrk: the same backend endpoints (the shopper's consent
# read, a recommendation read) directly on their service and through the gateway, in one run, with
# every protection of the gateway on (token check, route table and role, rate limits, circuit breakers,
# timeouts, access log, trace context). Prints requests/s, p50/p99 and the ratios; writes bench/results/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION=20s
WARMUP=10s
CONNECTIONS=32
THREADS=2
SUBJECTS=2000
GATEWAY=http://127.0.0.1:8080
CONSENT=http://127.0.0.1:8081
RECOMMENDATION=http://127.0.0.1:8083
KEYS="$ROOT/.suite/keys"

usage() {
  cat <<'EOF2'
usage: ./suite bench gateway [--duration 20s] [--warmup 10s] [--connections 32] [--threads 2] [--subjects 2000]
       bench/gateway-bench.sh [same options] [--gateway URL] [--consent URL] [--recommendation URL] [--keys DIR]

Needs the suite running (./suite bench gateway starts it when it is not). Loads, one after the other and
each after a warm-up, with wrk:
  consents/me         GET /api/consents/me           on consent-service, then through the gateway
  recommendations/me  GET /api/recommendations/me    on recommendation-service, then through the gateway
Every request carries the token of the next of SUBJECTS shoppers in turn (bench-gw-N, minted with the
suite's dev key), as real traffic would: the gateway's per-shopper rate limits stay on at their configured
values and are not hit. Reports requests/s, p50 and p99 per side, the gateway/direct throughput ratio
(aim: at least 0.60) and the p50 the gateway adds (aim: under 1 ms).
Installs wrk (Debian package) if missing.
Results: bench/results/gateway-YYYYmmdd-HHMMSS.md (and latest: bench/results/gateway-latest.md).
EOF2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --subjects) SUBJECTS=$2; shift 2 ;;
    --gateway) GATEWAY=$2; shift 2 ;;
    --consent) CONSENT=$2; shift 2 ;;
    --recommendation) RECOMMENDATION=$2; shift 2 ;;
    --keys) KEYS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage; exit 2 ;;
  esac
done

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_wrk
[[ -f "$KEYS/jwt-private.pem" ]] || { say "no dev key in $KEYS: run ./suite up first"; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

say "minting tokens for $SUBJECTS shoppers (bench-gw-1 .. bench-gw-$SUBJECTS)"
HARNESS_CP="$(local_infra_classpath dev.personalization.infra.bench.BenchTokens)"
java -cp "$HARNESS_CP" dev.personalization.infra.bench.BenchTokens --keys "$KEYS" --prefix bench-gw \
  --count "$SUBJECTS" --minutes 60 | awk '{print $2}' > "$WORK/tokens"

cat > "$WORK/tokens.lua" <<'EOF2'
-- the next shopper's token on every request; each wrk thread starts at its own offset
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
local next_index = 1
local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("next_index", (thread_count * 7919) % #tokens + 1)
end
function request()
  local token = tokens[next_index]
  next_index = next_index % #tokens + 1
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. token })
end
EOF2
export BENCH_TOKENS="$WORK/tokens"

for url in "$GATEWAY/api/consents/me" "$CONSENT/api/consents/me" "$RECOMMENDATION/api/recommendations/me" \
           "$GATEWAY/api/recommendations/me"; do
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(head -n 1 "$WORK/tokens")" "$url")"
  [[ "$code" == 200 ]] || { say "$url answered $code, not 200: is the suite up (./suite status)?"; exit 1; }
done

to_ms() { # wrk latency (850.00us, 1.23ms, 1.02s) -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

declare -A RPS P50 P99 ERRORS
run() { # run LABEL URL
  local label=$1 url=$2
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency -s "$WORK/tokens.lua")
  say "warm-up $label ($WARMUP)"
  wrk "${args[@]}" -d"$WARMUP" "$url" >/dev/null
  say "measure $label ($DURATION, $CONNECTIONS connections)"
  local out; out="$(wrk "${args[@]}" -d"$DURATION" "$url")"
  RPS[$label]="$(awk '/Requests\/sec/ {print $2}' <<< "$out")"
  P50[$label]="$(awk '$1=="50%" {print $2}' <<< "$out")"
  P99[$label]="$(awk '$1=="99%" {print $2}' <<< "$out")"
  ERRORS[$label]="$(awk '/Non-2xx/ {print $NF}' <<< "$out")"
  ERRORS[$label]="${ERRORS[$label]:-0}"
  [[ "${ERRORS[$label]}" == 0 ]] || say "$label: ${ERRORS[$label]} answers were not 2xx"
}

run "consents/me direct" "$CONSENT/api/consents/me"
run "consents/me gateway" "$GATEWAY/api/consents/me"
run "recommendations/me direct" "$RECOMMENDATION/api/recommendations/me"
run "recommendations/me gateway" "$GATEWAY/api/recommendations/me"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
added() { awk -v a="$(to_ms "$1")" -v b="$(to_ms "$2")" 'BEGIN { printf "%.2f ms", a - b }'; }
stamp="$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$ROOT/bench/results"
report="$ROOT/bench/results/gateway-$stamp.md"
{
  echo "# gateway benchmark, $(date -u +'%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load before the run: $(cut -d' ' -f1-3 /proc/loadavg);"
  echo "wrk on the same machine, $THREADS threads, $CONNECTIONS connections, $DURATION per row after a $WARMUP warm-up;"
  echo "$SUBJECTS shoppers' RS256 tokens in turn. The gateway runs with every protection on (token check with"
  echo "the verified-token cache, route table and role, per-shopper rate limits, circuit breakers, timeouts,"
  echo "access log, trace context). Gateway, services, PostgreSQL, Kafka and wrk share the same cores."
  echo
  echo "| endpoint | direct req/s | direct p50 | direct p99 | gateway req/s | gateway p50 | gateway p99 | gateway/direct | p50 added | non-2xx (direct/gateway) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for endpoint in consents/me recommendations/me; do
    d="$endpoint direct"; g="$endpoint gateway"
    echo "| $endpoint | ${RPS[$d]} | ${P50[$d]} | ${P99[$d]} | ${RPS[$g]} | ${P50[$g]} | ${P99[$g]} | $(ratio "${RPS[$g]}" "${RPS[$d]}") | $(added "${P50[$g]}" "${P50[$d]}") | ${ERRORS[$d]}/${ERRORS[$g]} |"
  done
  echo
  echo "Aims: through the gateway at least 0.60 of direct throughput, and under 1 ms added at p50."
} > "$report"
cp "$report" "$ROOT/bench/results/gateway-latest.md"
cat "$report"
say "written to $report"
