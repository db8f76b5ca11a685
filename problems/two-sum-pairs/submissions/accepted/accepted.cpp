#include <bits/stdc++.h>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n;
    long long t;
    std::cin >> n >> t;
    std::unordered_map<long long, long long> seen;
    seen.reserve(static_cast<size_t>(n) * 2);
    long long pairs = 0;
    for (int i = 0; i < n; i++) {
        long long x;
        std::cin >> x;
        auto it = seen.find(t - x);
        if (it != seen.end()) pairs += it->second;
        seen[x]++;
    }
    std::cout << pairs << '\n';
}
