// What the browser tests share: Debian's chromium, a watch on each page for
// console errors and failed requests, screenshots kept in the build dir,
// axe-core's accessibility check, and typing into the CodeMirror editor as
// a person does.
import assert from "node:assert/strict";
import { readFileSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { BIN, dropDb } from "./stack.mjs";

const require = createRequire(import.meta.url);

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// Screenshots: <build>/browser-screenshots/<test>/NN-step.png, kept as the
// run's artefacts.
export function shooter(test) {
  const dir = join(dirname(BIN), "browser-screenshots", test);
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page, step) => {
    n++;
    const path = join(dir, `${String(n).padStart(2, "0")}-${step}.png`);
    await page.screenshot({ path });
    return path;
  };
}

// Records what must not happen: an uncaught error, a console error, a
// request that failed or was answered >= 400. allow(url, status) lets the
// test name answers it expects (a 401 it provokes).
export function watch(page, allow = () => false) {
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const url = m.location()?.url || "";
    if (/Failed to load resource/.test(m.text()) && page.__allowed?.has(url)) return;
    problems.push(`console error: ${m.text()} ${url}`);
  });
  page.__allowed = new Set();
  page.on("requestfailed", (r) => {
    // A socket closed on purpose (a reload) is not a failure of the page.
    if (r.resourceType() === "websocket") return;
    const f = r.failure()?.errorText || "";
    if (f === "net::ERR_ABORTED" && r.resourceType() === "fetch") return;
    problems.push(`request failed: ${r.method()} ${r.url()} ${f}`);
  });
  page.on("response", (r) => {
    if (r.status() < 400) return;
    if (allow(r.url(), r.status())) { page.__allowed.add(r.url()); return; }
    problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return problems;
}

// Replaces the editor's text by typing it, key by key. CodeMirror indents
// new lines and closes brackets as it does for a person: the text is typed
// without its leading indentation, and what the editor closed ahead (the
// "}" it put below a "{" and Enter) is deleted at the end, as a person
// would (the code typed here nests no block in another).
export async function typeCode(page, code) {
  await page.click("#editor .cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  for (const line of code.replace(/\n$/, "").split("\n")) {
    await page.keyboard.type(line.replace(/^\s+/, ""));
    await page.keyboard.press("Enter");
  }
  await page.keyboard.press("Control+Shift+End");
  await page.keyboard.press("Delete");
}

export async function editorText(page) {
  return page.evaluate(() => Array.from(document.querySelectorAll("#editor .cm-line")).map((l) => l.textContent).join("\n"));
}

// No serious or critical violation of axe-core's rules on the page as it is.
export async function axe(page, what) {
  await page.addScriptTag({ content: readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") });
  const res = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
  const bad = res.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], `axe on ${what}: ${JSON.stringify(bad, null, 1)}`);
  return res.length;
}

// The bundle's JavaScript, gzipped: what a first load fetched (urls) and
// all the build ships (every chunk).
export function jsBudget(urls) {
  const dir = join(dirname(BIN), "web", "assets");
  const gz = (name) => gzipSync(readFileSync(join(dir, name)), { level: 9 }).length;
  const loaded = urls.map((u) => u.slice(u.lastIndexOf("/") + 1)).filter((n) => n.endsWith(".js"));
  const all = readdirSync(dir).filter((n) => n.endsWith(".js"));
  return {
    firstLoadKb: loaded.reduce((s, n) => s + gz(n), 0) / 1024,
    allKb: all.reduce((s, n) => s + gz(n), 0) / 1024,
    fontsKb: readdirSync(dir).filter((n) => /\.(woff2?|ttf)$/.test(n)).reduce((s, n) => s + readFileSync(join(dir, n)).length, 0) / 1024,
    files: loaded.length,
  };
}

// Runs a test's main and exits with its status: on a failure the error and
// the roles' logs; always the browser closed, the roles stopped (the last
// started first) and the database dropped. state: {roles, db, browser()}.
export async function runTest(main, state) {
  let rc = 0;
  try {
    await main();
  } catch (e) {
    console.error("FAIL", e.stack || e);
    for (const r of state.roles) console.error(r.log);
    rc = 1;
  } finally {
    const browser = state.browser();
    if (browser) await browser.close();
    for (const r of state.roles.reverse()) await r.stop();
    dropDb(state.db);
  }
  process.exit(rc);
}
