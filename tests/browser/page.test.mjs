// A newcomer's walk through the page in headless Chromium, against the real
// stack (api, worker, gateway, Redis, PostgreSQL): pick a name, find a
// problem, type a solution into the editor, submit it with Ctrl+Enter and
// watch it judged live to "Accepted" (in a second tab too); a wrong answer,
// a compile error; a reload keeps the draft and shows the history; a
// broadcast with coins; the admin page edits a title and rejudges. Along the
// way: zero console errors and failed requests, axe-core on every view,
// screenshots of each step, and the verdict's budget printed (the first
// load's are budget.test.mjs's).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Role, SRC, freshDb, redisUrl } from "./stack.mjs";
import { launch, shooter, watch, typeCode, editorText, axe, runTest } from "./tools.mjs";

const RDB = 7;
const ADMIN = "page-admin";
const db = freshDb("browser");
const redis = redisUrl(RDB);
const roles = [];
let browser;

const ACCEPTED = `#include <stdio.h>
int main(void) {
long long a, b;
if (scanf("%lld %lld", &a, &b) != 2) return 1;
printf("%lld\\n", a + b);
return 0;
}
`;
const WRONG = `#include <stdio.h>
int main(void) {
int a, b;
scanf("%d %d", &a, &b);
printf("%d\\n", a - b);
return 0;
}
`;
const BROKEN = `int main(void) {
return undefined_name;
}
`;


