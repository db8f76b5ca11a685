// expect: MLE
#include <vector>
int main() { std::vector<char> v(1u << 30, 1); return v[12345] - 1; }
