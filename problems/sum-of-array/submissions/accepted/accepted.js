// Sums up to 2e14 are exact in a double (< 2^53).
const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const n = Number(data[0]);
let sum = 0;
for (let i = 1; i <= n; i++) sum += Number(data[i]);
console.log(String(sum));
