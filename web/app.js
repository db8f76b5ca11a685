// verdict's page: problems, an editor, live progress and verdicts over the
// gateway's WebSocket, and the user's history. Plain JavaScript, no build step.
"use strict";

const cfg = window.VERDICT_CONFIG || {};
const $ = (id) => document.getElementById(id);
const state = { problem: null, user: "", ws: null, wsReady: false, pending: new Map(), retry: 500 };

// Memory as the judge measures it (growth of the run's cgroup), in KB or MB.
function memory(kb) {
  if (kb == null) return "";
  return kb < 1024 ? `${kb} KB` : `${(kb / 1024).toFixed(1)} MB`;
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// A small Markdown subset for statements: headings, paragraphs, code, inline code, bold.
function renderMarkdown(md) {
  const out = [];
  const blocks = md.split(/\n```/);
  blocks.forEach((block, i) => {
    if (i % 2 === 1) {
      const body = block.replace(/^[^\n]*\n/, "");
      out.push(`<pre>${escapeHtml(body)}</pre>`);
      return;
    }
    for (const para of block.split(/\n\s*\n/)) {
      const t = para.trim();
      if (!t) continue;
      const h = /^(#{1,4})\s+(.*)$/.exec(t);
      if (h) { out.push(`<h${h[1].length + 1}>${inline(h[2])}</h${h[1].length + 1}>`); continue; }
      if (/^[-*] /.test(t)) {
        out.push("<ul>" + t.split(/\n/).map((l) => `<li>${inline(l.replace(/^[-*]\s+/, ""))}</li>`).join("") + "</ul>");
        continue;
      }
      out.push(`<p>${inline(t)}</p>`);
    }
  });
  return out.join("\n");
  function inline(s) {
    return escapeHtml(s).replace(/`([^`]+)`/g, "<code>$1</code>").replace(/\*\*([^*]+)\*\*/g, "<b>$1</b>");
  }
}

// The user token (window.VERDICT_CONFIG.token, put there by the site that
// serves the page): the api's bearer token and the gateway's identify.
// gatewayToken is its older name.
const token = cfg.token || cfg.gatewayToken || "";

// A v1 token names its user ("v1.<base64url userId>.<expiry>.<mac>"): with
// one, the page acts as that user and the user field is fixed.
function tokenUser(t) {
  const parts = t.split(".");
  if (parts.length !== 4 || parts[0] !== "v1") return "";
  try {
    const b = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const bin = atob(b + "=".repeat((4 - (b.length % 4)) % 4));
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return "";
  }
}

async function api(path, opts) {
  opts = Object.assign({}, opts);
  if (token) opts.headers = Object.assign({}, opts.headers, { Authorization: `Bearer ${token}` });
  const r = await fetch(path, opts);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error || `HTTP ${r.status}`);
  return body;
}

async function loadProblems() {
  const list = await api("/api/problems");
  const ul = $("problems");
  ul.innerHTML = "";
  for (const p of list) {
    const li = document.createElement("li");
    li.dataset.id = p.id;
    li.innerHTML = `<span>${escapeHtml(p.title)}</span><span class="diff">${escapeHtml(p.difficulty)}</span>`;
    li.onclick = () => selectProblem(p.id);
    ul.appendChild(li);
  }
  const want = location.hash.slice(1) || (list[0] && list[0].id);
  if (want) selectProblem(want);
}

async function selectProblem(id) {
  const p = await api(`/api/problems/${encodeURIComponent(id)}`);
  state.problem = p;
  location.hash = id;
  for (const li of $("problems").children) li.classList.toggle("active", li.dataset.id === id);
  $("statement").innerHTML = renderMarkdown(p.statement) +
    `<p class="muted">Time limit ${p.timeLimitMs} ms · memory ${p.memoryLimitMb} MB · ${p.testCount} tests</p>`;
  // An interactive problem's sample is its transcript (Kattis packages).
  $("samples").innerHTML = p.samples.map((s, i) => s.interaction !== undefined
    ? `<h3>Sample ${i + 1}</h3><div class="muted">interaction</div><pre>${escapeHtml(s.interaction)}</pre>`
    : `<h3>Sample ${i + 1}</h3><div class="muted">input</div><pre>${escapeHtml(s.input)}</pre>` +
      `<div class="muted">output</div><pre>${escapeHtml(s.output)}</pre>`).join("");
  updateSubmit();
}

async function loadLanguages() {
  const langs = await api("/api/languages");
  const sel = $("language");
  sel.innerHTML = langs.map((l) => `<option value="${escapeHtml(l.id)}">${escapeHtml(l.name)}</option>`).join("");
  sel.value = localStorage.getItem("verdict.lang") || "c";
  sel.onchange = () => localStorage.setItem("verdict.lang", sel.value);
}

function updateSubmit() {
  $("submit").disabled = !(state.problem && state.user && $("code").value.trim());
}

// A scoring problem's score: "40/100", "1234.5" when the maximum is
// unbounded; "" for a pass-fail problem (no score).
function scoreText(score, maxScore) {
  if (score == null) return "";
  const n = (x) => String(Math.round(x * 1e6) / 1e6);
  return n(score) + (maxScore != null ? "/" + n(maxScore) : "");
}

function showResult(ev) {
  const el = $("result");
  if (ev.type === "progress") {
    const what = ev.stage === "compiling" ? "compiling…" : `running test ${ev.test} of ${ev.of}…`;
    el.innerHTML = `<span class="muted">#${escapeHtml(ev.submissionId)} ${what}</span>`;
    return;
  }
  const details = [];
  const score = scoreText(ev.score, ev.maxScore);
  if (score) details.push(ev.partial ? `${score} · partially accepted` : score);
  if (ev.timeMs != null) details.push(`${ev.timeMs} ms`);
  if (ev.memoryKb != null) details.push(memory(ev.memoryKb));
  if (ev.failedTest) details.push(`test ${ev.failedTest}`);
  el.innerHTML = `#${escapeHtml(ev.submissionId)} <span class="verdict v-${escapeHtml(ev.status)}">${escapeHtml(ev.status)}</span> ` +
    `<span class="muted">${escapeHtml(details.join(" · "))}</span>` +
    (ev.message ? `<pre>${escapeHtml(ev.message)}</pre>` : "") +
    (ev.compileOutput ? `<pre>${escapeHtml(ev.compileOutput)}</pre>` : "") +
    (ev.feedback ? `<pre class="feedback">${escapeHtml(ev.feedback)}</pre>` : "");
  el.dataset.status = ev.status;
  if (ev.partial) el.dataset.partial = "true";
  else delete el.dataset.partial;
  loadHistory();
}

async function submit() {
  const body = { userId: state.user, problemId: state.problem.id, language: $("language").value, code: $("code").value };
  $("submit").disabled = true;
  try {
    const r = await api("/api/submissions", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    $("result").innerHTML = `<span class="muted">#${escapeHtml(r.id)} queued…</span>`;
    state.pending.set(r.id, Date.now());
    // Without a live connection, ask the api until the verdict is there.
    if (!state.wsReady) poll(r.id);
    loadHistory();
  } catch (e) {
    $("result").innerHTML = `<span class="v-RE">${escapeHtml(e.message)}</span>`;
  } finally {
    updateSubmit();
  }
}

async function poll(id) {
  for (let delay = 300; state.pending.has(id) && !state.wsReady; delay = Math.min(delay * 1.5, 3000)) {
    await new Promise((r) => setTimeout(r, delay));
    const s = await api(`/api/submissions/${id}`).catch(() => null);
    if (s && s.status === "done") {
      state.pending.delete(id);
      showResult({ type: "result", submissionId: id, status: s.verdict, timeMs: s.timeMs, memoryKb: s.memoryKb, message: s.message, compileOutput: s.compileOutput,
        score: s.score, maxScore: s.maxScore, partial: s.partial, feedback: s.teamMessage });
    }
  }
}

async function loadHistory() {
  if (!state.user) return;
  const rows = await api(`/api/users/${encodeURIComponent(state.user)}/submissions?limit=20`).catch(() => []);
  $("history").tBodies[0].innerHTML = rows.map((s) =>
    `<tr><td>${escapeHtml(s.id)}</td><td>${escapeHtml(s.problemId)}</td><td>${escapeHtml(s.language)}</td>` +
    `<td class="verdict v-${escapeHtml(s.verdict || "")}">${escapeHtml(s.verdict || s.status)}` +
    `${s.score != null ? " " + escapeHtml(scoreText(s.score, s.maxScore)) : ""}</td>` +
    `<td>${s.timeMs != null ? s.timeMs + " ms" : ""}</td><td>${memory(s.memoryKb)}</td></tr>`).join("");
}

// The live connection: identify, then receive this user's events and broadcasts.
function connect() {
  if (!cfg.gatewayUrl || !state.user) return;
  if (state.ws) state.ws.close();
  const ws = new WebSocket(cfg.gatewayUrl);
  state.ws = ws;
  // "since": the last event seq this user's page processed, so the gateway
  // replays what was published while we were away (per user, kept across reloads).
  const seqKey = "verdict.seq." + state.user;
  ws.onopen = () => {
    const hello = { userId: state.user };
    const since = localStorage.getItem(seqKey);
    if (since !== null) hello.since = Number(since);
    if (token) hello.token = token;
    ws.send(JSON.stringify(hello));
  };
  ws.onmessage = (m) => {
    let ev;
    try { ev = JSON.parse(m.data); } catch { return; }
    if (typeof ev.seq === "number" && ev.seq > 0) localStorage.setItem(seqKey, String(ev.seq));
    if (ev.type === "resync") {
      // More was missed than the gateway keeps: reload from the api.
      loadHistory();
      for (const id of state.pending.keys()) poll(id);
      return;
    }
    if (ev.type === "ready") {
      if (typeof ev.seq === "number") localStorage.setItem(seqKey, String(ev.seq));
      state.wsReady = true;
      state.retry = 500;
      $("conn").textContent = "live";
      $("conn").classList.add("live");
      return;
    }
    if (ev.type === "broadcast") {
      $("result").insertAdjacentHTML("afterbegin", `<div class="muted">📣 ${escapeHtml(ev.message || JSON.stringify(ev))}</div>`);
      return;
    }
    if (ev.type === "result") state.pending.delete(String(ev.submissionId));
    if (ev.type === "result" || ev.type === "progress") showResult(ev);
  };
  ws.onclose = () => {
    if (state.ws !== ws) return;
    state.wsReady = false;
    $("conn").textContent = "offline";
    $("conn").classList.remove("live");
    for (const id of state.pending.keys()) poll(id);
    setTimeout(connect, state.retry);
    state.retry = Math.min(state.retry * 2, 10000);
  };
}

function setUser(u) {
  state.user = u.trim();
  localStorage.setItem("verdict.user", state.user);
  updateSubmit();
  loadHistory();
  connect();
}

window.addEventListener("DOMContentLoaded", async () => {
  const signed = tokenUser(token);
  $("user").value = signed || localStorage.getItem("verdict.user") || "guest";
  $("user").readOnly = !!signed;
  $("user").onchange = (e) => setUser(e.target.value);
  $("code").oninput = updateSubmit;
  $("submit").onclick = submit;
  await Promise.all([loadLanguages(), loadProblems()]).catch((e) => {
    $("statement").innerHTML = `<p class="v-RE">${escapeHtml(e.message)}</p>`;
  });
  setUser($("user").value);
});
