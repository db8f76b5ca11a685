"""End to end: function problems (issue 13) through the api and the worker.
GET /api/problems/{id} serves the signature and the starter code of every
language, the list marks function problems; PUT checks each test against the
signature and names the one that does not fit, PATCH cannot change the
signature nor give a function problem a checker that cannot read JSON. Then,
in all 7 languages: on a small problem of 64-bit sums (an empty array, negative values,
2^63-1) a function that prints debug output (still AC: prints are not the
answer), a wrong one (WA), one that crashes (RE) and one that loops (TLE);
a program that exits before the function returns, or with the driver's own
status 97, is an RE; a custom checker gets the returned value as the output. A starter function
problem's accepted solutions are AC (C and Python here; verify proves all)."""
import glob
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

ADMIN = "function-admin-token"
AUTH = {"Authorization": "Bearer " + ADMIN}
RDB = 3
EXT = {".c": "c", ".cpp": "cpp", ".py": "python", ".js": "javascript", ".java": "java",
       ".go": "go", ".rs": "rust"}

SIG = {"name": "sumLong", "params": [{"name": "nums", "type": "long[]"}], "returns": "long"}
BIG = 9223372036854775807
TESTS = [([], 0), ([-5, -7], -12), ([BIG - 1000, 999], BIG - 1), ([-BIG - 1], -BIG - 1)]

# Per language: prints then returns the sum (AC), the sum plus one (WA), a
# crash (RE), a loop (TLE).
CODE = {
    "c": {
        "AC": "long long sumLong(long long* nums, int numsSize) {\n"
              "    printf(\"debug %d\\n\", numsSize);\n"
              "    long long s = 0;\n"
              "    for (int i = 0; i < numsSize; i++) s += nums[i];\n"
              "    return s;\n}\n",
        "WA": "long long sumLong(long long* nums, int numsSize) {\n"
              "    long long s = 1;\n"
              "    for (int i = 0; i < numsSize; i++) s += nums[i];\n"
              "    return s;\n}\n",
        "RE": "long long sumLong(long long* nums, int numsSize) {\n"
              "    (void)nums; (void)numsSize; abort();\n}\n",
        "TLE": "long long sumLong(long long* nums, int numsSize) {\n"
               "    (void)nums; (void)numsSize; volatile long long x = 0; for (;;) x++;\n}\n",
    },
    "cpp": {
        "AC": "class Solution {\npublic:\n    long long sumLong(vector<long long>& nums) {\n"
              "        cout << \"debug \" << nums.size() << endl;\n"
              "        return accumulate(nums.begin(), nums.end(), 0LL);\n    }\n};\n",
        "WA": "class Solution {\npublic:\n    long long sumLong(vector<long long>& nums) {\n"
              "        return accumulate(nums.begin(), nums.end(), 1LL);\n    }\n};\n",
        "RE": "class Solution {\npublic:\n    long long sumLong(vector<long long>& nums) {\n"
              "        throw runtime_error(\"boom\");\n    }\n};\n",
        "TLE": "class Solution {\npublic:\n    long long sumLong(vector<long long>& nums) {\n"
               "        volatile long long x = 0; for (;;) x++;\n    }\n};\n",
    },
    "python": {
        "AC": "class Solution:\n    def sumLong(self, nums: List[int]) -> int:\n"
              "        print('debug', len(nums))\n        return sum(nums)\n",
        "WA": "class Solution:\n    def sumLong(self, nums: List[int]) -> int:\n"
              "        return sum(nums) + 1\n",
        "RE": "class Solution:\n    def sumLong(self, nums: List[int]) -> int:\n"
              "        raise ValueError('boom')\n",
        "TLE": "class Solution:\n    def sumLong(self, nums: List[int]) -> int:\n"
               "        while True:\n            pass\n",
    },
    "java": {
        "AC": "class Solution {\n    public long sumLong(long[] nums) {\n"
              "        System.out.println(\"debug \" + nums.length);\n"
              "        long s = 0;\n        for (long x : nums) s += x;\n        return s;\n"
              "    }\n}\n",
        "WA": "class Solution {\n    public long sumLong(long[] nums) {\n"
              "        long s = 1;\n        for (long x : nums) s += x;\n        return s;\n"
              "    }\n}\n",
        "RE": "class Solution {\n    public long sumLong(long[] nums) {\n"
              "        throw new RuntimeException(\"boom\");\n    }\n}\n",
        "TLE": "class Solution {\n    public long sumLong(long[] nums) {\n"
               "        while (true) {}\n    }\n}\n",
    },
    "javascript": {
        "AC": "var sumLong = function(nums) {\n    console.log('debug', nums.length);\n"
              "    return nums.reduce((s, x) => s + BigInt(x), 0n);\n};\n",
        "WA": "var sumLong = function(nums) {\n    return nums.reduce((s, x) => s + BigInt(x), 1n);\n};\n",
        "RE": "var sumLong = function(nums) {\n    throw new Error('boom');\n};\n",
        "TLE": "var sumLong = function(nums) {\n    for (;;) {}\n};\n",
    },
    "go": {
        "AC": "import \"fmt\"\n\nfunc sumLong(nums []int64) int64 {\n"
              "\tfmt.Println(\"debug\", len(nums))\n\tvar s int64\n"
              "\tfor _, x := range nums {\n\t\ts += x\n\t}\n\treturn s\n}\n",
        "WA": "func sumLong(nums []int64) int64 {\n\tvar s int64 = 1\n"
              "\tfor _, x := range nums {\n\t\ts += x\n\t}\n\treturn s\n}\n",
        "RE": "func sumLong(nums []int64) int64 {\n\tpanic(\"boom\")\n}\n",
        "TLE": "func sumLong(nums []int64) int64 {\n\tfor {\n\t}\n}\n",
    },
    "rust": {
        "AC": "impl Solution {\n    pub fn sum_long(nums: Vec<i64>) -> i64 {\n"
              "        println!(\"debug {}\", nums.len());\n        nums.iter().sum()\n    }\n}\n",
        "WA": "impl Solution {\n    pub fn sum_long(nums: Vec<i64>) -> i64 {\n"
              "        nums.iter().sum::<i64>() + 1\n    }\n}\n",
        "RE": "impl Solution {\n    pub fn sum_long(_nums: Vec<i64>) -> i64 {\n"
              "        panic!(\"boom\")\n    }\n}\n",
        "TLE": "impl Solution {\n    pub fn sum_long(_nums: Vec<i64>) -> i64 {\n"
               "        loop {}\n    }\n}\n",
    },
}

