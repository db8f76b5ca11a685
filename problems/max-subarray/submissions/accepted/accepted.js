/**
 * @param {number[]} nums
 * @return {number}
 */
var maxSubArray = function(nums) {
    // Sums stay below 2^53 (2e5 * 1e9), so numbers are exact.
    let best = nums[0], cur = nums[0];
    for (let i = 1; i < nums.length; i++) {
        cur = cur < 0 ? nums[i] : cur + nums[i];
        if (cur > best) best = cur;
    }
    return best;
};
