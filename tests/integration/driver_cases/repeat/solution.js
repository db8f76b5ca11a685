var repeat = function(s, n) {
    if (n < 0) throw new Error('negative');
    return s.repeat(n);
};
