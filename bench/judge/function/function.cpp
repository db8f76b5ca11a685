class Solution {
public:
    long long sumAll(vector<long long>& nums) {
        return accumulate(nums.begin(), nums.end(), 0LL);
    }
};
