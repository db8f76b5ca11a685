// expect: TLE
for (;;) {}