JS_LEETCODE_LONG = """var countPairs = function(nums, target) {
    const seen = new Map();
    let pairs = 0;
    for (const x of nums) {
        pairs += seen.get(target - x) || 0;
        seen.set(x, (seen.get(x) || 0) + 1);
    }
    return pairs;
};
"""

# A C program that ends before its function returns, or exits 97 itself.
C_EXIT0 = "long long sumLong(long long* nums, int numsSize) {\n    exit(0);\n}\n"
C_EXIT97 = "long long sumLong(long long* nums, int numsSize) {\n    exit(97);\n}\n"

# Accepts when the output file holds the expected value, compared as text
# after trimming: only the returned value's JSON line passes, never the
# debug output printed before it.
CHECKER = r"""#include <stdio.h>
#include <string.h>
static void slurp(const char *p, char *b, size_t n) {
    FILE *f = fopen(p, "r"); size_t k = f ? fread(b, 1, n - 1, f) : 0; b[k] = 0;
    if (f) fclose(f);
    while (k && (b[k - 1] == '\n' || b[k - 1] == ' ')) b[--k] = 0;
}
int main(int argc, char **argv) {
    static char e[1 << 16], o[1 << 16];
    if (argc < 4) return 2;
    slurp(argv[2], e, sizeof e); slurp(argv[3], o, sizeof o);
    return strcmp(e, o) == 0 ? 0 : 1;
}
"""


def problem_body(checker=None, tests=TESTS, function=SIG):
    body = {"title": "Sum", "difficulty": "easy", "timeLimitMs": 500, "memoryLimitMb": 256,
            "outputLimitKb": 64, "statement": "# Sum\n\nReturn the sum.\n", "function": function,
            "samples": [{"input": json.dumps(tests[0][0]) + "\n",
                         "output": json.dumps(tests[0][1]) + "\n"}],
            "tests": [{"input": json.dumps(a) + "\n", "output": json.dumps(r) + "\n"}
                      for a, r in tests[1:]]}
    if checker:
        body["checker"] = checker
    if checker == "custom":
        body["checkerSource"] = CHECKER
    return body


