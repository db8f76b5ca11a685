// The user's submissions, filtered by problem, verdict and language; each
// opens its code and its per-test results.
import { $, escapeHtml, memory, when } from "./util.js";
import { api } from "./api.js";
import { state } from "./state.js";
import { verdictWords, verdictCode, verdictDetails, testsTable } from "./verdict.js";
import { failedCaseView } from "./diff.js";

export async function loadHistory() {
  if (!state.user) { state.history = []; return; }
  state.history = await api(`/api/users/${encodeURIComponent(state.user)}/submissions?limit=200`).catch(() => state.history);
}

export function initHistory() {
  for (const id of ["h-problem", "h-verdict", "h-language"]) $(id).oninput = renderHistory;
}

export function fillHistoryLanguages() {
  $("h-language").innerHTML = `<option value="">all</option>` +
    state.languages.map((l) => `<option value="${escapeHtml(l.id)}">${escapeHtml(l.name || l.id)}</option>`).join("");
}

export function renderHistory() {
  const q = $("h-problem").value.trim().toLowerCase();
  const v = $("h-verdict").value, l = $("h-language").value;
  const rows = state.history.filter((s) => (!q || s.problemId.includes(q)) && (!v || s.verdict === v) && (!l || s.language === l));
  $("history").tBodies[0].innerHTML = rows.map((s) =>
    `<tr><td><a href="#/history/${escapeHtml(s.id)}" aria-label="submission ${escapeHtml(s.id.slice(0, 8))}">${escapeHtml(s.id.slice(0, 8))}</a></td>` +
    `<td><a href="#/problems/${escapeHtml(s.problemId)}">${escapeHtml(s.problemId)}</a></td><td>${escapeHtml(s.language)}</td>` +
    `<td class="verdict v-${escapeHtml(s.verdict || "")}">${escapeHtml(s.verdict ? verdictWords(s) : s.status)}</td>` +
    `<td>${s.timeMs != null ? s.timeMs + " ms" : ""}</td><td>${memory(s.memoryKb)}</td><td>${escapeHtml(when(s.createdAt))}</td></tr>`).join("") ||
    `<tr><td colspan="7" class="muted">No submissions${q || v || l ? " match" : " yet"}.</td></tr>`;
}

export async function openSubmission(id) {
  const el = $("submission");
  el.hidden = false;
  el.innerHTML = `<p class="muted">Loading…</p>`;
  try {
    const s = await api(`/api/submissions/${encodeURIComponent(id)}`);
    const code = s.status === "done" ? verdictCode(s) : s.status;
    el.innerHTML = `<h2>Submission ${escapeHtml(s.id.slice(0, 8))} · <a href="#/problems/${escapeHtml(s.problemId)}">${escapeHtml(s.problemId)}</a> · ${escapeHtml(s.language)}</h2>` +
      `<p><span class="verdict v-${escapeHtml(code)}">${escapeHtml(s.status === "done" ? verdictWords(s) : s.status)}</span> ` +
      `<span class="muted">${escapeHtml(verdictDetails(s))}${s.rejudging ? " · being rejudged" : ""}</span></p>` +
      (s.compileOutput ? `<pre class="compile">${escapeHtml(s.compileOutput)}</pre>` : "") +
      failedCaseView(s.failedCase) + testsTable(s.tests) + `<h3>Code</h3><pre class="code"><code>${escapeHtml(s.code)}</code></pre>`;
    el.dataset.id = s.id;
    el.focus?.();
  } catch (e) {
    el.innerHTML = `<p class="error">${escapeHtml(e.message)}</p>`;
  }
}
