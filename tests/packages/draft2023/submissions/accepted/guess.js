// Binary search: the interactor gives the upper bound, then a direction per guess.
const rl = require('readline').createInterface({ input: process.stdin });
let lo = 1, hi = null, mid = 0;
rl.on('line', (line) => {
    line = line.trim();
    if (hi === null) hi = Number(line);
    else if (line === 'correct') return rl.close();
    else if (line === 'higher') lo = mid + 1;
    else hi = mid - 1;
    mid = Math.floor((lo + hi) / 2);
    console.log(mid);
});
