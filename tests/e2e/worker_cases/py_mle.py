# expect: MLE
x = b"a" * (1 << 30)
print(len(x))
