// Small helpers shared by the page's views.
export const $ = (id) => document.getElementById(id);

export function escapeHtml(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// Memory as the judge measures it (growth of the run's cgroup), in KB or MB.
export function memory(kb) {
  if (kb == null) return "";
  return kb < 1024 ? `${kb} KB` : `${(kb / 1024).toFixed(1)} MB`;
}

// A scoring problem's score: "40/100", "1234.5" when the maximum is
// unbounded; "" for a pass-fail problem (no score).
export function scoreText(score, maxScore) {
  if (score == null) return "";
  const n = (x) => String(Math.round(x * 1e6) / 1e6);
  return n(score) + (maxScore != null ? "/" + n(maxScore) : "");
}

export function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return isNaN(d) ? "" : d.toLocaleString();
}

// Copies text; the button says so for a moment.
export async function copy(button, text) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy failed";
  }
  setTimeout(() => { button.textContent = "Copy"; }, 1200);
}
