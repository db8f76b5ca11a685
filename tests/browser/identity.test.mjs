// The page with auth on (issue 10): the site hands it a user token in
// window.VERDICT_CONFIG.token; the page acts as that token's user, sends the
// token as the api's bearer token and in the gateway's identify, and gets
// its verdict live. Without a token the same page is refused (401).
import assert from "node:assert/strict";
import { Role, freshDb, redisUrl } from "./stack.mjs";
import { launch, watch, typeCode, shooter, runTest } from "./tools.mjs";

const RDB = 8;
const SECRET = "browser-secret";
const ADMIN = "browser-admin";
const db = freshDb("browserid");
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

async function main() {
  const gateway = new Role(["gateway", "--port", "0", "--host", "127.0.0.1", "--redis", redis,
    "--auth-secret", SECRET]);
  roles.push(gateway);
  const gwPort = (await gateway.waitFor(/listening on [a-z]+:\/\/[\d.]+:(\d+)/))[1];
  const worker = new Role(["worker", "--redis", redis, "--db", db, "--slots", "1"]);
  roles.push(worker);
  await worker.waitFor(/taking jobs/);
  const api = new Role(["api", "--port", "0", "--host", "127.0.0.1", "--redis", redis, "--db", db,
    "--gateway-url", `ws://127.0.0.1:${gwPort}/ws`, "--auth-secret", SECRET, "--admin-token", ADMIN]);
  roles.push(api);
  const port = (await api.waitFor(/listening on http:\/\/[\d.]+:(\d+)/))[1];
  await api.waitFor(/problems available/);
  const base = `http://127.0.0.1:${port}`;

  // what the site's backend does once it has authenticated its user
  const r = await fetch(`${base}/api/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ userId: "tok-bob", ttlSeconds: 600 }),
  });
  assert.equal(r.status, 200);
  const { token } = await r.json();

  browser = await launch();
  const shot = shooter("identity");
  const ctx = await browser.newContext();
  // the site's own config.js: the api's, plus the token
  await ctx.route("**/config.js", (route) => route.fulfill({
    contentType: "text/javascript",
    body: `window.VERDICT_CONFIG = ${JSON.stringify({ gatewayUrl: `ws://127.0.0.1:${gwPort}/ws`, token })};`,
  }));
  const page = await ctx.newPage();
  const problems = watch(page);
  await page.goto(`${base}/#/problems/a-plus-b`);
  await page.waitForSelector("#statement h1");
  // the token's user, never asked: no name dialog, the field fixed
  assert.equal(await page.inputValue("#user"), "tok-bob");
  assert.equal(await page.getAttribute("#user", "readonly"), "");
  assert.equal(await page.isVisible("#welcome"), false);
  await page.waitForSelector("#conn.live", { timeout: 10000 });
  await page.selectOption("#language", "c");
  await page.waitForSelector("#editor[data-language='c']");
  await typeCode(page, ACCEPTED);
  await page.click("#submit");
  await page.waitForSelector("#result[data-status]", { timeout: 60000 });
  assert.equal(await page.getAttribute("#result", "data-status"), "AC", await page.textContent("#result"));
  await page.waitForFunction(() => /Accepted/.test(document.querySelector("#problem-history tbody").textContent));
  await shot(page, "token-user");
  assert.deepEqual(problems, [], "the page had errors or failed requests");

  // the same page without a token: the api refuses to submit for anyone
  // (and to read anyone's history or coins: the 401s expected here)
  const anon = await browser.newPage();
  const anonProblems = watch(anon, (url, status) => status === 401 && /\/api\/(users|submissions)/.test(url));
  await anon.goto(`${base}/#/problems/a-plus-b`);
  await anon.waitForSelector("#welcome[open]");
  await anon.fill("#welcome-name", "nobody");
  await anon.keyboard.press("Enter");
  await anon.waitForSelector("#statement h1");
  await anon.selectOption("#language", "c");
  await anon.waitForSelector("#editor[data-language='c']");
  await typeCode(anon, ACCEPTED);
  await anon.click("#submit");
  await anon.waitForFunction(() => /token required/.test(document.querySelector("#result").textContent));
  await shot(anon, "no-token");
  assert.deepEqual(anonProblems, [], "the page without a token had errors");
  console.log("ok   page with a token: acts as its user, live AC, history; without one: 401");
}

await runTest(main, { roles, db, browser: () => browser });