const squash = (s) => s.replace(/\s+/g, "");

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
  const shot = shooter("page");

  browser = await launch();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await ctx.newPage();
  // the 400 the admin page is made to provoke (a tolerance out of range)
  const problems = watch(page, (url, status) => status === 400 && url.endsWith("/api/problems/a-plus-b"));

  // First visit: the page asks for a name.
  await page.goto(`${base}/`);
  await page.waitForSelector("#welcome[open]");
  await shot(page, "welcome");
  await page.fill("#welcome-name", "newcomer");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#conn.live", { timeout: 10000 });
  assert.equal(await page.inputValue("#user"), "newcomer");

  // The problem list: difficulty, search, the difficulty filter.
  await page.waitForFunction(() => document.querySelectorAll("#problems tbody tr[data-id]").length >= 12);
  await page.fill("#search", "plus");
  assert.deepEqual(await page.$$eval("#problems tbody tr[data-id]", (r) => r.map((x) => x.dataset.id)), ["a-plus-b"]);
  await page.fill("#search", "");
  await page.selectOption("#difficulty", "hard");
  const hard = await page.$$eval("#problems tbody tr[data-id] .diff", (r) => r.map((x) => x.textContent));
  assert.ok(hard.length > 0 && hard.every((d) => d === "hard"), String(hard));
  await page.selectOption("#difficulty", "");
  await shot(page, "problems");
  await axe(page, "the problem list");

  // A problem by its deep link; its statement, samples with copy buttons.
  await page.click("#problems a[href='#/problems/a-plus-b']");
  await page.waitForSelector("#statement h1");
  assert.equal(new URL(page.url()).hash, "#/problems/a-plus-b");
  assert.match(await page.textContent("#statement h1"), /A \+ B/);
  assert.match(await page.textContent("#samples"), /Sample 1/);
  assert.ok(await page.$$eval("#samples button.copy", (b) => b.length) >= 2);
  await page.selectOption("#language", "c");
  await page.waitForSelector("#editor[data-language='c'] .cm-content");

  // A second tab of the same user, on the same problem.
  const tab2 = await ctx.newPage();
  const problems2 = watch(tab2);
  await tab2.goto(`${base}/#/problems/a-plus-b`);
  await tab2.waitForSelector("#conn.live", { timeout: 10000 });

  // Typed, not injected; highlighted as C; submitted with Ctrl+Enter.
  await typeCode(page, ACCEPTED);
  assert.equal(squash(await editorText(page)), squash(ACCEPTED));
  assert.ok(await page.$$eval("#editor .cm-line span", (s) => s.length) > 5, "the code is highlighted");
  await shot(page, "typed");
  // Tab indents in the editor; Escape then Tab leaves it (keyboard users
  // are never trapped).
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => !!document.activeElement.closest(".cm-editor")), false, "Escape, Tab left the editor");
  await page.click("#editor .cm-content");
  await page.evaluate(() => {
    window.__stages = [];
    new MutationObserver(() => {
      const t = document.getElementById("progress-text").textContent;
      if (window.__stages[window.__stages.length - 1] !== t) window.__stages.push(t);
    }).observe(document.getElementById("progress-text"), { childList: true, characterData: true, subtree: true });
  });
  await page.bringToFront();
  await page.keyboard.press("Control+Enter");
  await page.waitForSelector("#result[data-status]", { timeout: 60000 });
  assert.equal(await page.getAttribute("#result", "data-status"), "AC", await page.textContent("#result"));
  assert.match(await page.textContent("#result .verdict"), /^Accepted$/);
  // a progress event that arrives after its verdict does not bring the bar back
  await page.waitForTimeout(300);
  assert.equal(await page.isHidden("#progress"), true, "the progress bar outlived the verdict");
  assert.match(await page.textContent("#result"), /\d+ ms · \d+(\.\d)? (KB|MB)/);
  const stages = await page.evaluate(() => window.__stages);
  assert.equal(stages[0], "Queued…", String(stages));
  assert.ok(stages.some((s) => /^(Compiling…|Running test \d+ of \d+)$/.test(s)), String(stages));
  const [domMs, shownMs] = await page.evaluate(() => ["verdict-in-dom", "verdict-shown"].map((n) => performance.getEntriesByName(n).pop()?.duration));
  await shot(page, "accepted");
  await tab2.waitForSelector("#result[data-status='AC']", { timeout: 10000 });
  await axe(page, "a problem with its verdict");

  // A wrong answer: which test, in words.
  await typeCode(page, WRONG);
  await page.click("#submit");
  await page.waitForSelector("#result[data-status='WA']", { timeout: 60000 });
  assert.match(await page.textContent("#result .verdict"), /^Wrong Answer on test \d+$/);
  assert.match(await page.textContent("#result table.tests"), /Wrong Answer/);
  await shot(page, "wrong-answer");

  // A compile error: the compiler's message.
  await typeCode(page, BROKEN);
  await page.click("#submit");
  await page.waitForSelector("#result[data-status='CE']", { timeout: 60000 });
  assert.equal(await page.textContent("#result .verdict"), "Compilation Error");
  assert.match(await page.textContent("#result pre.compile"), /undefined_name/);
  await shot(page, "compile-error");

  // The gateway goes away: the page says so, takes the verdict from the api
  // meanwhile, and is live again by itself once a gateway is back.
  const outageFrom = problems.length;
  await gateway.stop();
  await page.waitForFunction(() => /reconnecting|connecting/.test(document.getElementById("conn").textContent));
  await page.click("#submit");
  await page.waitForSelector("#result[data-status='CE']", { timeout: 60000 });
  const gateway2 = new Role(["gateway", "--port", gwPort, "--host", "127.0.0.1", "--redis", redis, "--db", db]);
  roles.push(gateway2);
  await gateway2.waitFor(/listening on/);
  await page.waitForSelector("#conn.live", { timeout: 15000 });
  await tab2.waitForSelector("#conn.live", { timeout: 15000 });
  // what the browser logs of the refused reconnects, and nothing else
  const outage = problems.splice(outageFrom);
  assert.ok(outage.every((p) => /WebSocket connection to .* failed/.test(p)), String(outage));
  problems2.splice(0, problems2.length, ...problems2.filter((p) => !/WebSocket connection to .* failed/.test(p)));

  // A reload keeps the draft (per problem and language) and shows the history.
  await page.reload();
  await page.waitForSelector("#editor[data-language='c'] .cm-content");
  assert.equal(squash(await editorText(page)), squash(BROKEN));
  await page.waitForFunction(() => document.querySelectorAll("#problem-history tbody tr").length === 4);
  await page.selectOption("#language", "python");
  await page.waitForSelector("#editor[data-language='python']");
  assert.equal((await editorText(page)).trim(), "", "no draft in another language");
  await page.selectOption("#language", "c");
  await page.waitForSelector("#editor[data-language='c']");
  assert.equal(squash(await editorText(page)), squash(BROKEN));

  // The history: filters, and a submission's code and per-test results.
  await page.click("nav a[data-nav='history']");
  await page.waitForFunction(() => document.querySelectorAll("#history tbody tr").length === 4);
  await page.selectOption("#h-verdict", "AC");
  await page.waitForFunction(() => document.querySelectorAll("#history tbody tr").length === 1);
  await page.click("#history tbody a[href^='#/history/']");
  await page.waitForSelector("#submission pre.code");
  assert.equal(squash(await page.textContent("#submission pre.code")), squash(ACCEPTED));
  assert.match(await page.textContent("#submission table.tests"), /Accepted/);
  await shot(page, "history");
  await axe(page, "the history");
  await page.goto(`${base}/#/`);
  await page.waitForSelector("#problems tbody tr[data-id='a-plus-b'].solved");

  // A broadcast with coins: shown, and the balance moves.
  assert.equal(await page.textContent("#coins"), "0 coins");
  const b = await fetch(`${base}/api/broadcast`, { method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ id: `page-${process.pid}`, message: "Welcome gift", coins: 25 }) });
  assert.equal(b.status, 200, await b.text());
  await page.waitForFunction(() => document.getElementById("coins").textContent === "25 coins");
  assert.match(await page.textContent("#broadcasts"), /Welcome gift.*\+25 coins/);
  await tab2.waitForFunction(() => document.getElementById("coins").textContent === "25 coins");
  await shot(page, "broadcast");

  // The admin page: a title edited shows at once; a rejudge.
  await page.click("nav a[data-nav='admin']");
  await page.fill("#admin-token", ADMIN);
  await page.click("#admin-login button[type='submit']");
  await page.selectOption("#a-problem", "a-plus-b");
  await page.waitForFunction(() => document.getElementById("a-title").value === "A + B");
  // the output limit and the checker, as the api has them
  const before = await (await fetch(`${base}/api/problems/a-plus-b`)).json();
  assert.equal(Number(await page.inputValue("#a-output")), before.outputLimitKb);
  assert.equal(await page.inputValue("#a-checker"), before.checker);
  assert.deepEqual(await page.$$eval("#a-checker option", (o) => o.map((x) => x.value)), ["tokens", "exact", "float"]);
  assert.equal(await page.isHidden("#a-eps"), true, "no tolerance for a tokens checker");
  // a tolerance out of range: the api's reason, nothing saved
  await page.selectOption("#a-checker", "float");
  await page.fill("#a-eps", "2");
  await page.fill("#a-output", "2048");
  await page.click("#admin-edit button[type='submit']");
  await page.waitForSelector("#admin-status .error");
  assert.match(await page.textContent("#admin-status"), /checker.*float:EPS/);
  assert.equal((await (await fetch(`${base}/api/problems/a-plus-b`)).json()).outputLimitKb, before.outputLimitKb);
  await page.fill("#a-eps", "1e-6");
  await page.click("#admin-edit button[type='submit']");
  await page.waitForSelector("#admin-status .ok");
  const after = await (await fetch(`${base}/api/problems/a-plus-b`)).json();
  assert.equal(after.outputLimitKb, 2048);
  assert.equal(after.checker, "float:1e-6");
  // a function problem's checkers compare its returned value; back, the
  // saved ones are shown
  await page.selectOption("#a-problem", "max-subarray");
  await page.waitForFunction(() => document.getElementById("a-checker").value === "json");
  assert.deepEqual(await page.$$eval("#a-checker option", (o) => o.map((x) => x.value)), ["json", "unordered", "float"]);
  await page.selectOption("#a-problem", "a-plus-b");
  await page.waitForFunction(() => document.getElementById("a-output").value === "2048");
  assert.equal(await page.inputValue("#a-checker"), "float");
  assert.equal(await page.inputValue("#a-eps"), "1e-6");
  await page.selectOption("#a-checker", "tokens");
  assert.equal(await page.isHidden("#a-eps"), true);
  // and the title, and math in the statement
  await page.fill("#a-title", "A plus B, edited");
  // and math, as imported packages carry it: $..$ inline, $$..$$ displayed
  const statement = await page.inputValue("#a-statement");
  await page.fill("#a-statement", statement + "\nInline $a_1^2 + b_1^2$, not $5 and $6, and displayed:\n\n$$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$\n");
  await page.click("#admin-edit button[type='submit']");
  await page.waitForFunction((v) => document.getElementById("admin-status").textContent === `Saved a-plus-b (version ${v})`, after.version + 1);
  assert.equal((await (await fetch(`${base}/api/problems/a-plus-b`)).json()).checker, "tokens");
  await page.click("#a-rejudge");
  await page.waitForFunction(() => /Rejudge \d+: 4 submissions queued/.test(document.getElementById("admin-status").textContent));
  // a problem zip (a problem directory in the import layout) uploaded
  const zip = join(tmpdir(), `verdict-page-${process.pid}.zip`);
  execFileSync("python3", ["-c", `import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w") as z:
    for d, _, fs in os.walk(src):
        for f in fs:
            if "/submissions" not in d and f != "gen.py":
                z.write(os.path.join(d, f), os.path.relpath(os.path.join(d, f), src))`, `${SRC}/problems/sum-of-array`, zip]);
  await page.fill("#u-id", "uploaded-sum");
  await page.setInputFiles("#u-zip", zip);
  await page.click("#admin-upload button[type='submit']");
  await page.waitForFunction(() => /Uploaded uploaded-sum: version \d+/.test(document.getElementById("admin-status").textContent));
  rmSync(zip);
  await shot(page, "admin");
  await axe(page, "the admin page");
  await page.click("nav a[data-nav='problems']");
  await page.waitForFunction(() => /A plus B, edited/.test(document.querySelector("#problems tbody tr[data-id='a-plus-b']").textContent));
  await page.waitForSelector("#problems tbody tr[data-id='uploaded-sum']");
  await tab2.reload();
  await tab2.waitForFunction(() => document.querySelector("#statement h1")?.textContent === "A plus B, edited");
  assert.equal(await tab2.$$eval("#statement .katex", (k) => k.length), 2, "two formulas, the prices left as text");
  assert.equal(await tab2.$$eval("#statement .katex-display", (k) => k.length), 1);
  assert.match(await tab2.textContent("#statement"), /not \$5 and \$6/);
  await tab2.evaluate(() => document.fonts.ready);
  assert.ok(await tab2.evaluate(() => [...document.fonts].some((f) => f.family.includes("KaTeX") && f.status === "loaded")), "KaTeX's fonts");
  await shot(tab2, "math");

  // A scoring problem's result, partially accepted with the validator's
  // feedback, as the worker publishes it.
  await page.goto(`${base}/#/problems/a-plus-b`);
  await page.waitForSelector("#editor[data-language='c']");
  const scored = { type: "result", submissionId: "f".repeat(32), userId: "newcomer",
    problemId: "a-plus-b", status: "AC", timeMs: 4, memoryKb: 1024, message: "",
    score: 40, maxScore: 100, partial: true, feedback: "subtask 2: <too slow>" };
  execFileSync("redis-cli", ["-u", redis, "PUBLISH", "problem_done", JSON.stringify(scored)]);
  await page.waitForSelector("#result[data-partial='true']", { timeout: 10000 });
  const shown = await page.textContent("#result");
  assert.match(shown, /Accepted 40\/100 · partially accepted/, shown);
  assert.match(shown, /subtask 2: <too slow>/, shown);

  // The dark theme: the same check of contrast and labels.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === "rgb(15, 17, 21)");
  await shot(page, "dark");
  await axe(page, "a problem in the dark theme");
  await page.emulateMedia({ colorScheme: "light" });

  // 360 px wide: usable (the editor and Submit on screen, no sideways scroll).
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${base}/#/problems/a-plus-b`);
  await page.waitForSelector("#editor[data-language='c']");
  await shot(page, "narrow");
  const wide = await page.evaluate(() => Array.from(document.querySelectorAll("body *"))
    .filter((e) => e.getBoundingClientRect().right > 361).map((e) => e.id || e.className || e.tagName).slice(0, 8));
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), `sideways scroll at 360 px: ${wide}`);

  assert.deepEqual(problems, [], "the page had errors or failed requests");
  assert.deepEqual(problems2, [], "the second tab had errors or failed requests");
  // The first load's budgets are budget.test.mjs's; this one is the
  // verdict's, from its event on the socket to the page.
  console.log(`budget: verdict event → in the page ${domMs?.toFixed(1)} ms, painted ${shownMs?.toFixed(1)} ms (≤ 50)`);
  console.log("ok   page: a newcomer's walk, live AC in two tabs, WA on test N, CE, the gateway gone and back, draft and history after reload, coins, admin edit (output limit, checker with its 400, title, math), zip upload, rejudge, keyboard, axe in both themes, 360 px");
}

await runTest(main, { roles, db, browser: () => browser });