def problem_files():
    """fn-sum as a directory's files: name -> text."""
    body = problem_body()
    files = {"statement.md": body["statement"],
             "problem.json": json.dumps({k: body[k] for k in (
                 "title", "difficulty", "timeLimitMs", "memoryLimitMb", "outputLimitKb",
                 "function")})}
    for kind in ("samples", "tests"):
        for i, t in enumerate(body[kind], 1):
            files[f"{kind}/{i:02d}.in"] = t["input"]
            files[f"{kind}/{i:02d}.out"] = t["output"]
    return files


def zip_of(files):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return b.getvalue()


def main():
    failures = []

    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failures.append(what)

    db = h.fresh_db("function")
    h.import_problems(db)
    h.redis_cli(RDB, "FLUSHDB")
    api, port = h.start_api(db, RDB, ["--admin-token", ADMIN])
    worker = h.start_worker(db, RDB, slots=2)
    events = h.Events(RDB)
    try:
        judged(db, port, worker, events, check)
    finally:
        # Never left running after a failure: a stray worker would take the
        # next run's jobs from the same Redis database.
        rc = worker.stop()
        api.stop()
    if failures or rc != 0:
        print(worker.log[-4000:])
    events.close()
    h.drop_db(db)
    print(f"{len(failures)} failed")
    return 1 if failures or rc != 0 else 0


