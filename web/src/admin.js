// The admin page: the admin token entered once (kept in session storage,
// gone with the tab), then edit a problem's fields (title, difficulty,
// limits, checker, statement), upload a problem zip,
// rejudge, and broadcast a message with coins.
import { $, escapeHtml } from "./util.js";
import { api } from "./api.js";
import { state } from "./state.js";

const fields = { "a-title": "title", "a-difficulty": "difficulty", "a-time": "timeLimitMs", "a-memory": "memoryLimitMb",
  "a-output": "outputLimitKb", "a-statement": "statement" };
const numeric = new Set(["a-time", "a-memory", "a-output"]);
let loaded = null;

// The checkers an admin may pick (README, "Authoring problems"): a
// stdin/stdout problem's compare text, a function problem's its returned
// JSON. "custom" needs the checker's source, which only PUT carries: it is
// offered when the problem has one. Any other current value (a package's
// kattis:FLAGS or validator) is kept as it is.
const checkers = {
  tokens: "Tokens (whitespace ignored)", exact: "Exact text", json: "JSON value", unordered: "JSON, any order",
  float: "Numbers within a tolerance", custom: "The problem's own checker",
};

function checkerOptions(p) {
  const current = p.checker || (p.function ? "json" : "tokens");
  const ids = p.function ? ["json", "unordered", "float"] : ["tokens", "exact", "float"];
  if (current === "custom") ids.push("custom");
  const opts = ids.map((id) => [id, checkers[id]]);
  if (!ids.includes(current) && !current.startsWith("float:")) opts.push([current, `${current} (as imported)`]);
  $("a-checker").innerHTML = opts.map(([v, t]) => `<option value="${escapeHtml(v)}">${escapeHtml(t)}</option>`).join("");
  const float = current.startsWith("float:");
  $("a-checker").value = float ? "float" : current;
  $("a-eps").value = float ? current.slice(6) : "";
  showEps();
}

function showEps() {
  $("a-eps-label").hidden = $("a-checker").value !== "float";
}

// The checker as PATCH takes it ("float:1e-6").
function checkerValue() {
  const v = $("a-checker").value;
  return v === "float" ? `float:${$("a-eps").value.trim()}` : v;
}

function say(text, bad) {
  $("admin-status").innerHTML = `<p class="${bad ? "error" : "ok"}">${escapeHtml(text)}</p>`;
}

function showLogin() {
  const has = !!sessionStorage.getItem("verdict.admin");
  $("admin-body").hidden = !has;
  $("admin-forget").hidden = !has;
}

// onChange(): the problems changed (reload the list).
export function initAdmin(onChange) {
  $("admin-login").onsubmit = (e) => {
    e.preventDefault();
    sessionStorage.setItem("verdict.admin", $("admin-token").value.trim());
    $("admin-token").value = "";
    showLogin();
    openAdmin();
  };
  $("admin-forget").onclick = () => { sessionStorage.removeItem("verdict.admin"); showLogin(); };
  $("a-problem").onchange = () => loadProblem($("a-problem").value);
  $("a-checker").onchange = showEps;
  $("admin-edit").onsubmit = async (e) => {
    e.preventDefault();
    const patch = {};
    for (const [id, name] of Object.entries(fields)) {
      let v = $(id).value;
      if (numeric.has(id)) v = Number(v);
      if (loaded && v !== loaded[name]) patch[name] = v;
    }
    if (loaded && checkerValue() !== (loaded.checker || (loaded.function ? "json" : "tokens"))) patch.checker = checkerValue();
    if (Object.keys(patch).length === 0) { say("Nothing changed"); return; }
    try {
      const r = await api(`/api/problems/${encodeURIComponent(loaded.id)}`, { method: "PATCH", json: patch, admin: true });
      loaded = r.problem || loaded;
      checkerOptions(loaded);
      say(`Saved ${loaded.id} (version ${r.version})`);
      onChange();
    } catch (err) { say(err.message, true); }
  };
  $("a-rejudge").onclick = async () => {
    try {
      const r = await api(`/api/problems/${encodeURIComponent($("a-problem").value)}/rejudge`, { method: "POST", json: {}, admin: true });
      say(`Rejudge ${r.id}: ${r.queued} submission${r.queued === 1 ? "" : "s"} queued`);
    } catch (err) { say(err.message, true); }
  };
  $("admin-upload").onsubmit = async (e) => {
    e.preventDefault();
    const file = $("u-zip").files[0];
    if (!file) return;
    try {
      const r = await api(`/api/problems/${encodeURIComponent($("u-id").value)}`,
        { method: "PUT", body: file, headers: { "Content-Type": "application/zip" }, admin: true });
      say(`Uploaded ${$("u-id").value}: ${r.changed ? "version " + r.version : "unchanged"}`);
      onChange();
    } catch (err) { say(err.message, true); }
  };
  $("admin-broadcast").onsubmit = async (e) => {
    e.preventDefault();
    const id = "page-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8);
    try {
      await api("/api/broadcast", { method: "POST", json: { id, message: $("b-message").value, coins: Number($("b-coins").value) || 0 }, admin: true });
      say("Broadcast sent");
      $("b-message").value = "";
    } catch (err) { say(err.message, true); }
  };
}

async function loadProblem(id) {
  if (!id) return;
  try {
    loaded = await api(`/api/problems/${encodeURIComponent(id)}`);
    for (const [fid, name] of Object.entries(fields)) $(fid).value = loaded[name] ?? "";
    checkerOptions(loaded);
  } catch (err) { say(err.message, true); }
}

export function openAdmin() {
  showLogin();
  const sel = $("a-problem");
  const keep = sel.value;
  sel.innerHTML = state.problems.map((p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(p.title)} (${escapeHtml(p.id)})</option>`).join("");
  if (keep && state.problems.some((p) => p.id === keep)) sel.value = keep;
  if (sessionStorage.getItem("verdict.admin")) loadProblem(sel.value);
}
