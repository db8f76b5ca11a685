/**
 * @param {number[]} nums
 * @param {bigint} target
 * @return {bigint}
 */
var countPairs = function(nums, target) {
    const t = Number(target); // |t| <= 2e9: exact as a number
    const seen = new Map();
    let pairs = 0; // <= 2e10: exact as a number
    for (const x of nums) {
        pairs += seen.get(t - x) || 0;
        seen.set(x, (seen.get(x) || 0) + 1);
    }
    return BigInt(pairs);
};
