#!/usr/bin/env bash
# Benchmarks GET /api/recommendations/me through the running suite's gateway with wrk: subjects with
# consent (browsing and purchases granted, activity posted, features arrived) and subjects without, next to
# the shopper's consent read (GET /api/consents/me) through the same gateway in the same run. Each request
# carries the token of the next subject (a wrk Lua script), so the service serves many subjects, not one.
# Prints requests/s and p50/p99 with the ratio to the consent read; writes bench/results/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GATEWAY=http://127.0.0.1:8080
KEYS="$ROOT/.suite/keys"
RESULTS="$ROOT/bench/results"
SERVICE_LOG="$ROOT/.suite/logs/recommendation-service.log"
DURATION=20s
WARMUP=10s
CONNECTIONS=32
THREADS=2
SUBJECTS=2000
MODEL_WAIT=360

usage() {
  cat <<'EOF2'
usage: ./suite bench recommendations [--duration 20s] [--warmup 10s] [--connections 32] [--threads 2]
                                     [--subjects 2000] [--model-wait 360]
       bench/recommendations-bench.sh [--gateway URL] [--keys DIR] [--results DIR] [--log FILE] [same options]

Needs the suite running with its demo catalog (./suite bench recommendations starts it if needed).
1. seeds --subjects subjects bench-rec-c-N with consent: grants browsing and purchases and posts 8
   purchases and 8 views of demo products each through the gateway, then waits until their features
   reached recommendation-service and until the service has learnt its discover model from them (its log
   says "discover model learnt"; it learns every recommendation.model.similarity-interval, 5 minutes by
   default: up to --model-wait seconds);
2. loads, one after the other (each after a warm-up), with wrk and one token per request in turn:
     consents/me           GET /api/consents/me                the consent read, the reference
     recommendations (c)   GET /api/recommendations/me          subjects with consent (personalized)
     recommendations (n)   GET /api/recommendations/me          subjects bench-rec-n-N without consent
Aims: p99 under 20 ms; at least half of the consent read's requests/s.
2000 subjects by default so that the gateway's per-shopper rate limit (shopper class, 20/s with a burst of 40)
stays on at its configured value without being what is measured: at 20k requests/s each subject sends 10/s.
Installs wrk (Debian package) if missing.
Results: bench/results/recommendations-YYYYmmdd-HHMMSS.md and bench/results/recommendations-latest.md.
EOF2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --gateway) GATEWAY=$2; shift 2 ;;
    --keys) KEYS=$2; shift 2 ;;
    --results) RESULTS=$2; shift 2 ;;
    --log) SERVICE_LOG=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --subjects) SUBJECTS=$2; shift 2 ;;
    --model-wait) MODEL_WAIT=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage; exit 2 ;;
  esac
done

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_wrk

HARNESS_CP="$(local_infra_classpath dev.personalization.infra.bench.BenchTokens)"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
tokens() { # tokens PREFIX -> WORK/PREFIX.tokens (one token a line)
  java -cp "$HARNESS_CP" dev.personalization.infra.bench.BenchTokens --keys "$KEYS" \
    --prefix "$1" --count "$SUBJECTS" --minutes 60 | awk '{print $2}' > "$WORK/$1.tokens"
}
say "minting tokens for $SUBJECTS subjects with consent and $SUBJECTS without"
tokens bench-rec-c
tokens bench-rec-n
mapfile -t CONSENTING < "$WORK/bench-rec-c.tokens"

