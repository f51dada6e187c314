#!/usr/bin/env bash
# Benchmarks the gateway on this machine with wrk: the same backend endpoints (the shopper's consent
# read, a recommendation read) directly on their service and through the gateway, in one run, with
# every protection of the gateway on (token check, route table and role, rate limits, circuit breakers,
# timeouts, access log, trace context). Prints requests/s, p50/p99 and the ratios; writes bench/results/.
# For scale, the same endpoints also go through nginx (Debian package) proxying with keep-alive and no
# protection at all: what the leanest proxy on this machine gets out of the same cores.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION=10s
LIGHT_DURATION=5s
WARMUP=10s
ROUNDS=3
CONNECTIONS=32
THREADS=2
SUBJECTS=2000
GATEWAY=http://127.0.0.1:8080
CONSENT=http://127.0.0.1:8081
RECOMMENDATION=http://127.0.0.1:8083
KEYS="$ROOT/.suite/keys"
REFERENCE=nginx
REFERENCE_PORT=8190

usage() {
  cat <<'EOF2'
usage: ./suite bench gateway [--duration 10s] [--light-duration 5s] [--warmup 10s] [--rounds 3]
                          [--connections 32] [--threads 2] [--subjects 2000] [--no-reference]
       bench/gateway-bench.sh [same options] [--gateway URL] [--consent URL] [--recommendation URL] [--keys DIR]

Needs the suite running (./suite bench gateway starts it when it is not). Loads with wrk, per endpoint
each side once to warm up, then ROUNDS rounds of the sides in turn (medians reported; each ratio is
taken within a round, so that the sides it compares ran seconds apart on this shared machine):
  consents/me         GET /api/consents/me           on consent-service, then through the gateway
  recommendations/me  GET /api/recommendations/me    on recommendation-service, then through the gateway
Every request carries the token of the next of SUBJECTS shoppers in turn (bench-gw-N, minted with the
suite's dev key), as real traffic would: the gateway's per-shopper rate limits stay on at their configured
values and are not hit. Reports requests/s, p50 and p99 per side under load (CONNECTIONS connections), the
gateway/direct throughput ratio (aim: at least 0.60), and the p50 the gateway adds (aim: under 1 ms), taken
in each round from one more run per side with one connection, one request at a time (LIGHT_DURATION). Under
saturation a closed loop's latency is about connections / throughput (Little's law gives the mean): the p50
added there mostly restates the throughput ratio, so it is reported too, but the latency the gateway adds is
the one-connection figure.
For scale, each endpoint is also loaded through nginx on 127.0.0.1:8190 (started for the run with a
generated configuration and stopped after it): a plain reverse proxy with keep-alive connections to the
same service, one worker per core, no token check, no limits, no log. --no-reference skips it.
Installs wrk and nginx (Debian packages) if missing.
Results: bench/results/gateway-YYYYmmdd-HHMMSS.md (and latest: bench/results/gateway-latest.md).
EOF2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --light-duration) LIGHT_DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --subjects) SUBJECTS=$2; shift 2 ;;
    --gateway) GATEWAY=$2; shift 2 ;;
    --consent) CONSENT=$2; shift 2 ;;
    --recommendation) RECOMMENDATION=$2; shift 2 ;;
    --keys) KEYS=$2; shift 2 ;;
    --no-reference) REFERENCE=; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage; exit 2 ;;
  esac
done

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_wrk
[[ -f "$KEYS/jwt-private.pem" ]] || { say "no dev key in $KEYS: run ./suite up first"; exit 1; }

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
WORK="$(mktemp -d)"
trap 'stop_reference; rm -rf "$WORK"' EXIT

