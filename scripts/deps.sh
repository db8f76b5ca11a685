#!/usr/bin/env bash
# Installs every Debian package verdict needs to build, run and test.
# Idempotent and quiet when everything is already there. Needs root (or sudo).
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config clang-format git
  # libraries (DESIGN.md "Dependencies")
  libuv1-dev node-llhttp libwslay-dev libhiredis-dev libpq-dev libcjson-dev
  libseccomp-dev libssl-dev libcriterion-dev libyaml-dev libzip-dev
  # LaTeX statements of Kattis problem packages (judge/statement.c)
  pandoc
  # services run privately by `verdict up` and the tests
  redis-server postgresql
  # the languages judged
  gcc g++ python3 openjdk-17-jdk-headless golang-go rustc
  # tests and benchmarks (iproute2: ip netns and ss for tests/hosts)
  wrk curl procps iproute2
)
if [ "${VERDICT_DEPS_TEST:-0}" = 1 ]; then
  # the browser tests; the fuzzers (libFuzzer); the deployment files' check (YAML)
  packages+=(chromium clang-14 libclang-rt-14-dev python3-yaml)
fi
# Node.js: any install will do (Debian's or NodeSource's, which bundles npm and
# conflicts with Debian's npm package), so only ask apt when none is present.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# apt's output is kept: test.sh and demo.sh log it, and show its end on failure.
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
# Debian starts these services on install on machines with systemd; verdict
# runs its own private instances and leaves the system's alone.
