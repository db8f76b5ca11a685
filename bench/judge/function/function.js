var sumAll = function(nums) {
    let s = 0n;
    for (const x of nums) s += x;
    return s;
};
