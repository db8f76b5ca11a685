class Solution {
public:
    vector<vector<bool>> bools(bool b, vector<bool>& bs, vector<vector<bool>>& g, vector<vector<long long>>& lg) {
        vector<vector<bool>> r = {{b}, bs};
        for (auto &row : g) r.push_back(row);
        for (auto &row : lg) {
            vector<bool> neg;
            for (long long x : row) neg.push_back(x < 0);
            r.push_back(neg);
        }
        return r;
    }
};
