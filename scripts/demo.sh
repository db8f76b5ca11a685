#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (packages), builds verdict, and runs the
# whole system on this machine with `verdict up` (private Redis and PostgreSQL;
# data in /var/lib/verdict as root, ~/.local/share/verdict otherwise; `verdict
# up --help` lists the options this script passes on). Ctrl-C stops everything
# it started. A set-up step that fails stops the script with its name and the
# end of its log (under build-release/setup/).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/steps.sh
. scripts/steps.sh

step_logs=build-release/setup
step deps "installing Debian packages (scripts/deps.sh)" scripts/deps.sh
npm_install
# Warnings are errors in development and CI, not on a user's machine.
step configure "configuring the build (cmake)" cmake -S . -B build-release \
  -DCMAKE_BUILD_TYPE=Release -DVERDICT_TESTS=OFF -DVERDICT_WERROR=OFF
step build "building (cmake --build build-release)" cmake --build build-release -j "$(nproc)"
exec build-release/verdict up "$@"
