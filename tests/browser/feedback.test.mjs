// Feedback and "beats X%" on the page (issues 13 and 14): a wrong answer on
// a sample shows its input, the expected output and the program's side by
// side with their diff (live and in the history); an accepted one shows its
// runtime and memory percentiles and both histograms.
import assert from "node:assert/strict";
import { Role, freshDb, redisUrl } from "./stack.mjs";
import { launch, shooter, watch, typeCode, axe, runTest } from "./tools.mjs";

const RDB = 10;
const db = freshDb("browserfeedback");
const redis = redisUrl(RDB);
const roles = [];
let browser;

const WRONG = `#include <stdio.h>
int main(void) {
long long a, b;
if (scanf("%lld %lld", &a, &b) != 2) return 1;
printf("%lld\\n", a - b);
return 0;
}
`;
const ACCEPTED = WRONG.replace("a - b", "a + b");

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
  const shot = shooter("feedback");

  browser = await launch();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addInitScript(() => localStorage.setItem("verdict.user", "learner"));
  const page = await ctx.newPage();
  const problems = watch(page);
  await page.goto(`${base}/#/problems/a-plus-b`);
  await page.waitForSelector("#conn.live", { timeout: 10000 });
  await page.selectOption("#language", "c");
  await page.waitForSelector("#editor[data-language='c']");

  // Wrong on the sample (3 4 → 7): the case and its diff.
  await typeCode(page, WRONG);
  await page.click("#submit");
  await page.waitForSelector("#result[data-status='WA']", { timeout: 60000 });
  assert.equal(await page.textContent("#result .verdict"), "Wrong Answer on test 1");
  const cells = await page.$$eval("#result .failed-case .case pre", (p) => p.map((x) => x.textContent.trim()));
  assert.deepEqual(cells, ["3 4", "7", "-1"]);
  assert.match(await page.textContent("#result .failed-case pre.diff"), /- 7\s*\+ -1/);
  await shot(page, "failed-sample");
  await axe(page, "a failed sample");
  // the same in the history
  await page.goto(`${base}/#/history`);
  await page.waitForSelector("#history tbody a[href^='#/history/']");
  await page.click("#history tbody a[href^='#/history/']");
  await page.waitForSelector("#submission .failed-case");
  assert.match(await page.textContent("#submission .failed-case"), /3 4[\s\S]*7[\s\S]*-1/);

  // Accepted: beats X% and the histograms, the user's bucket marked.
  await page.goto(`${base}/#/problems/a-plus-b`);
  await page.waitForSelector("#editor[data-language='c']");
  await typeCode(page, ACCEPTED);
  await page.click("#submit");
  await page.waitForSelector("#result[data-status='AC']", { timeout: 60000 });
  await page.waitForSelector("#beats .beats");
  assert.match(await page.textContent("#beats .beats"), /Runtime \d+ ms, beats \d+\.\d\d% · Memory .+, beats \d+\.\d\d% of accepted c submissions/);
  assert.equal(await page.$$eval("#beats svg", (s) => s.length), 2);
  assert.equal(await page.$$eval("#beats svg rect.bar.mine", (s) => s.length), 2);
  await shot(page, "beats");
  await axe(page, "beats X%");
  assert.deepEqual(problems, [], "the page had errors or failed requests");
  console.log("ok   feedback: a failed sample side by side with its diff (live, history); beats X% with both histograms");
}

await runTest(main, { roles, db, browser: () => browser });
