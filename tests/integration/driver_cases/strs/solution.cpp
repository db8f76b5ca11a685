class Solution {
public:
    vector<vector<string>> strs(string s, vector<string>& words, vector<vector<string>>& grid) {
        vector<vector<string>> r = {{s}, words};
        r.insert(r.end(), grid.begin(), grid.end());
        return r;
    }
};
