// Depth-first search with an explicit stack; finishing order reversed is a
// topological order, and a grey vertex met again means a cycle.
#include <bits/stdc++.h>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n, m;
    std::cin >> n >> m;
    std::vector<std::vector<int>> adj(n + 1);
    for (int i = 0; i < m; i++) {
        int u, v;
        std::cin >> u >> v;
        adj[u].push_back(v);
    }
    std::vector<int> color(n + 1, 0), order, it(n + 1, 0);
    order.reserve(n);
    for (int s = 1; s <= n; s++) {
        if (color[s]) continue;
        std::vector<int> st{s};
        color[s] = 1;
        while (!st.empty()) {
            int u = st.back();
            if (it[u] < (int)adj[u].size()) {
                int v = adj[u][it[u]++];
                if (color[v] == 1) { std::cout << "-1\n"; return 0; }
                if (color[v] == 0) { color[v] = 1; st.push_back(v); }
            } else {
                color[u] = 2;
                order.push_back(u);
                st.pop_back();
            }
        }
    }
    std::reverse(order.begin(), order.end());
    std::string out;
    for (int i = 0; i < n; i++) {
        out += std::to_string(order[i]);
        out += i + 1 < n ? ' ' : '\n';
    }
    std::cout << out;
}
