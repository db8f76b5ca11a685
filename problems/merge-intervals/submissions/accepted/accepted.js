/**
 * @param {number[][]} intervals
 * @return {number[][]}
 */
var merge = function(intervals) {
    intervals.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const out = [];
    for (const [l, r] of intervals) {
        if (out.length && l <= out[out.length - 1][1])
            out[out.length - 1][1] = Math.max(out[out.length - 1][1], r);
        else
            out.push([l, r]);
    }
    return out;
};
