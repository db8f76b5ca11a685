class Solution {
    public long maxSubArray(int[] nums) {
        long best = nums[0], cur = nums[0];
        for (int i = 1; i < nums.length; i++) {
            cur = cur < 0 ? nums[i] : cur + nums[i];
            best = Math.max(best, cur);
        }
        return best;
    }
}