stop_reference() {
  [[ -f "$WORK/nginx.pid" ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null
  return 0
}

# the reference proxy: nginx in front of the same two services, nothing but proxying
start_reference() {
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || {
    say "installing nginx (apt-get install nginx-light), the reference proxy"
    if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq nginx-light >/dev/null; fi
    # the package starts its own server on port 80; this run needs only its binary
    service nginx stop >/dev/null 2>&1 || systemctl stop nginx >/dev/null 2>&1 || true
  }
  local bin; bin="$(command -v nginx || echo /usr/sbin/nginx)"
  local consent_host=${CONSENT#http://} recommendation_host=${RECOMMENDATION#http://}
  mkdir -p "$WORK/nginx-temp"
  cat > "$WORK/nginx.conf" <<EOF2
worker_processes $(nproc);
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx-temp/body;
  proxy_temp_path $WORK/nginx-temp/proxy;
  fastcgi_temp_path $WORK/nginx-temp/fastcgi;
  uwsgi_temp_path $WORK/nginx-temp/uwsgi;
  scgi_temp_path $WORK/nginx-temp/scgi;
  upstream consent { server ${consent_host%/}; keepalive 64; }
  upstream recommendation { server ${recommendation_host%/}; keepalive 64; }
  server {
    listen 127.0.0.1:$REFERENCE_PORT;
    location /api/consents/ { proxy_pass http://consent; proxy_http_version 1.1; proxy_set_header Connection ""; }
    location /api/recommendations/ {
      proxy_pass http://recommendation; proxy_http_version 1.1; proxy_set_header Connection "";
    }
  }
}
EOF2
  "$bin" -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" || { say "nginx did not start: $(cat "$WORK/nginx-error.log")"; exit 1; }
}

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

REF=http://127.0.0.1:$REFERENCE_PORT
CHECK=("$GATEWAY/api/consents/me" "$CONSENT/api/consents/me" "$RECOMMENDATION/api/recommendations/me"
       "$GATEWAY/api/recommendations/me")
if [[ -n "$REFERENCE" ]]; then
  start_reference
  CHECK+=("$REF/api/consents/me" "$REF/api/recommendations/me")
fi
for url in "${CHECK[@]}"; do
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(head -n 1 "$WORK/tokens")" "$url")"
  [[ "$code" == 200 ]] || { say "$url answered $code, not 200: is the suite up (./suite status)?"; exit 1; }
done

to_ms() { # wrk latency (850.00us, 1.23ms, 1.02s) -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

declare -A RPS P50 P99 ERRORS
# one wrk run; appends its req/s, p50 and p99 (ms) to the label's lists
measure() { # measure LABEL URL [THREADS CONNECTIONS DURATION]
  local label=$1 url=$2
  local args=(-t"${3:-$THREADS}" -c"${4:-$CONNECTIONS}" --latency -s "$WORK/tokens.lua")
  local out; out="$(wrk "${args[@]}" -d"${5:-$DURATION}" "$url")"
  RPS[$label]+="$(awk '/Requests\/sec/ {print $2}' <<< "$out") "
  P50[$label]+="$(to_ms "$(awk '$1=="50%" {print $2}' <<< "$out")") "
  P99[$label]+="$(to_ms "$(awk '$1=="99%" {print $2}' <<< "$out")") "
  local errors; errors="$(awk '/Non-2xx/ {print $NF}' <<< "$out")"
  ERRORS[$label]=$(( ${ERRORS[$label]:-0} + ${errors:-0} ))
  [[ "${errors:-0}" == 0 ]] || say "$label: $errors answers were not 2xx"
}

# per endpoint: each side warmed up once, then ROUNDS rounds of direct, gateway (and nginx) one after the
# other, so that the sides a ratio compares ran seconds apart; the report gives medians over the rounds
SIDES=(direct gateway)
[[ -z "$REFERENCE" ]] || SIDES+=(nginx)
for endpoint in consents/me recommendations/me; do
  declare -A URL=([direct]="$CONSENT/api/$endpoint" [gateway]="$GATEWAY/api/$endpoint" [nginx]="$REF/api/$endpoint")
  [[ $endpoint == consents/me ]] || URL[direct]="$RECOMMENDATION/api/$endpoint"
  for side in "${SIDES[@]}"; do
    say "warm-up $endpoint $side ($WARMUP)"
    wrk -t"$THREADS" -c"$CONNECTIONS" -s "$WORK/tokens.lua" -d"$WARMUP" "${URL[$side]}" >/dev/null
  done
  for round in $(seq 1 "$ROUNDS"); do
    for side in "${SIDES[@]}"; do
      say "measure $endpoint $side, round $round of $ROUNDS ($DURATION, $CONNECTIONS connections)"
      measure "$endpoint $side" "${URL[$side]}"
    done
    for side in "${SIDES[@]}"; do
      say "measure $endpoint $side, round $round of $ROUNDS ($LIGHT_DURATION, one request at a time)"
      measure "$endpoint $side light" "${URL[$side]}" 1 1 "$LIGHT_DURATION"
    done
  done
done
stop_reference

median() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{v[NR] = $1} END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# per round A/B (or A-B), then: median (min–max)
paired() { # paired LIST_A LIST_B ratio|diff
  local values
  values="$(awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN { n = split(a, x, " "); split(b, y, " ");
    for (i = 1; i <= n; i++) print op == "ratio" ? x[i] / y[i] : x[i] - y[i] }')"
  awk -v m="$(median <<< "$values")" -v op="$3" 'NR == 1 { lo = $1 } { hi = $1 } END {
    printf op == "ratio" ? "%.2f" : "%.2f ms", m; if (NR > 1) printf " (%.2f–%.2f)", lo, hi }' <(sort -g <<< "$values")
}
rps() { median <<< "${RPS[$1]}" | awk '{printf "%.0f", $1}'; }
ms() { awk -v v="$1" 'BEGIN { printf "%.2f ms", v }'; }
p50() { ms "$(median <<< "${P50[$1]}")"; }
p99() { ms "$(median <<< "${P99[$1]}")"; }
stamp="$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$ROOT/bench/results"
report="$ROOT/bench/results/gateway-$stamp.md"
{
  echo "# gateway benchmark, $(date -u +'%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load before the run: $LOAD_BEFORE;"
  echo "wrk on the same machine, $THREADS threads, $CONNECTIONS connections; per endpoint each side warmed up for $WARMUP, then"
  echo "$ROUNDS rounds of direct, gateway$([[ -z "$REFERENCE" ]] || echo ", nginx") in turn, $DURATION each: figures are medians over the rounds, ratios and added"
  echo "p50 the median of each round's own (min–max in brackets). $SUBJECTS shoppers' RS256 tokens in turn. The gateway runs"
  echo "with every protection on (token check with the verified-token cache, route table and role, per-shopper rate"
  echo "limits, circuit breakers, timeouts, access log, trace context). Gateway, services, PostgreSQL, Kafka and wrk"
  echo "share the same cores."
  echo
  echo "Under load ($CONNECTIONS connections):"
  echo
  echo "| endpoint | direct req/s | direct p50 | direct p99 | gateway req/s | gateway p50 | gateway p99 | gateway/direct | p50 added under load | non-2xx (direct/gateway) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for endpoint in consents/me recommendations/me; do
    d="$endpoint direct"; g="$endpoint gateway"
    echo "| $endpoint | $(rps "$d") | $(p50 "$d") | $(p99 "$d") | $(rps "$g") | $(p50 "$g") | $(p99 "$g") | $(paired "${RPS[$g]}" "${RPS[$d]}" ratio) | $(paired "${P50[$g]}" "${P50[$d]}" diff) | ${ERRORS[$d]}/${ERRORS[$g]} |"
  done
  echo
  echo "One request at a time (1 connection, $LIGHT_DURATION per side and round): the latency the gateway adds."
  echo
  echo "| endpoint | direct p50 | direct p99 | gateway p50 | gateway p99 | p50 added | p99 added | non-2xx (direct/gateway) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for endpoint in consents/me recommendations/me; do
    d="$endpoint direct light"; g="$endpoint gateway light"
    echo "| $endpoint | $(p50 "$d") | $(p99 "$d") | $(p50 "$g") | $(p99 "$g") | $(paired "${P50[$g]}" "${P50[$d]}" diff) | $(paired "${P99[$g]}" "${P99[$d]}" diff) | ${ERRORS[$d]}/${ERRORS[$g]} |"
  done
  echo
  echo "Aims: through the gateway at least 0.60 of direct throughput (under load), and under 1 ms added at p50"
  echo "(one request at a time: under load a closed loop's latency is about connections ÷ throughput, the mean by"
  echo "Little's law, so the p50 added there mostly restates the throughput ratio rather than the gateway's own latency)."
  if [[ -n "$REFERENCE" ]]; then
    echo
    echo "For scale, the same endpoints through nginx $("$(command -v nginx || echo /usr/sbin/nginx)" -v 2>&1 | sed 's|.*nginx/||'), in the same rounds: a plain reverse proxy with"
    echo "keep-alive connections to the same service, $(nproc) workers, and no token check, limits or log."
    echo
    echo "| endpoint | nginx req/s | nginx p50 | nginx p99 | nginx/direct | p50 added under load | gateway/nginx | p50 added, one request at a time |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for endpoint in consents/me recommendations/me; do
      d="$endpoint direct"; g="$endpoint gateway"; n="$endpoint nginx"
      echo "| $endpoint | $(rps "$n") | $(p50 "$n") | $(p99 "$n") | $(paired "${RPS[$n]}" "${RPS[$d]}" ratio) | $(paired "${P50[$n]}" "${P50[$d]}" diff) | $(paired "${RPS[$g]}" "${RPS[$n]}" ratio) | $(paired "${P50["$n light"]}" "${P50["$d light"]}" diff) |"
    done
  fi
} > "$report"
cp "$report" "$ROOT/bench/results/gateway-latest.md"
cat "$report"
say "written to $report"
