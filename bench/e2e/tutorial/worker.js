// The tutorial's worker (/work/shared/seeds, "Create index.ts in worker", with
// its pub/sub step): BRPOP a job from "problems", process it, PUBLISH the
// result on "problem_done". The tutorial leaves the processing as "Here you
// would add your actual processing logic" and sleeps 1 s in its place; to run
// the same burst as verdict it is filled in with the plainest judge: the same
// compile and run commands as verdict's (src/judge/lang.c), no sandbox, each
// test's output compared token by token, the first failing test's verdict.
// Other fixes: the Redis URL from the environment, the event carries the
// job's userId (the WebSocket server routes by it), and one log line per job
// with its start and end (epoch ms) for bench/e2e/run.sh's figures.
// Usage: REDIS_URL=... PROBLEMS_DIR=... node worker.js
const { createClient } = require("redis");
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { performance } = require("perf_hooks");

const client = createClient({ url: process.env.REDIS_URL });
const problemsDir = process.env.PROBLEMS_DIR;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tutorial-worker-"));
const problems = new Map(); // problemId -> {limitMs, tests: [{input, tokens}]}
const LANGS = {
  c: { file: "main.c", compile: ["/usr/bin/gcc", "-O2", "-std=c17", "-pipe", "-o", "main", "main.c", "-lm"], run: ["./main"] },
  python: { file: "main.py", compile: ["/usr/bin/python3", "-m", "py_compile", "main.py"], run: ["/usr/bin/python3", "-S", "main.py"] },
};

const nowMs = () => performance.timeOrigin + performance.now();
const tokens = (s) => s.split(/\s+/).filter((t) => t.length > 0);

function loadProblem(problemId) {
  if (problems.has(problemId)) return problems.get(problemId);
  const root = path.join(problemsDir, path.basename(problemId));
  const meta = JSON.parse(fs.readFileSync(path.join(root, "problem.json"), "utf8"));
  const tests = [];
  for (const sub of ["samples", "tests"]) {
    const d = path.join(root, sub);
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d).filter((f) => f.endsWith(".in")).sort()) {
      tests.push({
        input: fs.readFileSync(path.join(d, f)),
        tokens: tokens(fs.readFileSync(path.join(d, f.replace(/\.in$/, ".out")), "utf8")),
      });
    }
  }
  const p = { limitMs: meta.timeLimitMs || 1000, tests };
  problems.set(problemId, p);
  return p;
}

function judge(problemId, code, language) {
  const lang = LANGS[language];
  if (!lang) return "IE";
  const p = loadProblem(problemId);
  fs.writeFileSync(path.join(dir, lang.file), code);
  try {
    execFileSync(lang.compile[0], lang.compile.slice(1), { cwd: dir, stdio: "pipe", timeout: 10000 });
  } catch {
    return "CE";
  }
  for (const t of p.tests) {
    let out;
    try {
      out = execFileSync(lang.run[0], lang.run.slice(1), {
        cwd: dir, input: t.input, timeout: p.limitMs, maxBuffer: 64 * 1024, stdio: ["pipe", "pipe", "ignore"],
      });
    } catch (e) {
      return e.code === "ETIMEDOUT" ? "TLE" : e.code === "ENOBUFS" ? "OLE" : "RE";
    }
    const got = tokens(out.toString());
    if (got.length !== t.tokens.length || got.some((x, i) => x !== t.tokens[i])) return "WA";
  }
  return "AC";
}

async function processSubmission(submission) {
  const { problemId, code, language, userId } = JSON.parse(submission);
  const start = nowMs();
  const status = judge(problemId, code, language);
  const end = nowMs();
  console.log(`judged ${userId} ${status} ${start.toFixed(3)} ${end.toFixed(3)}`);
  await client.publish("problem_done", JSON.stringify({ problemId, status, userId }));
}

async function startWorker() {
  try {
    await client.connect();
    console.log("Worker connected to Redis.");
    // Main loop
    while (true) {
      try {
        const submission = await client.brPop("problems", 0);
        await processSubmission(submission.element);
      } catch (error) {
        console.error("Error processing submission:", error);
      }
    }
  } catch (error) {
    console.error("Failed to connect to Redis", error);
  }
}
// bench/e2e stops the workers with SIGTERM: leave no scratch directory behind.
process.on("SIGTERM", () => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
startWorker();
