// KaTeX's fonts, asked for while the page loads: a browser fetches a font
// when text first uses it, which for a statement with math is after the
// load event (statements come from the api), and the page's budget allows
// nothing but the api and the socket after load. The faces are those of
// KaTeX's style sheet (index.html links it before the bundle, so they are
// known here): woff2, immutable, ~250 KB together, then cached. A font
// that fails to come leaves KaTeX to the browser's fallback fonts, as it
// would have later; nothing more to do about it here.
export function loadMathFonts() {
  for (const face of document.fonts) {
    if (face.family.replace(/["']/g, "").startsWith("KaTeX_") && face.status === "unloaded") face.load().catch(() => {});
  }
}
