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

// The history view pages through all of the user's submissions, newest
// first, PAGE rows at a time: it reads them from the api CHUNK at a time
// (?before= the last one read) as its pages and filters need them, so an
// old submission is reachable however many came after it.
const PAGE = 20, CHUNK = 50;
const view = { user: "", rows: [], more: true, page: 0, reading: null, gen: 0 };

// Read again from the newest (a new verdict, another user); what a read
// still under way brings is then dropped (gen).
export function resetHistoryView() {
  view.gen++;
  view.user = state.user;
  view.rows = [];
  view.more = true;
  view.reading = null;
}

function readMore() {
  if (!view.reading) {
    const gen = view.gen;
    const last = view.rows[view.rows.length - 1];
    const q = `limit=${CHUNK}${last ? `&before=${encodeURIComponent(last.id)}` : ""}`;
    const reading = api(`/api/users/${encodeURIComponent(view.user)}/submissions?${q}`).then((rows) => {
      if (gen !== view.gen) return;
      view.rows.push(...rows);
      view.more = rows.length === CHUNK;
    }, () => { if (gen === view.gen) view.more = false; }).finally(() => { if (view.reading === reading) view.reading = null; });
    view.reading = reading;
  }
  return view.reading;
}

function filtered() {
  const q = $("h-problem").value.trim().toLowerCase();
  const v = $("h-verdict").value, l = $("h-language").value;
  return { any: !!(q || v || l), rows: view.rows.filter((s) => (!q || s.problemId.includes(q)) && (!v || s.verdict === v) && (!l || s.language === l)) };
}

export function initHistory() {
  for (const id of ["h-problem", "h-verdict", "h-language"]) $(id).oninput = () => { view.page = 0; renderHistory(); };
  $("h-newer").onclick = () => { view.page = Math.max(0, view.page - 1); renderHistory(); };
  $("h-older").onclick = () => { view.page++; renderHistory(); };
}

export function fillHistoryLanguages() {
  $("h-language").innerHTML = `<option value="">all</option>` +
    state.languages.map((l) => `<option value="${escapeHtml(l.id)}">${escapeHtml(l.name || l.id)}</option>`).join("");
}

// The page asked for, once enough is read to fill it (or all is).
export async function renderHistory() {
  if (view.user !== state.user) resetHistoryView();
  while (view.user && view.more && filtered().rows.length <= (view.page + 1) * PAGE) await readMore();
  const { any, rows } = filtered();
  const last = Math.max(0, Math.ceil(rows.length / PAGE) - 1);
  if (view.page > last) view.page = last;
  const from = view.page * PAGE, shown = rows.slice(from, from + PAGE);
  $("history").tBodies[0].innerHTML = shown.map((s) =>
    `<tr><td><a href="#/history/${escapeHtml(s.id)}" aria-label="submission ${escapeHtml(s.id.slice(0, 8))}">${escapeHtml(s.id.slice(0, 8))}</a></td>` +
    `<td><a href="#/problems/${escapeHtml(s.problemId)}">${escapeHtml(s.problemId)}</a></td><td>${escapeHtml(s.language)}</td>` +
    `<td class="verdict v-${escapeHtml(s.verdict || "")}">${escapeHtml(s.verdict ? verdictWords(s) : s.status)}</td>` +
    `<td>${s.timeMs != null ? s.timeMs + " ms" : ""}</td><td>${memory(s.memoryKb)}</td><td>${escapeHtml(when(s.createdAt))}</td></tr>`).join("") ||
    `<tr><td colspan="7" class="muted">No submissions${any ? " match" : " yet"}.</td></tr>`;
  $("h-newer").disabled = view.page === 0;
  $("h-older").disabled = rows.length <= from + PAGE;
  $("h-page").textContent = rows.length ? `${from + 1}–${from + shown.length} of ${rows.length}${view.more ? "+" : ""}` : "";
  $("history").dataset.page = String(view.page + 1);
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
