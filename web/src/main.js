// verdict's page: the problem list, a problem with its editor, the user's
// history and the admin page, switched by the URL's hash (#/,
// #/problems/<id>, #/history[/<submission>], #/admin), and the live
// connection to the gateway that feeds them.
import "./style.css";
import { $, escapeHtml } from "./util.js";
import { api, token, tokenUser } from "./api.js";
import { state, marker } from "./state.js";
import { Live } from "./live.js";
import { solve, initSolve, fillLanguages, openProblem, problemHistory, updateButtons, poll, onProgress, onResult, onRun } from "./solve.js";
import { loadHistory, initHistory, fillHistoryLanguages, renderHistory, resetHistoryView, openSubmission } from "./history.js";
import { initAdmin, openAdmin } from "./admin.js";
import { loadMathFonts } from "./fonts.js";

loadMathFonts();

const live = new Live({
  state(text, connected) {
    $("conn").textContent = text;
    $("conn").classList.toggle("live", text === "live");
    // Back after a gap: the gateway replays missed events; the history and
    // any verdict still awaited are read again in case more was missed.
    if (connected) catchUp();
    if (!live.ready) for (const id of solve.pending.keys()) poll(id);
  },
  event: onEvent,
  resync: catchUp,
});

async function catchUp() {
  await refreshHistory();
  for (const id of solve.pending.keys()) poll(id);
  refreshCoins();
}

function onEvent(ev) {
  if (ev.type === "progress") onProgress(ev);
  else if (ev.type === "result") {
    performance.mark("verdict-event");
    const shown = onResult(ev);
    // The budget the browser test prints: from the event to the verdict in
    // the document, and to the next frame (painted).
    if (shown) {
      performance.measure("verdict-in-dom", "verdict-event");
      requestAnimationFrame(() => performance.measure("verdict-shown", "verdict-event"));
    }
    refreshHistory();
  } else if (ev.type === "run") onRun(ev);
  else if (ev.type === "broadcast") onBroadcast(ev);
}

function onBroadcast(ev) {
  const coins = Number(ev.coins) || 0;
  const div = document.createElement("div");
  div.className = "broadcast";
  div.setAttribute("role", "status");
  div.innerHTML = `<span>📣 ${escapeHtml(ev.message || "")}</span>${coins ? ` <b>+${coins} coins</b>` : ""}` +
    `<button type="button" class="quiet" aria-label="dismiss">×</button>`;
  div.querySelector("button").onclick = () => div.remove();
  $("broadcasts").prepend(div);
  if (coins) {
    if (state.coins != null) state.coins += coins;
    else state.coins = coins;
    showCoins();
    refreshCoins();
  }
}

function showCoins() {
  $("coins").textContent = `${state.coins ?? 0} coins`;
}

// The balance, when the api serves it (GET /api/users/{id}).
async function refreshCoins() {
  if (!state.user) return;
  const u = await api(`/api/users/${encodeURIComponent(state.user)}`).catch(() => null);
  if (u && typeof u.coins === "number") {
    state.coins = u.coins;
    showCoins();
  }
}

async function refreshHistory() {
  await loadHistory();
  renderProblems();
  problemHistory();
  resetHistoryView();
  if (!$("view-history").hidden) renderHistory();
}

async function loadProblems() {
  state.problems = await api("/api/problems");
  renderProblems();
}

function renderProblems() {
  const q = $("search").value.trim().toLowerCase();
  const d = $("difficulty").value;
  const rows = state.problems.filter((p) => (!d || p.difficulty === d) && (!q || p.title.toLowerCase().includes(q) || p.id.includes(q)));
  $("problems").tBodies[0].innerHTML = rows.map((p) => {
    const m = marker(p.id);
    const icon = m === "solved" ? "✓" : m === "attempted" ? "•" : "";
    return `<tr data-id="${escapeHtml(p.id)}" class="${m}"><td class="mark" title="${m}"><span aria-label="${m}">${icon}</span></td>` +
      `<td><a href="#/problems/${escapeHtml(p.id)}">${escapeHtml(p.title)}</a></td>` +
      `<td><span class="diff d-${escapeHtml(p.difficulty)}">${escapeHtml(p.difficulty)}</span></td></tr>`;
  }).join("") || `<tr><td colspan="3" class="muted">No problem matches.</td></tr>`;
}

function show(view) {
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== `view-${view}`;
  for (const a of document.querySelectorAll("[data-nav]")) {
    if (a.dataset.nav === (view === "problem" ? "problems" : view)) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

async function route() {
  let h = location.hash.replace(/^#/, "");
  // The old page's links: #<problem id>.
  if (h && !h.startsWith("/")) { location.replace(`#/problems/${h}`); return; }
  const parts = h.split("/").filter(Boolean).map(decodeURIComponent);
  try {
    if (parts[0] === "problems" && parts[1]) {
      show("problem");
      if (!solve.problem || solve.problem.id !== parts[1]) await openProblem(parts[1]);
    } else if (parts[0] === "history") {
      show("history");
      renderHistory();
      if (parts[1]) await openSubmission(parts[1]);
      else $("submission").hidden = true;
    } else if (parts[0] === "admin") {
      show("admin");
      openAdmin();
    } else {
      show("problems");
      document.title = "verdict";
    }
  } catch (e) {
    $("statement").innerHTML = `<p class="error">${escapeHtml(e.message)}</p>`;
  }
}

function setUser(u) {
  state.user = u.trim();
  localStorage.setItem("verdict.user", state.user);
  $("user").value = state.user;
  state.coins = null;
  showCoins();
  updateButtons();
  refreshHistory();
  refreshCoins();
  live.start(state.user);
}

// Identity: a token's user with auth on (fixed); else the name kept in this
// browser, asked for on the first visit.
function identify() {
  const signed = tokenUser(token);
  $("user").readOnly = !!signed;
  $("user").onchange = (e) => { if (e.target.value.trim()) setUser(e.target.value); };
  if (signed) { setUser(signed); return; }
  const kept = localStorage.getItem("verdict.user");
  if (kept) { setUser(kept); return; }
  const dlg = $("welcome");
  $("welcome-form").onsubmit = () => setUser($("welcome-name").value);
  dlg.oncancel = (e) => e.preventDefault();
  dlg.showModal();
}

async function boot() {
  initSolve(live);
  initHistory();
  initAdmin(async () => { await loadProblems(); solve.problem = null; });
  $("search").oninput = renderProblems;
  $("difficulty").onchange = renderProblems;
  try {
    const [langs] = await Promise.all([api("/api/languages"), loadProblems()]);
    state.languages = langs;
    fillLanguages();
    fillHistoryLanguages();
  } catch (e) {
    $("main").insertAdjacentHTML("afterbegin", `<p class="error">${escapeHtml(e.message)}</p>`);
  }
  window.addEventListener("hashchange", route);
  await route();
  identify();
  document.body.dataset.ready = "true";
  // The budget's "interactive" (tests/browser/budget.test.mjs): the list
  // rendered, the editor made and, on a problem, holding its code.
  performance.mark("verdict-interactive");
}

boot();
