// Twice the area reaches 8e12 and partial sums stay below 2^53: doubles are exact.
const d = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const n = d[0];
let twice = 0;
for (let i = 0; i < n; i++) {
  const j = (i + 1) % n;
  twice += d[1 + 2 * i] * d[2 + 2 * j] - d[1 + 2 * j] * d[2 + 2 * i];
}
console.log((Math.abs(twice) / 2).toFixed(1));
