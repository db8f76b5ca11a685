#pragma once
// A directory program's second file: judged beside main.cpp, as Kattis does.
inline long add(long a, long b)
{
    return a + b;
}
