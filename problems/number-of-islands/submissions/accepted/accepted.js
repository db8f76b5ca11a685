const data = require('fs').readFileSync(0, 'latin1').split(/\s+/).filter(Boolean);
const n = Number(data[0]);
const m = Number(data[1]);
const w = m + 2;
const g = new Uint8Array(w * (n + 2));
for (let i = 0; i < n; i++) {
  const row = data[2 + i];
  for (let j = 0; j < m; j++) if (row.charCodeAt(j) === 35) g[(i + 1) * w + j + 1] = 1;
}
const stack = new Int32Array(n * m + 1);
let islands = 0;
for (let s = 0; s < g.length; s++) {
  if (!g[s]) continue;
  islands++;
  let top = 0;
  stack[top++] = s;
  g[s] = 0;
  while (top > 0) {
    const c = stack[--top];
    for (const d of [c - w, c + w, c - 1, c + 1]) {
      if (g[d]) { g[d] = 0; stack[top++] = d; }
    }
  }
}
console.log(String(islands));
