# shellcheck shell=bash
# Sourced by the set-up scripts (test.sh, demo.sh, pristine.sh). A set-up step
# runs with its output in a log file and says nothing when it succeeds; when it
# fails, the script stops and says which step failed and how its log ends.
#
#   step_logs=DIR                 where the logs go (created on first use)
#   step NAME WHAT CMD [ARG...]   runs CMD; its output goes to $step_logs/NAME.log

step_tail=${VERDICT_STEP_TAIL:-40}

step() {
  local name=$1 what=$2
  shift 2
  mkdir -p "${step_logs:?set step_logs before calling step}"
  local log=$step_logs/$name.log rc=0
  "$@" >"$log" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] && return 0
  local lines first
  lines=$(wc -l <"$log")
  # The first error of a long log may lie before its tail (npm prints its usage after it).
  first=$(grep -n -m 1 -E '(^E: |[Ee]rror|ERROR|FATAL)' "$log" | cut -d: -f1 || true)
  {
    echo "${0##*/}: $what failed (exit status $rc)"
    echo "  command: $*"
    if [ -n "$first" ] && [ "$first" -le $((lines - step_tail)) ]; then
      echo "  its first error, line $first of $log:"
      sed -n "${first},$((first + 4))p" "$log" | sed 's/^/    /'
    fi
    echo "  the last $step_tail lines of $log:"
    tail -n "$step_tail" "$log" | sed 's/^/    /'
  } >&2
  exit "$rc"
}

# True when node_modules holds every package at the version package-lock.json
# pins (a checkout that moved to another pin gets a fresh `npm ci`); an
# optional package of another platform (esbuild's binaries) is not needed.
npm_current() {
  node -e '
    const lock = require("./package-lock.json");
    for (const [path, p] of Object.entries(lock.packages)) {
      if (!path) continue;
      let got;
      try { got = require("./" + path + "/package.json").version; } catch {
        if (p.optional) continue;
        process.exit(1);
      }
      if (got !== p.version) process.exit(1);
    }' 2>/dev/null
}

# npm ci when node_modules is not what package-lock.json pins: the page's
# bundle (esbuild, CodeMirror, markdown-it, KaTeX) is built from it, and the
# browser tests run playwright-core and axe-core from it.
npm_install() {
  if ! npm_current; then
    step npm "installing the page's npm packages (npm ci)" npm ci --no-audit --no-fund
  fi
}
