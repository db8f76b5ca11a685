# expect: WA
print(0)
