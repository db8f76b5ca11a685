class Solution {
public:
    string repeat(string s, int n) {
        if (n < 0) throw invalid_argument("negative");
        string r;
        for (int i = 0; i < n; i++) r += s;
        return r;
    }
};
