/**
 * @param {number|bigint} a (a BigInt beyond 2^53)
 * @param {(number|bigint)[]} b
 * @param {number[][]} grid
 * @return {(number|bigint)[][]}
 */
var longs = function(a, b, grid) {
    return [[a], b, grid.map((row) => BigInt(row.reduce((s, x) => s + x, 0)))];
};
