// A line diff of expected and actual output (longest common subsequence on
// lines, small inputs only: the outputs shown are capped at a few KB).
import { escapeHtml } from "./util.js";

export function lineDiff(expected, actual) {
  const a = String(expected ?? "").replace(/\n$/, "").split("\n");
  const b = String(actual ?? "").replace(/\n$/, "").split("\n");
  if (a.length * b.length > 250000) return `<pre class="diff">${escapeHtml("(too long to compare line by line)")}</pre>`;
  const n = a.length, m = b.length;
  const L = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      L[i][j] = a[i] === b[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const out = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { out.push(`<span class="same">  ${escapeHtml(a[i])}</span>`); i++; j++; }
    // what was expected and is missing first, then what came instead
    else if (i < n && (j >= m || L[i + 1][j] >= L[i][j + 1])) { out.push(`<del>- ${escapeHtml(a[i])}</del>`); i++; }
    else { out.push(`<ins>+ ${escapeHtml(b[j])}</ins>`); j++; }
  }
  return `<div class="muted">Difference (- expected, + yours)</div><pre class="diff">${out.join("")}</pre>`;
}

// Input, expected and yours side by side, and their diff.
export function caseView(c) {
  const col = (t, v) => `<div><div class="muted">${t}</div><pre>${escapeHtml(v ?? "")}</pre></div>`;
  return `<div class="case">${col("Input", c.input)}${col("Expected", c.expected)}${col("Yours", c.output)}</div>` +
    (c.expected != null && c.output != null ? lineDiff(c.expected, c.output) : "");
}

// A failed visible test's case (a sample's; issue 13's feedback:
// "failedCase": {"test", "input", "expected", "output", "...Cut"}).
export function failedCaseView(c) {
  if (!c || typeof c !== "object") return "";
  const cut = (v, isCut) => (isCut ? `${v ?? ""}\n… (cut)` : v);
  return `<div class="failed-case"><h3>Test ${escapeHtml(c.test ?? "")}: input, expected, yours</h3>` +
    caseView({ input: cut(c.input, c.inputCut), expected: cut(c.expected, c.expectedCut), output: cut(c.output, c.outputCut) }) + "</div>";
}
