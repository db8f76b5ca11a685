// Starts verdict's roles against the private Redis and PostgreSQL of
// scripts/test.sh, each test on its own database and Redis database number,
// and stops only what it started.
import { spawn, execFileSync } from "node:child_process";

export const BIN = process.env.VERDICT_BIN || "build/verdict";
export const SRC = process.env.VERDICT_SOURCE_DIR || process.cwd();
const DB = process.env.VERDICT_TEST_DB || "postgresql://postgres@127.0.0.1:17432/verdict";
const REDIS = process.env.VERDICT_TEST_REDIS || "redis://127.0.0.1:17379";

function psql(url, sql) {
  return execFileSync("psql", [url, "-qtAX", "-v", "ON_ERROR_STOP=1", "-c", sql]).toString().trim();
}

export function freshDb(name) {
  const base = DB.slice(0, DB.lastIndexOf("/"));
  const db = `verdict_${name}_${process.pid}`;
  psql(`${base}/postgres`, `DROP DATABASE IF EXISTS ${db}`);
  psql(`${base}/postgres`, `CREATE DATABASE ${db}`);
  const url = `${base}/${db}`;
  execFileSync(BIN, ["migrate", "--db", url], { stdio: "ignore" });
  execFileSync(BIN, ["problems", "import", `${SRC}/problems`, "--db", url], { stdio: "ignore" });
  return url;
}

export function dropDb(url) {
  const base = url.slice(0, url.lastIndexOf("/"));
  psql(`${base}/postgres`, `DROP DATABASE IF EXISTS ${url.slice(url.lastIndexOf("/") + 1)} WITH (FORCE)`);
}

// The test's own Redis database, emptied: a problem cache left by an earlier
// run (whose database had other versions) must not answer this one.
export function redisUrl(n) {
  const url = `${REDIS.replace(/\/$/, "")}/${n}`;
  execFileSync("redis-cli", ["-u", url, "FLUSHDB"], { stdio: "ignore" });
  return url;
}

// A role as a child process; waitFor() resolves on a stderr line matching re.
export class Role {
  constructor(args) {
    this.log = "";
    this.p = spawn(BIN, args, { stdio: ["ignore", "ignore", "pipe"] });
    this.waiters = [];
    this.p.stderr.on("data", (d) => {
      this.log += d.toString();
      for (const w of this.waiters.slice()) {
        const m = w.re.exec(this.log);
        if (m) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(m); }
      }
    });
    this.exited = new Promise((r) => this.p.on("exit", (code, sig) => r({ code, sig })));
  }
  waitFor(re, ms = 20000) {
    const m = re.exec(this.log);
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      const w = { re, resolve };
      this.waiters.push(w);
      setTimeout(() => reject(new Error(`timed out waiting for ${re} in:\n${this.log}`)), ms);
      this.exited.then(({ code }) => reject(new Error(`exited ${code} waiting for ${re}:\n${this.log}`)));
    });
  }
  async stop() {
    if (this.p.exitCode === null && this.p.signalCode === null) this.p.kill("SIGTERM");
    return this.exited;
  }
}
