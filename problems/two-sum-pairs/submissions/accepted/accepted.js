/**
 * @param {number[]} nums
 * @param {number} target
 * @return {number}
 */
var countPairs = function(nums, target) {
    // |target| <= 2e9 and the count <= 2e10: exact as numbers, as LeetCode passes them.
    const seen = new Map();
    let pairs = 0;
    for (const x of nums) {
        pairs += seen.get(target - x) || 0;
        seen.set(x, (seen.get(x) || 0) + 1);
    }
    return pairs;
};
