# What the wrk benchmark scripts share; sourced by them, not run.

say() { printf '[bench] %s\n' "$*" >&2; }

# wrk from Debian's packages, installed on first use (as root, or through sudo)
ensure_wrk() {
  command -v wrk >/dev/null && return
  say "installing wrk (apt-get install wrk)"
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi
}
