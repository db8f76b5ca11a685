var strs = function(s, words, grid) {
    return [[s], words, ...grid];
};
