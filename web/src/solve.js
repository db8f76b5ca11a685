// A problem: its statement and samples, the editor with starter code and
// drafts, Submit with live progress and the verdict in words, Run on the
// samples or the user's own input, and the user's submissions to it.
import { $, escapeHtml, memory, when, copy } from "./util.js";
import { api } from "./api.js";
import { state } from "./state.js";
import { createEditor } from "./editor.js";
import { verdictWords, verdictCode, verdictDetails, testsTable } from "./verdict.js";
import { histogram } from "./histogram.js";
import { failedCaseView, lineDiff } from "./diff.js";

export const solve = {
  problem: null,
  editor: null,
  pending: new Map(), // submission id -> true, until its verdict
  runs: new Map(), // run id -> true, until its result
  early: new Map(), // run results that came before the api's answer
  shown: "", // the submission id the result panel follows
  done: new Set(), // submissions whose verdict came: later progress is stale
};

function draftKey(problem, lang) {
  return `verdict.draft.${problem}.${lang}`;
}

function starter(p, lang) {
  return (p.templates && p.templates[lang]) || "";
}

export function initSolve(live) {
  solve.live = live;
  solve.editor = createEditor($("editor"), {
    change(text) {
      if (!solve.problem) return;
      localStorage.setItem(draftKey(solve.problem.id, $("language").value), text);
      updateButtons();
    },
    submit: () => { if (!$("submit").disabled) submit(); },
    run: () => { if (!$("run").disabled) run(); },
  });
  $("submit").onclick = submit;
  $("run").onclick = run;
  $("reset").onclick = () => {
    if (!solve.problem) return;
    localStorage.removeItem(draftKey(solve.problem.id, $("language").value));
    loadCode();
  };
  $("language").onchange = () => {
    localStorage.setItem("verdict.lang", $("language").value);
    loadCode();
  };
}

export function fillLanguages() {
  const sel = $("language");
  sel.innerHTML = state.languages.map((l) => `<option value="${escapeHtml(l.id)}">${escapeHtml(l.name || l.id)}</option>`).join("");
  const want = localStorage.getItem("verdict.lang") || "c";
  if (state.languages.some((l) => l.id === want)) sel.value = want;
}

function loadCode() {
  const p = solve.problem;
  const lang = $("language").value;
  const draft = localStorage.getItem(draftKey(p.id, lang));
  solve.editor.load(draft !== null ? draft : starter(p, lang), lang);
  updateButtons();
}

export function updateButtons() {
  const ok = !!(solve.problem && state.user && solve.editor.text.trim());
  $("submit").disabled = !ok;
  $("run").disabled = !ok;
}

