# expect: RE
# message: exit code 1
raise ValueError("boom")
