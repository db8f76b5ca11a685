#!/usr/bin/env bash
# Style gate, run by ctest: clang-format (the committed .clang-format) and the
# calls our C must not make (STYLE.md §9: no atoi/gets/sprintf/strcpy, and no
# shell strings: system/popen). Submitted programs (test cases under */cases/, *_cases/)
# and problems/ are not our code and are not checked.
set -u
cd "${VERDICT_SOURCE_DIR:-$(dirname "$0")/..}"
files=$(git ls-files 'src/*.[ch]' 'tests/*.[ch]' 'bench/*.[ch]' 'drivers/*.[ch]' 2>/dev/null | grep -vE '(^|/)[a-z_]*cases/')
[ -n "$files" ] || files=$(find src tests bench drivers -name '*.[ch]' -not -path '*cases/*')
rc=0
unformatted=$(for f in $files; do clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || echo "$f"; done)
if [ -n "$unformatted" ]; then
  echo "clang-format would change:"; echo "$unformatted"; rc=1
fi
banned=$(grep -nE '(^|[^_a-z0-9.>])(atoi|atol|atoll|gets|sprintf|vsprintf|strcpy|strcat|system|popen)[[:space:]]*\(' $files |
  grep -vE '//|/\*.*(atoi|system)' || true)
if [ -n "$banned" ]; then
  echo "banned calls:"; echo "$banned"; rc=1
fi
# Allocations go through common/alloc.c's wrappers, which abort on failure
# (STYLE.md §5): a bare malloc's NULL would otherwise go unchecked.
raw=$(echo "$files" | grep '^src/' | grep -v '^src/common/alloc.c$' |
  xargs grep -nE '(^|[^_a-z])(malloc|calloc|realloc|strdup|strndup)[[:space:]]*\(' || true)
if [ -n "$raw" ]; then
  echo "allocations outside common/alloc.c:"; echo "$raw"; rc=1
fi
[ $rc -eq 0 ] && echo "lint: $(echo "$files" | wc -l) files formatted, no banned calls"
exit $rc
