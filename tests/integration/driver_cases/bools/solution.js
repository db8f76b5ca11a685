var bools = function(b, bs, g, lg) {
    return [[b], bs, ...g, ...lg.map((row) => row.map((x) => x < 0n))];
};
