/**
 * Wrong: reverses UTF-16 code units, which splits an emoji's surrogate pair
 * (right on ASCII, é and 日, wrong on 😀).
 * @param {string} s
 * @return {string}
 */
var reverseString = function(s) {
    return s.split('').reverse().join('');
};
