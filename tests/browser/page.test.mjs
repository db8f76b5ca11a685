// The page in headless Chromium, against the real stack (api, worker,
// gateway, Redis, PostgreSQL): pick a problem, write a solution, submit it,
// see the verdict arrive live, then see it in the history. Also a wrong
// answer, and a second tab of the same user receiving the same verdict.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chromium } from "playwright-core";
import { Role, freshDb, dropDb, redisUrl } from "./stack.mjs";

const RDB = 7;
const db = freshDb("browser");
const redis = redisUrl(RDB);
const roles = [];
let browser;

const ACCEPTED = `#include <stdio.h>
int main(void) { long long a, b; if (scanf("%lld %lld", &a, &b) != 2) return 1; printf("%lld\\n", a + b); return 0; }
`;
const WRONG = `#include <stdio.h>
int main(void) { int a, b; scanf("%d %d", &a, &b); printf("%d\\n", a + b); return 0; }
`;

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

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/`);

  // the problem list, and a problem's statement and samples
  await page.waitForFunction(() => document.querySelectorAll("#problems li").length >= 12);
  await page.fill("#user", "browser-alice");
  await page.dispatchEvent("#user", "change");
  await page.click("#problems li[data-id='a-plus-b']");
  await page.waitForSelector("#statement h2");
  assert.match(await page.textContent("#statement"), /A \+ B/);
  assert.match(await page.textContent("#samples"), /Sample 1/);
  await page.waitForSelector("#conn.live", { timeout: 10000 });

  // a second tab of the same user
  const tab2 = await ctx.newPage();
  await tab2.goto(`http://127.0.0.1:${port}/#a-plus-b`);
  await tab2.waitForSelector("#conn.live", { timeout: 10000 });

  // accepted, live
  await page.selectOption("#language", "c");
  await page.fill("#code", ACCEPTED);
  await page.click("#submit");
  await page.waitForSelector("#result[data-status]", { timeout: 60000 });
  assert.equal(await page.getAttribute("#result", "data-status"), "AC", await page.textContent("#result"));
  await tab2.waitForSelector("#result[data-status='AC']", { timeout: 10000 });
  await page.waitForFunction(() => /AC/.test(document.querySelector("#history tbody").textContent));

  // wrong answer
  await page.fill("#code", WRONG);
  await page.click("#submit");
  await page.waitForSelector("#result[data-status='WA']", { timeout: 60000 });
  await page.screenshot({ path: `${process.env.TMPDIR || "/tmp"}/verdict-page.png` });

  // a scoring problem's result, partially accepted with the validator's
  // feedback, as the worker publishes it
  const scored = { type: "result", submissionId: "f".repeat(32), userId: "browser-alice",
    problemId: "a-plus-b", status: "AC", timeMs: 4, memoryKb: 1024, message: "",
    score: 40, maxScore: 100, partial: true, feedback: "subtask 2: <too slow>" };
  execFileSync("redis-cli", ["-u", redis, "PUBLISH", "problem_done", JSON.stringify(scored)]);
  await page.waitForSelector("#result[data-partial='true']", { timeout: 10000 });
  const shown = await page.textContent("#result");
  assert.match(shown, /AC 40\/100 · partially accepted/, shown);
  assert.match(shown, /subtask 2: <too slow>/, shown);
  assert.deepEqual(errors, [], "the page threw");
  console.log("ok   page: problems, statement, live AC and WA, a scored result, second tab, history");
}

let rc = 0;
try {
  await main();
} catch (e) {
  console.error("FAIL", e.stack || e);
  for (const r of roles) console.error(r.log);
  rc = 1;
} finally {
  if (browser) await browser.close();
  for (const r of roles.reverse()) await r.stop();
  dropDb(db);
}
process.exit(rc);
