// Solving as on LeetCode, on the page (issues 13 and 14): a function problem
// in each of the seven languages from its starter code, and Run on a sample
// and on the user's own input with the reference's expected output and the
// diff.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Role, SRC, freshDb, redisUrl } from "./stack.mjs";
import { launch, shooter, watch, editorText, axe, runTest } from "./tools.mjs";

const RDB = 9;
const db = freshDb("browsersolve");
const redis = redisUrl(RDB);
const roles = [];
let browser;

const LANGS = { c: "c", cpp: "cpp", java: "java", python: "py", javascript: "js", go: "go", rust: "rs" };
const squash = (s) => s.replace(/\s+/g, "");

// Pastes code into the editor (a whole solution per language: typed, the
// editor's auto-indent would re-indent Python's blocks).
async function paste(page, code) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), code);
  await page.click("#editor .cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Control+V");
}

async function main() {
  const gateway = new Role(["gateway", "--port", "0", "--host", "127.0.0.1", "--redis", redis, "--db", db]);
  roles.push(gateway);
  const gwPort = (await gateway.waitFor(/listening on [a-z]+:\/\/[\d.]+:(\d+)/))[1];
  const worker = new Role(["worker", "--redis", redis, "--db", db, "--slots", "2"]);
  roles.push(worker);
  await worker.waitFor(/taking jobs/);
  const api = new Role(["api", "--port", "0", "--host", "127.0.0.1", "--redis", redis, "--db", db,
    "--gateway-url", `ws://127.0.0.1:${gwPort}/ws`]);
  roles.push(api);
  const port = (await api.waitFor(/listening on http:\/\/[\d.]+:(\d+)/))[1];
  await api.waitFor(/problems available/);
  const base = `http://127.0.0.1:${port}`;
  const shot = shooter("solving");

  browser = await launch();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  await ctx.addInitScript(() => localStorage.setItem("verdict.user", "solver"));
  const page = await ctx.newPage();
  const problems = watch(page);

  // A function problem: each language's starter code, then an accepted
  // solution from it.
  const fn = await (await fetch(`${base}/api/problems/max-subarray`)).json();
  assert.deepEqual(Object.keys(fn.templates || {}).sort(), Object.keys(LANGS).sort(), "templates for the seven languages");
  await page.goto(`${base}/#/problems/max-subarray`);
  await page.waitForSelector("#conn.live", { timeout: 10000 });
  for (const [lang, ext] of Object.entries(LANGS)) {
    await page.selectOption("#language", lang);
    await page.waitForSelector(`#editor[data-language='${lang}']`);
    assert.equal(squash(await editorText(page)), squash(fn.templates[lang]), `${lang}: the starter code`);
    const code = readFileSync(`${SRC}/problems/max-subarray/submissions/accepted/accepted.${ext}`, "utf8");
    await paste(page, code);
    await page.click("#submit");
    await page.waitForSelector("#result[data-status]", { timeout: 120000 });
    assert.equal(await page.getAttribute("#result", "data-status"), "AC", `${lang}: ${await page.textContent("#result")}`);
    if (lang === "python") await shot(page, "function-python");
  }

  // Run on a sample (prefilled) and on the user's own input: the output, the
  // reference's expected output, whether they match.
  await page.goto(`${base}/#/problems/a-plus-b`);
  await page.waitForSelector("#statement h1");
  await page.selectOption("#language", "python");
  await page.waitForSelector("#editor[data-language='python']");
  await paste(page, "a, b = map(int, input().split())\nprint(a + b)\n");
  assert.equal((await page.inputValue("#run-input")).trim(), "3 4", "the run's input is the first sample's");
  await page.keyboard.press("Control+'");
  await page.waitForSelector("#run-result[data-status]", { timeout: 60000 });
  assert.equal(await page.getAttribute("#run-result", "data-status"), "ok", await page.textContent("#run-result"));
  assert.equal((await page.textContent("#run-result pre.run-out")).trim(), "7");
  assert.equal((await page.textContent("#run-result pre.run-expected")).trim(), "7");
  assert.match(await page.textContent("#run-result .match"), /matches/);
  await page.fill("#run-input", "20 22\n");
  await page.click("#run");
  await page.waitForSelector("#run-result[data-status]", { timeout: 60000 });
  assert.equal((await page.textContent("#run-result pre.run-out")).trim(), "42");
  // a wrong program: differs, with the diff
  await paste(page, "a, b = map(int, input().split())\nprint(a * b)\nimport sys\nprint('debug', file=sys.stderr)\n");
  await page.click("#run");
  await page.waitForSelector("#run-result[data-status]", { timeout: 60000 });
  assert.match(await page.textContent("#run-result .match"), /differs/);
  assert.match(await page.textContent("#run-result pre.diff"), /- 42[\s\S]*\+ 440/);
  assert.match(await page.textContent("#run-result pre.run-stderr"), /debug/);
  await shot(page, "run-diff");
  await axe(page, "the run panel");
  assert.deepEqual(problems, [], "the page had errors or failed requests");
  console.log("ok   solving: a function problem from its starter code in 7 languages; Run on a sample and own input, match and diff");
}

await runTest(main, { roles, db, browser: () => browser });
