# Exactly one line, ending with a newline. Exit 42 when valid.
import sys

data = sys.stdin.read()
if not data.endswith("\n") or data.count("\n") != 1:
    print("the input must be exactly one line", file=sys.stderr)
    sys.exit(43)
sys.exit(42)
