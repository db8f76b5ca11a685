#include <cstdio>
int main() { std::printf("0\n"); }
