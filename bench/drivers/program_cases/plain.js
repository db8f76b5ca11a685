const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter((t) => t);
const n = Number(data[0]);
const nums = data.slice(1, 1 + n).map(Number);
let s = 0n;
for (const x of nums) s += BigInt(x);
console.log(s.toString());