call() { # call METHOD PATH TOKEN [BODY] -> status code
  local args=(-s -o /dev/null -w '%{http_code}' -X "$1" -H "Authorization: Bearer $3")
  [[ $# -ge 4 ]] && args+=(-H 'Content-Type: application/json' -d "$4")
  curl "${args[@]}" "$GATEWAY$2"
}

catalog="$(curl -sf -H "Authorization: Bearer ${CONSENTING[0]}" "$GATEWAY/api/catalog/products?limit=300")" \
  || { say "no gateway answering at $GATEWAY: start the suite (./suite up)"; exit 1; }
mapfile -t PRODUCTS < <(grep -o '"id":"[^"]*","title":"[^"]*","category":"[^"]*","price":[0-9.]*' <<< "$catalog" \
  | sed -E 's/"id":"([^"]*)","title":"[^"]*","category":"([^"]*)","price":([0-9.]*)/\1 \2 \3/' | head -n 60)
if [[ ${#PRODUCTS[@]} -lt 20 ]]; then
  say "the catalog holds ${#PRODUCTS[@]} products: ./suite up loads the demo catalog"; exit 1
fi

say "seeding $SUBJECTS subjects through the gateway: consent (browsing, purchases) and 16 events each"
RANDOM=20261128
now="$(date -u +%s)"
for ((s = 0; s < SUBJECTS; s++)); do
  token="${CONSENTING[$s]}"
  for purpose in browsing purchases; do
    code="$(call PUT "/api/consents/me/$purpose" "$token" '{"granted": true}')"
    [[ "$code" == 200 || "$code" == 201 ]] || { say "granting $purpose answered $code"; exit 1; }
  done
  events=""
  for ((e = 0; e < 8; e++)); do
    read -r id category price <<< "${PRODUCTS[$((RANDOM % ${#PRODUCTS[@]}))]}"
    at="$(date -u -d "@$((now - (RANDOM % 20) * 86400 - 3600))" +%Y-%m-%dT%H:%M:%SZ)"
    events+="{\"type\":\"purchase\",\"productId\":\"$id\",\"category\":\"$category\",\"occurredAt\":\"$at\",\"price\":$price,\"quantity\":1},"
    read -r id category price <<< "${PRODUCTS[$((RANDOM % ${#PRODUCTS[@]}))]}"
    events+="{\"type\":\"view\",\"productId\":\"$id\",\"category\":\"$category\",\"occurredAt\":\"$at\",\"dwellSeconds\":30},"
  done
  code="$(call POST /api/activity "$token" "{\"events\":[${events%,}]}")"
  [[ "$code" == 202 ]] || { say "posting activity answered $code"; exit 1; }
done
seeded_at="$(date -u +%s)"

say "waiting until the features reached recommendation-service"
for token in "${CONSENTING[0]}" "${CONSENTING[$((SUBJECTS - 1))]}"; do
  for ((i = 0; ; i++)); do
    body="$(curl -s -H "Authorization: Bearer $token" "$GATEWAY/api/recommendations/me")"
    grep -q '"personalized":true' <<< "$body" && break
    (( i < 120 )) || { say "no personalized answer after 120 s"; exit 1; }
    sleep 1 # the features travel through profile-service's outbox and Kafka
  done
done

model_note="not waited for"
if [[ -f "$SERVICE_LOG" ]]; then
  say "waiting (up to $MODEL_WAIT s) until recommendation-service learnt its discover model from the seeded features"
  lines_before="$(wc -l < "$SERVICE_LOG")"
  model_note="not learnt within $MODEL_WAIT s after seeding"
  for ((i = 0; i < MODEL_WAIT; i += 5)); do
    learnt="$(tail -n +"$((lines_before + 1))" "$SERVICE_LOG" | grep -o 'discover model learnt: [0-9]* items of [0-9]* subjects' | tail -n 1 || true)"
    if [[ -n "$learnt" && ! "$learnt" =~ ": 0 items" ]]; then model_note="$learnt"; break; fi
    sleep 5 # the service learns every recommendation.model.similarity-interval
  done
  say "model: $model_note"
fi

cat > "$WORK/tokens.lua" <<'EOF2'
-- one token per request, in turn, from the file in BENCH_TOKENS (each wrk thread starts at its own offset)
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
local next_token = 0
function setup(thread) thread:set("offset", math.random(#tokens)) end
function init(args) next_token = offset or 0 end
function request()
  next_token = next_token % #tokens + 1
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. tokens[next_token] })
end
EOF2

declare -A RPS P50 P99
run() { # run LABEL PATH TOKENFILE
  local label=$1 path=$2 file=$3
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency -s "$WORK/tokens.lua")
  say "warm-up $label ($WARMUP)"
  BENCH_TOKENS="$file" wrk "${args[@]}" -d"$WARMUP" "$GATEWAY$path" >/dev/null
  say "measure $label ($DURATION, $CONNECTIONS connections)"
  local out; out="$(BENCH_TOKENS="$file" wrk "${args[@]}" -d"$DURATION" "$GATEWAY$path")"
  if grep -q "Non-2xx" <<< "$out"; then say "$label answered errors:"; echo "$out" >&2; exit 1; fi
  RPS[$label]="$(awk '/Requests\/sec/ {print $2}' <<< "$out")"
  P50[$label]="$(awk '$1=="50%" {print $2}' <<< "$out")"
  P99[$label]="$(awk '$1=="99%" {print $2}' <<< "$out")"
}
LABELS=("consents/me" "recommendations (consent)" "recommendations (no consent)")
run "${LABELS[0]}" /api/consents/me "$WORK/bench-rec-c.tokens"
run "${LABELS[1]}" /api/recommendations/me "$WORK/bench-rec-c.tokens"
run "${LABELS[2]}" /api/recommendations/me "$WORK/bench-rec-n.tokens"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
millis() { # wrk's 1.23ms / 456.00us / 1.20s -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
meets() { [[ "$1" == 1 ]] && echo yes || echo no; }
stamp="$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"
report="$RESULTS/recommendations-$stamp.md"
{
  echo "# recommendation-service benchmark through the gateway, $(date -u +'%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, shared by wrk, the gateway, the services, PostgreSQL and"
  echo "Kafka (load before the run: $(uptime | sed 's/.*load average/load average/')). wrk: $THREADS threads, $CONNECTIONS connections,"
  echo "$DURATION per endpoint after a $WARMUP warm-up, one token per request in turn over $SUBJECTS subjects each."
  echo "Subjects with consent: browsing and purchases granted, 8 purchases and 8 views of demo products each."
  echo "Discover model: $model_note."
  echo
  echo "| endpoint | requests/s | p50 | p99 | vs consents/me |"
  echo "|---|---:|---:|---:|---:|"
  for label in "${LABELS[@]}"; do
    echo "| $label | ${RPS[$label]} | ${P50[$label]} | ${P99[$label]} | $(ratio "${RPS[$label]}" "${RPS[consents/me]}") |"
  done
  echo
  for label in "${LABELS[1]}" "${LABELS[2]}"; do
    p99="$(millis "${P99[$label]}")"
    r="$(ratio "${RPS[$label]}" "${RPS[consents/me]}")"
    echo "- $label: p99 $p99 ms < 20 ms: $(meets "$(awk -v p="$p99" 'BEGIN { print (p < 20) }')");" \
      "throughput $r of the consent read >= 0.5: $(meets "$(awk -v r="$r" 'BEGIN { print (r >= 0.5) }')")"
  done
} > "$report"
cp "$report" "$RESULTS/recommendations-latest.md"
cat "$report"
say "written to $report"
