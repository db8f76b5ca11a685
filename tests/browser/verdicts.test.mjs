// The verdicts in words on the page, as the real worker gives them (issue
// 14): "Time Limit Exceeded on test N", "Memory Limit Exceeded on test N",
// "Runtime Error (SIGSEGV) on test N", live under the editor with the
// per-test table; then the history with more submissions than a page (and
// than one read of the api): pages older and newer, filters by verdict,
// language and problem across pages, and each row opening its code, its
// verdict in words and its per-test results.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Role, SRC, freshDb, redisUrl } from "./stack.mjs";
import { launch, shooter, watch, axe, runTest } from "./tools.mjs";

const RDB = 14;
const USER = "verdicts";
const ADMIN = "verdicts-admin";
const db = freshDb("browserverdicts");
const redis = redisUrl(RDB);
const roles = [];
let browser;

// The worker's own cases (tests/e2e/worker_cases): known to end so.
const cases = (name) => readFileSync(`${SRC}/tests/e2e/worker_cases/${name}`, "utf8").replace(/^\/\/ [a-z]+:.*\n/gm, "");
const LIVE = [
  { code: cases("c_tle.c"), status: "TLE", words: /^Time Limit Exceeded on test \d+$/ },
  { code: cases("c_mle.c"), status: "MLE", words: /^Memory Limit Exceeded on test \d+$/ },
  { code: cases("c_segfault.c"), status: "RE", words: /^Runtime Error \(SIGSEGV\) on test \d+$/ },
];
// More than the history's page (20) and its read from the api (50): each
// fails at once (a wrong first answer, a syntax error), so they are quick.
const FILLERS = 56;
const filler = (i) => ({ problemId: i % 3 === 0 ? "sum-of-array" : "a-plus-b", language: "python",
  code: i % 2 ? `print("x${i}")\n` : `print(${i}\n` });

const squash = (s) => s.replace(/\s+/g, "");

// Pastes code into the editor (whole programs; typing them is page.test's).
async function paste(page, code) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), code);
  await page.click("#editor .cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Control+V");
}

async function historyRows(page) {
  return page.$$eval("#history tbody tr", (rows) => rows.map((r) => Array.from(r.cells).map((c) => c.textContent)));
}

// Waits for the history page whose status line reads want.
async function onPage(page, want) {
  await page.waitForFunction((w) => document.getElementById("h-page").textContent === w, want, { timeout: 10000 })
    .catch(async () => assert.fail(`history page "${await page.textContent("#h-page")}", not "${want}"`));
}