def judged(db, port, worker, events, check):

    def call(method, path, body=None):
        st, _, data = h.http(port, method, path, body, AUTH, timeout=60)
        try:
            return st, json.loads(data) if data else None
        except ValueError:
            return st, data

    # The served problem: signature, templates, type; the list marks it.
    st, doc = call("GET", "/api/problems/max-subarray")
    check(st == 200 and doc["function"]["name"] == "maxSubArray", "GET serves the signature")
    t = (doc or {}).get("templates") or {}
    check(sorted(t) == sorted(EXT.values()), f"templates in every language ({sorted(t)})")
    check("long long maxSubArray(int* nums, int numsSize)" in t.get("c", ""), "C template")
    check("pub fn max_sub_array(nums: Vec<i32>) -> i64" in t.get("rust", ""), "Rust template")
    check("class Solution" in t.get("java", "") and "public long maxSubArray(int[] nums)"
          in t.get("java", ""), "Java template")
    check(doc["type"] == ["pass-fail", "function"] and doc["checker"] == "json",
          f"type and default checker ({doc['type']}, {doc['checker']})")
    st, lst = call("GET", "/api/problems")
    types = {p["id"]: p["type"] for p in lst}
    check(types.get("max-subarray") == ["pass-fail", "function"]
          and types.get("a-plus-b") == ["pass-fail"], "the list marks function problems")
    st, doc = call("GET", "/api/problems/a-plus-b")
    check(doc["function"] is None and doc["templates"] is None, "a stdin problem has none")

    # Writes: each test checked against the signature; PATCH's limits.
    bad = problem_body()
    bad["tests"][1]["input"] = "[1, \"2\"]\n"
    st, r = call("PUT", "/api/problems/fn-sum", bad)
    check(st == 400 and "tests[1].input" in r["error"] and "line 1 (nums)" in r["error"],
          f"PUT: a test that does not fit is named ({st} {r})")
    bad = problem_body()
    bad["tests"][0]["output"] = "\"x\"\n"
    st, r = call("PUT", "/api/problems/fn-sum", bad)
    check(st == 400 and "tests[0].output" in r["error"], f"PUT: a bad expected value ({r})")
    st, r = call("PUT", "/api/problems/fn-sum", problem_body(checker="tokens"))
    check(st == 400 and "function problem" in r["error"], f"PUT: tokens refused ({r})")
    st, r = call("PUT", "/api/problems/fn-sum", problem_body())
    check(st == 200 and r["problem"]["function"]["name"] == "sumLong"
          and "sumLong" in r["problem"]["templates"]["python"], f"PUT of a function problem ({st})")
    st, r = call("PATCH", "/api/problems/fn-sum", {"function": SIG})
    check(st == 400 and "PUT the whole problem" in r["error"], f"PATCH function refused ({r})")
    st, r = call("PATCH", "/api/problems/fn-sum", {"checker": "exact"})
    check(st == 400 and "function problem" in r["error"], f"PATCH: exact refused ({st} {r})")
    st, r = call("PATCH", "/api/problems/a-plus-b", {"checker": "unordered"})
    check(st == 400 and "needs a function problem" in r["error"],
          f"PATCH: unordered on a stdin problem refused ({st} {r})")
    st, r = call("PATCH", "/api/problems/fn-sum", {"checker": "float:1e-9"})
    check(st == 200 and r["problem"]["checker"] == "float:1e-9",
          f"PATCH: float:EPS allowed ({st} {r})")
    st, r = call("PATCH", "/api/problems/fn-sum", {"checker": "json"})
    check(st == 200, "PATCH: back to json")
    st, r = call("PUT", "/api/problems/fn-custom", problem_body(checker="custom"))
    check(st == 200, f"PUT with a custom checker ({st} {r})")
    files = problem_files()
    st, _, data = h.http(port, "PUT", "/api/problems/fn-zip", zip_of(files),
                         dict(AUTH, **{"Content-Type": "application/zip"}))
    r = json.loads(data)
    check(st == 200 and r["problem"]["function"]["name"] == "sumLong", f"PUT zip ({st} {r})")
    files["tests/02.in"] = "[1,2]\n[3]\n"
    st, _, data = h.http(port, "PUT", "/api/problems/fn-zip", zip_of(files),
                         dict(AUTH, **{"Content-Type": "application/zip"}))
    err = json.loads(data).get("error", "")
    check(st == 400 and "tests/02.in" in err and "line 2" in err,
          f"PUT zip: the test that does not fit is named ({st} {err})")
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(tmp, "fn-dir", name)), exist_ok=True)
            with open(os.path.join(tmp, "fn-dir", name), "w") as f:
                f.write(text)
        p = subprocess.run([h.BIN, "problems", "import", os.path.join(tmp, "fn-dir"), "--db",
                            db], capture_output=True, text=True, timeout=60)
        check(p.returncode != 0 and "fn-dir/tests/02.in: line 2" in p.stderr,
              f"import: the file and line are named ({p.stderr.strip()})")

    # Judging, in every language.
    cases = []
    for path in sorted(glob.glob(os.path.join(h.SRC, "problems/max-subarray/submissions/"
                                              "accepted/accepted.*"))):
        lang = EXT[os.path.splitext(path)[1]]
        if lang not in ("c", "python"):
            continue  # every language is judged on fn-sum below
        cases.append((f"max-subarray/{lang}", "max-subarray", lang, open(path).read(), "AC",
                      None))
    for lang, codes in CODE.items():
        for want, code in codes.items():
            cases.append((f"{want}/{lang}", "fn-sum", lang, code, want, None))
    # LeetCode's JavaScript passes a long as a number: code written for it
    # mixes the long with ints (a BigInt would throw a TypeError: RE).
    cases.append(("leetcode-long/javascript", "two-sum-pairs", "javascript", JS_LEETCODE_LONG,
                  "AC", None))
    cases.append(("exit0/c", "fn-sum", "c", C_EXIT0, "RE", "before the function returned"))
    cases.append(("exit97/c", "fn-sum", "c", C_EXIT97, "RE", "exit code 97"))
    cases.append(("custom/c", "fn-custom", "c", CODE["c"]["AC"], "AC", None))
    cases.append(("custom-wa/c", "fn-custom", "c", CODE["c"]["WA"], "WA", None))
    ids = {}
    for name, prob, lang, code, _, _ in cases:
        st, r = call("POST", "/api/submissions", {"userId": "fn-" + name.replace("/", "-"),
                                                  "problemId": prob, "language": lang,
                                                  "code": code})
        check(st == 202, f"{name}: submitted ({st})")
        ids[name] = r["id"] if st == 202 else None
    try:
        got = events.wait_results(len(cases), timeout=300,
                                  pred=lambda e: e["userId"].startswith("fn-"))
    except AssertionError as e:
        got = [e for e in events.results() if e["userId"].startswith("fn-")]
        check(False, f"every submission judged: {e}")
    by_id = {e["submissionId"]: e for e in got}
    for name, prob, lang, code, want, msg in cases:
        e = by_id.get(ids[name]) or {}
        ok = e.get("status") == want and (msg is None or msg in (e.get("message") or ""))
        check(ok, f"{name}: {want} (got {e.get('status')}: {e.get('message')})")
    st, sub = call("GET", f"/api/submissions/{ids['AC/python']}")
    check(st == 200 and sub["verdict"] == "AC" and len(sub["tests"]) == len(TESTS),
          "the printing function passed every test")


sys.exit(main())
