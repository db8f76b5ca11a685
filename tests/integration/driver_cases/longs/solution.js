/**
 * @param {bigint} a
 * @param {bigint[]} b
 * @param {number[][]} grid
 * @return {bigint[][]}
 */
var longs = function(a, b, grid) {
    return [[a], b, grid.map((row) => BigInt(row.reduce((s, x) => s + x, 0)))];
};
