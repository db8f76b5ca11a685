/**
 * @param {string} s
 * @return {string}
 */
var reverseString = function(s) {
    // Spreading a string walks code points, not UTF-16 units.
    return [...s].reverse().join('');
};
