# Wrong: strip() also removes the leading and trailing spaces of the text.
print(input().strip()[::-1])
