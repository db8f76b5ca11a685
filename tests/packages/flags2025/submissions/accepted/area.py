import math
s = input().strip()
try:
    print(f"{math.pi * float(s) ** 2:.9f}")
except ValueError:
    print("Undefined")
