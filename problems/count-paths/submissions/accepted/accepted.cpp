#include <bits/stdc++.h>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    const long long MOD = 1000000007LL;
    int n, m;
    std::cin >> n >> m;
    std::vector<long long> ways(m, 0);
    for (int i = 0; i < n; i++) {
        std::string row;
        std::cin >> row;
        for (int j = 0; j < m; j++) {
            if (row[j] == '#') ways[j] = 0;
            else if (i == 0 && j == 0) ways[j] = 1;
            else if (j > 0) ways[j] = (ways[j] + ways[j - 1]) % MOD;
        }
    }
    std::cout << ways[m - 1] << '\n';
}
