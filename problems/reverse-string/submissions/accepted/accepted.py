import sys

s = sys.stdin.buffer.readline().rstrip(b'\r\n')
sys.stdout.buffer.write(s[::-1] + b'\n')
