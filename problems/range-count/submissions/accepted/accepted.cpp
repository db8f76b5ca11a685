#include <bits/stdc++.h>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n, q;
    std::cin >> n >> q;
    std::vector<long long> a(n);
    for (auto &x : a) std::cin >> x;
    std::sort(a.begin(), a.end());
    std::string out;
    while (q--) {
        long long l, r;
        std::cin >> l >> r;
        auto cnt = std::upper_bound(a.begin(), a.end(), r) - std::lower_bound(a.begin(), a.end(), l);
        out += std::to_string(cnt);
        out += '\n';
    }
    std::cout << out;
}
