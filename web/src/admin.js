// The admin page: the admin token entered once (kept in session storage,
// gone with the tab), then edit a problem's fields, upload a problem zip,
// rejudge, and broadcast a message with coins.
import { $, escapeHtml } from "./util.js";
import { api } from "./api.js";
import { state } from "./state.js";

const fields = { "a-title": "title", "a-difficulty": "difficulty", "a-time": "timeLimitMs", "a-memory": "memoryLimitMb", "a-statement": "statement" };
let loaded = null;

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
  $("admin-edit").onsubmit = async (e) => {
    e.preventDefault();
    const patch = {};
    for (const [id, name] of Object.entries(fields)) {
      let v = $(id).value;
      if (id === "a-time" || id === "a-memory") v = Number(v);
      if (loaded && v !== loaded[name]) patch[name] = v;
    }
    if (Object.keys(patch).length === 0) { say("Nothing changed"); return; }
    try {
      const r = await api(`/api/problems/${encodeURIComponent(loaded.id)}`, { method: "PATCH", json: patch, admin: true });
      loaded = r.problem || loaded;
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
