// Statements: Markdown by markdown-it (raw HTML off: a statement is text,
// never markup), math by KaTeX. Imported packages carry LaTeX math as $..$
// (inline) and $$..$$ (display); both are parsed here as markdown-it rules so
// that Markdown never rewrites what is inside them (underscores, asterisks).
// This module is imported with import() (solve.js), KaTeX likewise here:
// both are in the one bundle (nothing is fetched), but evaluated only when
// a statement, and math, is first shown; KaTeX is a third of the bundle, and
// a first load that does not need them is interactive sooner.
import MarkdownIt from "markdown-it";

let katex = null;

function tex(src, display) {
  return katex.renderToString(src, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
}

// $$ ... $$ as a block, on lines of its own.
function mathBlock(state, start, end, silent) {
  const pos = state.bMarks[start] + state.tShift[start];
  const max = state.eMarks[start];
  if (state.src.slice(pos, pos + 2) !== "$$") return false;
  let first = state.src.slice(pos + 2, max);
  let last = "";
  let line = start;
  let found = first.trim().endsWith("$$");
  if (found) first = first.trim().slice(0, -2);
  while (!found) {
    line++;
    if (line >= end) return false;
    const s = state.bMarks[line] + state.tShift[line];
    const text = state.src.slice(s, state.eMarks[line]);
    if (text.trim().endsWith("$$")) { last = text.trim().slice(0, -2); found = true; }
  }
  if (silent) return true;
  const body = [first, state.getLines(start + 1, line, state.tShift[start], true), last].join("\n");
  state.line = line + 1;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = line === start ? first : body;
  token.map = [start, state.line];
  return true;
}

// $...$ inline: not "$ " after the opening or " $" before the closing, so
// that prices ("$5 and $6") stay text.
function mathInline(state, silent) {
  const src = state.src;
  const start = state.pos;
  if (src[start] !== "$" || src[start + 1] === "$") return false;
  if (/\s/.test(src[start + 1] || " ")) return false;
  let end = start + 1;
  while ((end = src.indexOf("$", end)) !== -1) {
    if (src[end - 1] === "\\") { end++; continue; }
    break;
  }
  if (end === -1 || /\s/.test(src[end - 1]) || /\d/.test(src[end + 1] || "")) return false;
  if (!silent) {
    const token = state.push("math_inline", "math", 0);
    token.content = src.slice(start + 1, end);
  }
  state.pos = end + 1;
  return true;
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.block.ruler.before("fence", "math_block", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });
md.inline.ruler.after("escape", "math_inline", mathInline);
md.renderer.rules.math_inline = (tokens, i) => tex(tokens[i].content, false);
md.renderer.rules.math_block = (tokens, i) => `<div class="math-display">${tex(tokens[i].content, true)}</div>\n`;

export async function renderMarkdown(text) {
  // without a "$" neither math rule matches: KaTeX is not needed
  if (!katex && String(text).includes("$")) katex = (await import("katex")).default;
  return md.render(text || "");
}

