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
