#!/usr/bin/env bash
# Benchmarks the gateway on this machine with wrk: the same backend endpoints (the shopper's consent
# read, a recommendation read) directly on their service and through the gateway, in one run, with
# every protection of the gateway on (token check, route table and role, rate limits, circuit breakers,
# timeouts, access log, trace context). Prints requests/s, p50/p99 and the ratios; writes bench/results/.
# For scale, the same endpoints also go through nginx (Debian package) proxying with keep-alive and no
# protection at all: what the leanest proxy on this machine gets out of the same cores.
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
REFERENCE=nginx
REFERENCE_PORT=8190

usage() {
  cat <<'EOF2'
usage: ./suite bench gateway [--duration 20s] [--warmup 10s] [--connections 32] [--threads 2] [--subjects 2000]
                          [--no-reference]
       bench/gateway-bench.sh [same options] [--gateway URL] [--consent URL] [--recommendation URL] [--keys DIR]

Needs the suite running (./suite bench gateway starts it when it is not). Loads, one after the other and
each after a warm-up, with wrk:
  consents/me         GET /api/consents/me           on consent-service, then through the gateway
  recommendations/me  GET /api/recommendations/me    on recommendation-service, then through the gateway
Every request carries the token of the next of SUBJECTS shoppers in turn (bench-gw-N, minted with the
suite's dev key), as real traffic would: the gateway's per-shopper rate limits stay on at their configured
values and are not hit. Reports requests/s, p50 and p99 per side, the gateway/direct throughput ratio
(aim: at least 0.60) and the p50 the gateway adds (aim: under 1 ms).
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
    --warmup) WARMUP=$2; shift 2 ;;
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
    if command -v systemctl >/dev/null; then systemctl stop nginx 2>/dev/null || true; fi
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
[[ -z "$REFERENCE" ]] || run "consents/me nginx" "$REF/api/consents/me"
run "recommendations/me direct" "$RECOMMENDATION/api/recommendations/me"
run "recommendations/me gateway" "$GATEWAY/api/recommendations/me"
[[ -z "$REFERENCE" ]] || run "recommendations/me nginx" "$REF/api/recommendations/me"
stop_reference

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
  if [[ -n "$REFERENCE" ]]; then
    echo
    echo "For scale, the same endpoints through nginx $("$(command -v nginx || echo /usr/sbin/nginx)" -v 2>&1 | sed 's|.*nginx/||'), run beside the suite: a plain reverse proxy with"
    echo "keep-alive connections to the same service, $(nproc) workers, and no token check, limits or log."
    echo
    echo "| endpoint | nginx req/s | nginx p50 | nginx p99 | nginx/direct | p50 added | gateway/nginx |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for endpoint in consents/me recommendations/me; do
      d="$endpoint direct"; g="$endpoint gateway"; n="$endpoint nginx"
      echo "| $endpoint | ${RPS[$n]} | ${P50[$n]} | ${P99[$n]} | $(ratio "${RPS[$n]}" "${RPS[$d]}") | $(added "${P50[$n]}" "${P50[$d]}") | $(ratio "${RPS[$g]}" "${RPS[$n]}") |"
    done
  fi
} > "$report"
cp "$report" "$ROOT/bench/results/gateway-latest.md"
cat "$report"
say "written to $report"