async function main() {
  const gateway = new Role(["gateway", "--port", "0", "--host", "127.0.0.1", "--redis", redis, "--db", db]);
  roles.push(gateway);
  const gwPort = (await gateway.waitFor(/listening on [a-z]+:\/\/[\d.]+:(\d+)/))[1];
  const worker = new Role(["worker", "--redis", redis, "--db", db, "--slots", "2"]);
  roles.push(worker);
  await worker.waitFor(/taking jobs/);
  const api = new Role(["api", "--port", "0", "--host", "127.0.0.1", "--redis", redis, "--db", db,
    "--gateway-url", `ws://127.0.0.1:${gwPort}/ws`, "--admin-token", ADMIN]);
  roles.push(api);
  const port = (await api.waitFor(/listening on http:\/\/[\d.]+:(\d+)/))[1];
  await api.waitFor(/problems available/);
  const base = `http://127.0.0.1:${port}`;
  const shot = shooter("verdicts");
  // 32 MB: the MLE case reaches the limit in a few thousand page faults
  // (256 MB of them can take longer than the wall-clock limit on a busy
  // machine, which is a TLE)
  const patch = await fetch(`${base}/api/problems/a-plus-b`, { method: "PATCH",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${ADMIN}` }, body: JSON.stringify({ memoryLimitMb: 32 }) });
  assert.equal(patch.status, 200, await patch.text());

  browser = await launch();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  await ctx.addInitScript((u) => localStorage.setItem("verdict.user", u), USER);
  const page = await ctx.newPage();
  const problems = watch(page);
  // the verdicts the page was sent on its socket (a late one would make the
  // history read again mid-test)
  const results = new Set();
  page.on("websocket", (ws) => ws.on("framereceived", (f) => {
    const m = /"type":"result".*?"submissionId":"([0-9a-f]+)"|"submissionId":"([0-9a-f]+)".*?"type":"result"/.exec(String(f.payload));
    if (m) results.add(m[1] || m[2]);
  }));
  const reads = [];
  page.on("request", (r) => { if (/\/submissions\?limit=50/.test(r.url())) reads.push(new URL(r.url()).search); });
  await page.goto(`${base}/#/problems/a-plus-b`);
  await page.waitForSelector("#conn.live", { timeout: 10000 });
  await page.selectOption("#language", "c");
  await page.waitForSelector("#editor[data-language='c']");

  // Live: each verdict in words, with time and memory and the tests' table.
  const t0 = Date.now();
  for (const c of LIVE) {
    await paste(page, c.code);
    await page.click("#submit");
    await page.waitForSelector(`#result[data-status='${c.status}']`, { timeout: 60000 })
      .catch(async () => assert.fail(`${c.status}: the page shows ${await page.textContent("#result")}`));
    assert.match(await page.textContent("#result .verdict"), c.words);
    assert.match(await page.textContent("#result"), /\d+ ms · \d+(\.\d)? (KB|MB)/);
    assert.match(await page.textContent("#result table.tests"), /Accepted|Time Limit|Memory Limit|Runtime Error/);
    await shot(page, c.status);
  }
  assert.match(await page.textContent("#result table.tests"), /Runtime Error SIGSEGV/);

  // The history, longer than its page and than one read of the api.
  const sent = await Promise.all(Array.from({ length: FILLERS }, async (_, i) => {
    const r = await fetch(`${base}/api/submissions`, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ userId: USER, ...filler(i) }) });
    const body = await r.json();
    assert.equal(r.status, 202, JSON.stringify(body));
    return body.id;
  }));
  assert.equal(new Set(sent).size, FILLERS);
  const total = FILLERS + LIVE.length;
  const start = Date.now();
  console.log(`live verdicts in ${((start - t0) / 1000).toFixed(1)} s`);
  for (;;) {
    const rows = await (await fetch(`${base}/api/users/${USER}/submissions?limit=200`)).json();
    if (rows.length === total && rows.every((s) => s.status === "done")) break;
    assert.ok(Date.now() - start < 90000, `not judged in 90 s: ${rows.filter((s) => s.status !== "done").length} left`);
    await new Promise((r) => setTimeout(r, 250));
  }
  while (results.size < total) {
    assert.ok(Date.now() - start < 90000, `the page was sent ${results.size} verdicts of ${total}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  console.log(`${FILLERS} more judged in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  await page.click("nav a[data-nav='history']");
  await onPage(page, "1–20 of 50+");
  assert.equal(await page.isDisabled("#h-newer"), true);
  assert.equal((await historyRows(page)).length, 20);
  const first = (await historyRows(page))[0][0];
  await page.click("#h-older");
  await onPage(page, "21–40 of 50+");
  assert.notEqual((await historyRows(page))[0][0], first);
  // the third page needs the api's second read (?before= the 50th)
  await page.click("#h-older");
  await onPage(page, `41–${total} of ${total}`);
  assert.equal(await page.isDisabled("#h-older"), true);
  assert.deepEqual(reads.map((q) => q.replace(/before=[0-9a-f]+/, "before=ID")), ["?limit=50", "?limit=50&before=ID"]);
  const oldest = await historyRows(page);
  // a row of the api's list carries the failing test, its signal or exit code
  assert.deepEqual(oldest.slice(-3).map((r) => r[3].replace(/test \d+/, "test N")),
    ["Runtime Error (SIGSEGV) on test N", "Memory Limit Exceeded on test N", "Time Limit Exceeded on test N"],
    "the oldest, newest first, in full words");
  await shot(page, "history-last-page");
  await axe(page, "the history, paged");

  // The oldest opened from the last page: its code, its verdict in words,
  // its tests.
  await page.click("#history tbody tr:last-child a[href^='#/history/']");
  await page.waitForSelector("#submission pre.code");
  assert.match(await page.textContent("#submission .verdict"), LIVE[0].words);
  assert.equal(squash(await page.textContent("#submission pre.code")), squash(LIVE[0].code));
  assert.match(await page.textContent("#submission table.tests"), /Time Limit Exceeded/);
  await page.click("#h-newer");
  await onPage(page, "21–40 of 59");

  // Filters across pages: one verdict; a language; a problem and a verdict.
  await page.selectOption("#h-verdict", "RE");
  await onPage(page, "1–1 of 1");
  await page.click("#history tbody a[href^='#/history/']");
  await page.waitForFunction(() => /SIGSEGV/.test(document.querySelector("#submission .verdict")?.textContent || ""));
  assert.match(await page.textContent("#submission .verdict"), LIVE[2].words);
  assert.match(await page.textContent("#submission table.tests"), /Runtime Error SIGSEGV/);
  await page.selectOption("#h-verdict", "");
  await page.selectOption("#h-language", "python");
  await onPage(page, `1–20 of ${FILLERS}`);
  await page.click("#h-older");
  await page.click("#h-older");
  await onPage(page, `41–${FILLERS} of ${FILLERS}`);
  assert.ok((await historyRows(page)).every((r) => r[2] === "python"));
  await page.selectOption("#h-language", "");
  await page.fill("#h-problem", "sum-of");
  await page.selectOption("#h-verdict", "WA");
  const sumWa = Array.from({ length: FILLERS }, (_, i) => filler(i)).filter((f, i) => f.problemId === "sum-of-array" && i % 2).length;
  const sumCe = Array.from({ length: FILLERS }, (_, i) => filler(i)).filter((f, i) => f.problemId === "sum-of-array" && !(i % 2)).length;
  await onPage(page, `1–${sumWa} of ${sumWa}`);
  await page.selectOption("#h-verdict", "CE");
  await onPage(page, `1–${sumCe} of ${sumCe}`);
  assert.ok((await historyRows(page)).every((r) => r[1] === "sum-of-array" && r[3] === "Compilation Error"));
  // a compile error opened: the message, the code
  await page.click("#history tbody tr:first-child a[href^='#/history/']");
  await page.waitForSelector("#submission pre.compile");
  assert.match(await page.textContent("#submission .verdict"), /^Compilation Error$/);
  assert.match(await page.textContent("#submission pre.compile"), /SyntaxError|never closed|unexpected EOF|invalid syntax/);
  assert.match(await page.textContent("#submission pre.code"), /^print\(\d+$/m);
  await shot(page, "history-filtered");

  assert.deepEqual(problems, [], "the page had errors or failed requests");
  console.log(`ok   verdicts: TLE, MLE, RE (SIGSEGV) on test N live with their tests; a history of ${total} in pages of 20 ` +
    "(the api read twice), filters by verdict, language, problem; each opened with its code and tests");
}

await runTest(main, { roles, db, browser: () => browser });
