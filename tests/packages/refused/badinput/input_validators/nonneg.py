# Two non-negative integers on one line; exit 42 when the input is valid.
import sys

a, b = map(int, sys.stdin.readline().split())
if a < 0 or b < 0:
    print("negative number", file=sys.stderr)
    sys.exit(43)
sys.exit(42)
