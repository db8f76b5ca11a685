var total = function(x, xs, m) {
    let r = x;
    for (const v of xs) r += v;
    for (const row of m) for (const v of row) r += v;
    return r;
};