// The statement's own "# Title" line is replaced by the problem's title,
// so that an edited title shows at once. markdown.js is evaluated when the
// first statement is shown (it says why).
async function statementHtml(p) {
  const { renderMarkdown } = await import("./markdown.js");
  const body = String(p.statement || "").replace(/^\s*#[^\n]*\n/, "");
  const limits = `Time limit ${p.timeLimitMs} ms · memory ${p.memoryLimitMb} MB · ${p.testCount} tests`;
  return `<h1>${escapeHtml(p.title)}</h1><p class="meta"><span class="diff d-${escapeHtml(p.difficulty)}">${escapeHtml(p.difficulty)}</span> ` +
    `<span class="muted">${escapeHtml(limits)}</span></p>` + (await renderMarkdown(body));
}

function samplesHtml(p) {
  return (p.samples || []).map((s, i) => {
    if (s.interaction !== undefined)
      return `<h2>Sample ${i + 1}</h2><div class="muted">interaction</div><pre>${escapeHtml(s.interaction)}</pre>`;
    const block = (what, text) => `<div class="sample-head"><span class="muted">${what}</span>` +
      `<button type="button" class="quiet copy" data-copy="${escapeHtml(text)}" aria-label="Copy sample ${i + 1} ${what}">Copy</button></div><pre>${escapeHtml(text)}</pre>`;
    return `<h2>Sample ${i + 1}</h2>${block("input", s.input)}${block("output", s.output)}`;
  }).join("");
}

export async function openProblem(id) {
  const p = await api(`/api/problems/${encodeURIComponent(id)}`);
  const statement = await statementHtml(p);
  solve.problem = p;
  $("statement").innerHTML = statement;
  $("samples").innerHTML = samplesHtml(p);
  for (const b of $("samples").querySelectorAll("button.copy")) b.onclick = () => copy(b, b.dataset.copy);
  const first = (p.samples || []).find((s) => s.input !== undefined);
  $("run-input").value = first ? first.input : "";
  $("result").innerHTML = "";
  delete $("result").dataset.status;
  $("run-result").innerHTML = "";
  $("progress").hidden = true;
  solve.shown = "";
  document.title = `${p.title} · verdict`;
  problemHistory();
  loadCode();
}

export function problemHistory() {
  const p = solve.problem;
  if (!p) return;
  const rows = state.history.filter((s) => s.problemId === p.id).slice(0, 10);
  $("problem-history").tBodies[0].innerHTML = rows.map((s) =>
    `<tr><td><a href="#/history/${escapeHtml(s.id)}">${escapeHtml(when(s.createdAt) || s.id.slice(0, 8))}</a></td><td>${escapeHtml(s.language)}</td>` +
    `<td class="v-${escapeHtml(s.verdict || "")}">${escapeHtml(s.verdict ? verdictWords(s) : s.status)}</td>` +
    `<td>${s.timeMs != null ? s.timeMs + " ms" : ""}</td><td>${memory(s.memoryKb)}</td></tr>`).join("");
}

function progress(stage, k, n) {
  $("progress").hidden = false;
  const bar = $("progress-bar");
  if (stage === "running") { bar.max = n || 1; bar.value = k; } else { bar.removeAttribute("value"); }
  $("progress-text").textContent = stage === "running" ? `Running test ${k} of ${n}` : stage === "compiling" ? "Compiling…" : "Queued…";
}

async function submit() {
  const p = solve.problem;
  const body = { userId: state.user, problemId: p.id, language: $("language").value, code: solve.editor.text };
  $("submit").disabled = true;
  $("result").innerHTML = "";
  delete $("result").dataset.status;
  // Queued from the click: the worker's first progress event (or even the
  // verdict) may arrive before the api's answer, and is then this one's.
  solve.shown = "";
  progress("queued");
  try {
    const r = await api("/api/submissions", { method: "POST", json: body });
    if (!solve.shown) solve.shown = r.id;
    if (solve.shown === r.id && $("result").dataset.status === undefined) solve.pending.set(r.id, true);
    // Without a live connection, ask the api until the verdict is there.
    if (!solve.live.ready && solve.pending.has(r.id)) poll(r.id);
  } catch (e) {
    $("progress").hidden = true;
    $("result").innerHTML = `<p class="error">${escapeHtml(e.message)}</p>`;
  } finally {
    updateButtons();
  }
}

export async function poll(id) {
  for (let delay = 300; solve.pending.has(id) && !solve.live.ready; delay = Math.min(delay * 1.5, 3000)) {
    await new Promise((r) => setTimeout(r, delay));
    const s = await api(`/api/submissions/${id}`).catch(() => null);
    if (s && s.status === "done" && solve.pending.has(id)) {
      solve.pending.delete(id);
      onResult(Object.assign({ type: "result", submissionId: id, feedback: s.teamMessage }, s, { status: s.verdict }));
    }
  }
}

// A progress event of this user: shown when it is the submission the panel
// follows, or one to the open problem (a second tab's).
export function onProgress(ev) {
  // Progress is live only (not replayed, not ordered with the verdict): one
  // arriving after its verdict is dropped.
  if (!solve.problem || ev.problemId !== solve.problem.id || solve.done.has(ev.submissionId)) return;
  if (solve.shown && solve.shown !== ev.submissionId) return;
  solve.shown = ev.submissionId;
  progress(ev.stage, ev.test, ev.of);
}

export function onResult(ev) {
  solve.pending.delete(String(ev.submissionId));
  solve.done.add(String(ev.submissionId));
  if (!solve.problem || ev.problemId !== solve.problem.id) return false;
  solve.shown = ev.submissionId;
  $("progress").hidden = true;
  const el = $("result");
  const code = verdictCode(ev);
  el.innerHTML = `<p class="verdict-line"><span class="verdict v-${escapeHtml(code)}">${escapeHtml(verdictWords(ev))}</span> ` +
    `<span class="muted">${escapeHtml(verdictDetails(ev))}</span></p><div id="beats"></div>` +
    (ev.message && code !== "AC" ? `<pre class="message">${escapeHtml(ev.message)}</pre>` : "") +
    (ev.compileOutput ? `<pre class="compile">${escapeHtml(ev.compileOutput)}</pre>` : "") +
    (ev.feedback ? `<pre class="feedback">${escapeHtml(ev.feedback)}</pre>` : "") +
    failedCaseView(ev.failedCase) + testsTable(ev.tests, false);
  el.dataset.status = code;
  if (ev.partial) el.dataset.partial = "true";
  else delete el.dataset.partial;
  if (code === "AC") beats(ev);
  return true;
}

// "Beats X%" (issue 13): the event's runtimeBeats and memoryBeats, and the
// histograms of GET /api/problems/{id}/stats?language= with the user's
// bucket marked.
async function beats(ev) {
  const lang = ev.language || $("language").value;
  const st = await api(`/api/problems/${encodeURIComponent(ev.problemId)}/stats?language=${encodeURIComponent(lang)}`).catch(() => null);
  if (solve.shown !== ev.submissionId) return;
  const rt = (st && st.runtime) || {}, mem = (st && st.memory) || {};
  const line = [ev.runtimeBeats != null ? `Runtime ${ev.timeMs} ms, beats ${Number(ev.runtimeBeats).toFixed(2)}%` : "",
    ev.memoryBeats != null ? `Memory ${memory(ev.memoryKb)}, beats ${Number(ev.memoryBeats).toFixed(2)}%` : ""].filter(Boolean);
  $("beats").innerHTML = (line.length ? `<p class="beats">${escapeHtml(line.join(" · "))} of accepted ${escapeHtml(lang)} submissions</p>` : "") +
    `<div class="histograms">${histogram("Runtime", "ms", rt.buckets, ev.timeMs, ev.runtimeBeats)}` +
    `${histogram("Memory", "KB", mem.buckets, ev.memoryKb, ev.memoryBeats)}</div>`;
}

// Run (issue 13: POST /api/runs, the result as {"type":"run"} on the
// gateway and at GET /api/runs/{id}).
async function run() {
  const p = solve.problem;
  $("run-panel").open = true;
  $("run-result").innerHTML = `<p class="muted">Running…</p>`;
  delete $("run-result").dataset.status;
  try {
    const r = await api("/api/runs", { method: "POST", json: { userId: state.user, problemId: p.id, language: $("language").value, code: solve.editor.text, input: $("run-input").value } });
    const id = String(r.id);
    solve.runs.set(id, true);
    // The result comes on the socket (maybe already); without one, ask the api.
    if (solve.early.has(id)) onRun(solve.early.get(id));
    else if (!solve.live.ready) pollRun(id);
  } catch (e) {
    $("run-result").innerHTML = `<p class="error">${escapeHtml(e.status === 404 ? "Run is not available on this server" : e.message)}</p>`;
  }
}

async function pollRun(id) {
  for (let delay = 300; solve.runs.has(id); delay = Math.min(delay * 1.5, 2000)) {
    await new Promise((r) => setTimeout(r, delay));
    const r = await api(`/api/runs/${encodeURIComponent(id)}`).catch(() => null);
    if (r && r.status && r.status !== "queued" && r.status !== "running" && solve.runs.has(id)) onRun(Object.assign({ id }, r));
  }
}

// A run's result (issue 13: status ok, TLE, MLE, OLE, RE, CE, IE or
// BAD_INPUT; stdout and stderr, a function problem's returned value in
// output; the reference's expected output and whether they match).
export function onRun(ev) {
  const id = String(ev.id || ev.runId);
  if (!solve.runs.has(id)) {
    if (solve.early.size > 20) solve.early.clear();
    solve.early.set(id, ev);
    return;
  }
  solve.early.delete(id);
  solve.runs.delete(id);
  const ok = ev.status === "ok" || ev.status === "AC";
  const words = { ok: "Finished", TLE: "Time Limit Exceeded", MLE: "Memory Limit Exceeded", OLE: "Output Limit Exceeded",
    RE: "Runtime Error", CE: "Compilation Error", IE: "Internal Error", BAD_INPUT: "Input refused", AC: "Accepted", WA: "Wrong Answer" };
  let title = words[ev.status] || ev.status;
  if (ev.status === "RE" && ev.signal) title += ` (${ev.signal})`;
  else if (ev.status === "RE" && ev.exitCode != null) title += ` (exit code ${ev.exitCode})`;
  const cut = (v, isCut) => `${v ?? ""}${isCut ? "\n… (cut)" : ""}`;
  const fn = ev.output != null; // a function problem's returned value
  const yours = fn ? ev.output : ev.stdout;
  const parts = [`<p><span class="verdict v-${ok ? "AC" : "RE"}" data-run-status="${escapeHtml(ev.status)}">${escapeHtml(title)}</span> ` +
    `<span class="muted">${escapeHtml([ev.timeMs != null ? ev.timeMs + " ms" : "", memory(ev.memoryKb)].filter(Boolean).join(" · "))}</span>` +
    (ev.match === true ? ` <span class="v-AC match">matches the expected output</span>` : ev.match === false ? ` <span class="v-WA match">differs from the expected output</span>` : "") + `</p>`];
  if (ev.message) parts.push(`<pre class="message">${escapeHtml(ev.message)}</pre>`);
  if (ev.compileOutput) parts.push(`<pre class="compile">${escapeHtml(ev.compileOutput)}</pre>`);
  if (fn) parts.push(`<div class="muted">Returned</div><pre class="run-out">${escapeHtml(ev.output)}</pre>`);
  if (ev.stdout || !fn) parts.push(`<div class="muted">${fn ? "Printed" : "Output"}</div><pre class="${fn ? "run-stdout" : "run-out"}">${escapeHtml(cut(ev.stdout, ev.stdoutCut))}</pre>`);
  if (ev.stderr) parts.push(`<div class="muted">stderr</div><pre class="run-stderr">${escapeHtml(cut(ev.stderr, ev.stderrCut))}</pre>`);
  if (ev.expected != null) {
    parts.push(`<div class="muted">Expected</div><pre class="run-expected">${escapeHtml(cut(ev.expected, ev.expectedCut))}</pre>`);
    if (ev.match === false) parts.push(lineDiff(ev.expected, yours));
  }
  $("run-result").innerHTML = parts.join("");
  $("run-result").dataset.status = ev.status;
}
