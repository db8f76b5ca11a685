var total = function(nums) {
    let s = 0n;
    for (const x of nums) s += BigInt(x);
    return s;
};
