// "Beats X%": a histogram of the accepted submissions of a problem and
// language (runtime or memory), drawn as SVG, the user's bucket marked.
import { escapeHtml } from "./util.js";

// buckets: [{from, to, count}] in ascending order; mine: the user's value.
export function histogram(title, unit, buckets, mine, beats) {
  if (!Array.isArray(buckets) || buckets.length === 0) return "";
  const w = 320, h = 90, pad = 14;
  const max = Math.max(...buckets.map((b) => b.count), 1);
  const bw = (w - 2) / buckets.length;
  const bars = buckets.map((b, i) => {
    const bh = Math.round((b.count / max) * (h - pad - 4));
    const isMine = mine != null && mine >= b.from && (mine < b.to || i === buckets.length - 1);
    return `<rect x="${(1 + i * bw).toFixed(1)}" y="${h - pad - bh}" width="${Math.max(bw - 1, 1).toFixed(1)}" height="${bh}"` +
      ` class="${isMine ? "bar mine" : "bar"}"><title>${escapeHtml(b.from)}–${escapeHtml(b.to)} ${escapeHtml(unit)}: ${b.count}</title></rect>`;
  }).join("");
  const first = buckets[0].from, last = buckets[buckets.length - 1].to;
  const label = beats != null ? `beats ${Number(beats).toFixed(1)}%` : "";
  return `<figure class="histogram"><figcaption>${escapeHtml(title)} ${escapeHtml(label)}</figcaption>` +
    `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeHtml(title)} histogram ${escapeHtml(label)}">${bars}` +
    `<text x="1" y="${h - 2}" class="axis">${escapeHtml(first)} ${escapeHtml(unit)}</text>` +
    `<text x="${w - 1}" y="${h - 2}" class="axis" text-anchor="end">${escapeHtml(last)} ${escapeHtml(unit)}</text></svg></figure>`;
}
