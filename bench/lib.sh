# What the benchmark scripts share; sourced by them, not run.

say() { printf '[bench] %s\n' "$*" >&2; }

# wrk from Debian's packages, installed on first use (as root, or through sudo)
ensure_wrk() {
  command -v wrk >/dev/null && return
  say "installing wrk (apt-get install wrk)"
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi
}

# local_infra_classpath CLASS [CLASSPATH_NEEDLE]: prints the class path of local-infra's jar and its runtime
# dependencies, building local-infra first when its jar is missing or predates CLASS (dev.personalization.infra...)
# or, with CLASSPATH_NEEDLE, when its dependency list lacks that text (e.g. kafka-tools-).
local_infra_classpath() {
  local class=$1 needle=${2:-} root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local listing="$root/local-infra/target/classes/dev/personalization/infra/runtime-classpath.txt"
  built() {
    local jar
    jar="$(ls "$root"/local-infra/target/local-infra-*.jar 2>/dev/null | grep -v sources | head -n 1 || true)"
    [[ -n "$jar" && -f "$listing" ]] || return 1
    { unzip -l "$jar" 2>/dev/null || jar tf "$jar"; } | grep -q "${class//.//}.class" || return 1
    [[ -z "$needle" ]] || grep -q "$needle" "$listing" || return 1
    echo "$jar:$(cat "$listing")"
  }
  built && return
  say "building local-infra (the benchmark harness lives there; mvn package, tests skipped)"
  (cd "$root" && mvn -B -q -pl local-infra -am package -DskipTests) >&2
  built || { say "local-infra has no $class after the build"; return 1; }
}
