// Verdicts in words, as people know them from LeetCode and Codeforces.
import { escapeHtml, memory, scoreText } from "./util.js";

const names = {
  AC: "Accepted", WA: "Wrong Answer", TLE: "Time Limit Exceeded", MLE: "Memory Limit Exceeded",
  OLE: "Output Limit Exceeded", RE: "Runtime Error", CE: "Compilation Error", IE: "Internal Error",
};

// The first test that did not pass: from the per-test results when the
// event or row has them, else the one after those that passed.
export function failedTest(r) {
  if (Array.isArray(r.tests)) {
    const t = r.tests.find((x) => x.verdict && x.verdict !== "AC");
    if (t) return t;
  }
  // A history row: the number, and the failing test's signal or exit code.
  if (r.failedTest) return { test: r.failedTest, signal: r.signal, exitCode: r.exitCode };
  if (typeof r.testsPassed === "number" && r.testsTotal && r.testsPassed < r.testsTotal)
    return { test: r.testsPassed + 1 };
  return null;
}

// "Wrong Answer on test 7", "Runtime Error (SIGSEGV) on test 2", "Accepted".
export function verdictWords(r) {
  const code = r.status === "done" ? r.verdict : (r.verdict || r.status);
  let words = names[code] || code || "";
  if (code === "AC" || code === "CE" || code === "IE") return words;
  const t = failedTest(r);
  if (code === "RE" && t) {
    if (t.signal) words += ` (${t.signal})`;
    else if (t.exitCode != null) words += ` (exit code ${t.exitCode})`;
  }
  if (t && t.test) words += ` on test ${t.test}`;
  return words;
}

export function verdictCode(r) {
  return r.status === "done" || !names[r.status] ? r.verdict || r.status : r.status;
}

// The details line: score, time, memory, tests passed.
export function verdictDetails(r) {
  const out = [];
  const score = scoreText(r.score, r.maxScore);
  if (score) out.push(r.partial ? `${score} · partially accepted` : score);
  if (r.timeMs != null) out.push(`${r.timeMs} ms`);
  if (r.memoryKb != null) out.push(memory(r.memoryKb));
  const passed = r.passed ?? r.testsPassed, total = r.total ?? r.testsTotal;
  if (typeof passed === "number" && total) out.push(`passed ${passed}/${total}`);
  return out.join(" · ");
}

// The per-test table of a submission (event or row).
// open: shown unfolded (a submission's page) or folded (under a verdict).
export function testsTable(tests, open = true) {
  if (!Array.isArray(tests) || tests.length === 0) return "";
  return `<details class="tests"${open ? " open" : ""}><summary>Tests (${tests.length})</summary><table class="tests"><thead><tr><th scope="col">test</th><th scope="col">verdict</th>` +
    `<th scope="col">time</th><th scope="col">memory</th></tr></thead><tbody>` +
    tests.map((t) => `<tr><td>${escapeHtml(t.test)}${t.sample ? " (sample)" : ""}</td>` +
      `<td class="v-${escapeHtml(t.verdict)}">${escapeHtml(names[t.verdict] || t.verdict)}${t.signal ? " " + escapeHtml(t.signal) : ""}</td>` +
      `<td>${escapeHtml(t.timeMs)} ms</td><td>${memory(t.memoryKb)}</td></tr>`).join("") + "</tbody></table></details>";
}
