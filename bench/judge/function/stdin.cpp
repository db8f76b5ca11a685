#include <bits/stdc++.h>
int main()
{
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    long long n, x, s = 0;
    if (!(std::cin >> n))
        return 1;
    for (long long i = 0; i < n && (std::cin >> x); i++)
        s += x;
    std::cout << s << "\n";
}
