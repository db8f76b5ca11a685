#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (packages), builds verdict, and runs the
# whole system on this machine with `verdict up` (private Redis and
# PostgreSQL under .verdict-data/). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
# Warnings are errors in development and CI, not on a user's machine.
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DVERDICT_TESTS=OFF -DVERDICT_WERROR=OFF >/dev/null
cmake --build build-release -j "$(nproc)" >/dev/null
exec build-release/verdict up "$@"
