"""End to end: packaged problems (a judging plan in problems.judging, as the
import of a Kattis package stores it) judged by a real api and worker: an
output validator of the problem's own in C++ (two files, feedback) and in
Python (per-test validatorArgs), one that crashes, one that does not
compile, a plan that breaks the rules, per-test arguments with an include/
driver (C, and Java calling a class without main), the default validator
with per-test flags, a scoring plan, interactive tests in every finish
order, and Java's main class of any name."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 11

VALIDATE_H = r"""
#include <stdio.h>
static void feedback(const char *dir, const char *name, const char *text, long v)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) { fprintf(f, text, v); fclose(f); }
}
"""

VALIDATE_CC = r"""
#include "validate.h"
#include <cstdio>
int main(int argc, char **argv)
{
    FILE *ans = fopen(argv[2], "r");
    long want, got;
    if (argc < 4 || !ans || fscanf(ans, "%ld", &want) != 1)
        return 1;
    if (scanf("%ld", &got) != 1) {
        feedback(argv[3], "teammessage.txt", "no number in your output%ld\n", 0);
        return 43;
    }
    if (got != want) {
        feedback(argv[3], "teammessage.txt", "expected %ld\n", want);
        feedback(argv[3], "judgemessage.txt", "off by %ld\n", got - want);
        return 43;
    }
    return 42;
}
"""

CRASHING_CC = "#include <cstdlib>\nint main() { std::abort(); }\n"

VALIDATE_PY = r"""
import sys
inp, ans, fb, mod = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
want = int(open(ans).read().split()[0])
got = sys.stdin.read().split()
if len(got) == 1 and got[0].lstrip("-").isdigit() and int(got[0]) % mod == want % mod:
    sys.exit(42)
open(fb + "teammessage.txt", "w").write("not congruent mod %d\n" % mod)
sys.exit(43)
"""

DRIVER_C = r"""
#include <stdio.h>
#include <stdlib.h>
long solve(long x);
int main(int argc, char **argv)
{
    long x, k = argc > 1 ? strtol(argv[1], NULL, 10) : 1;
    if (scanf("%ld", &x) != 1)
        return 1;
    printf("%ld\n", k * solve(x));
    return 0;
}
"""

DRIVER_JAVA = r"""
import java.util.Scanner;

public class Driver {
    public static void main(String[] args) {
        long k = args.length > 0 ? Long.parseLong(args[0]) : 1;
        System.out.println(k * Solution.solve(new Scanner(System.in).nextLong()));
    }
}
"""

# The guessing game: the secret is the input; a long greeting first (more
# than a pipe holds), then "higher"/"lower" until the guess is right.
INTERACTOR_C = r"""
#include <stdio.h>
#include <string.h>
static void msg(const char *dir, const char *text)
{
    char path[4096];
    snprintf(path, sizeof(path), "%steammessage.txt", dir);
    FILE *f = fopen(path, "w");
    if (f) { fputs(text, f); fclose(f); }
}
static char greeting[200001];
int main(int argc, char **argv)
{
    FILE *in = fopen(argv[1], "r");
    int secret;
    if (!in || fscanf(in, "%d", &secret) != 1)
        return 1;
    memset(greeting, 'x', 200000);
    printf("%s\n", greeting);
    fflush(stdout);
    for (int q = 0; q < 20; q++) {
        int g;
        if (scanf("%d", &g) != 1) { msg(argv[3], "no guess"); return 43; }
        if (g < 1 || g > 100) { msg(argv[3], "guess out of range"); return 43; }
        if (g == secret) { printf("correct\n"); fflush(stdout); return 42; }
        printf(g < secret ? "higher\n" : "lower\n");
        fflush(stdout);
    }
    msg(argv[3], "too many guesses");
    return 43;
}
"""

READ_GREETING = "static char line[300000];\n"
GUESS_AC = READ_GREETING + r"""
#include <stdio.h>
#include <string.h>
int main(void)
{
    if (!fgets(line, sizeof(line), stdin)) return 1;
    int lo = 1, hi = 100;
    for (;;) {
        int m = (lo + hi) / 2;
        printf("%d\n", m);
        fflush(stdout);
        char r[32];
        if (scanf("%31s", r) != 1 || !strcmp(r, "correct")) return 0;
        if (!strcmp(r, "higher")) lo = m + 1; else hi = m - 1;
    }
}
"""
GUESS_REJECTED_THEN_HANG = READ_GREETING + r"""
#include <stdio.h>
int main(void)
{
    if (!fgets(line, sizeof(line), stdin)) return 1;
    printf("0\n");
    fflush(stdout);
    for (volatile unsigned long i = 0;; i++) {}
}
"""
GUESS_REJECTED_THEN_WRITES = READ_GREETING + r"""
#include <stdio.h>
int main(void)
{
    if (!fgets(line, sizeof(line), stdin)) return 1;
    for (;;) {
        printf("0\n");
        fflush(stdout);
    }
}
"""
GUESS_CRASH = READ_GREETING + r"""
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
    if (!fgets(line, sizeof(line), stdin)) return 1;
    abort();
}
"""
# Stops reading, guesses once and exits: the validator's answer to the guess
# finds no reader but the judge's, as in problemtools (no SIGPIPE, no judge
# error), and the validator then reads the end of the exchange: WA.
GUESS_GONE = READ_GREETING + r"""
#include <stdio.h>
#include <unistd.h>
int main(void)
{
    if (!fgets(line, sizeof(line), stdin)) return 1;
    close(0);
    printf("50\n");
    fflush(stdout);
    return 0;
}
"""
GUESS_NEVER_READS = "#include <unistd.h>\nint main(void) { for (;;) pause(); }\n"

JAVA_DIFFERENT = r"""
import java.util.Scanner;

/* A class named Main in a comment: class Main { static void main( } */
class Helper {
    static long add(long a, long b) { return a + b; }
}

public class Different {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        String s = "public class Main { public static void main(String[] a) {} }";
        System.out.println(Helper.add(in.nextLong(), in.nextLong()));
    }
}
"""

ROOT = {"name": "", "parent": -1, "aggregation": "pass-fail", "onReject": "break",
        "acceptScore": 1, "rejectScore": 0, "range": None, "maxScore": None,
        "graderFlags": [], "requirePass": []}


def plan(tests, validator=None, types=("pass-fail",), include=None, groups=None):
    doc = {"format": 1, "types": list(types), "groups": groups or [ROOT], "tests": tests}
    if validator:
        doc["validator"] = validator
    if include:
        doc["include"] = include
    return doc


def test(name, group=0, args=(), vargs=()):
    return {"name": name, "group": group, "args": list(args), "validatorArgs": list(vargs),
            "fullFeedback": False, "desc": None, "hint": None}


def files(lang, **named):
    return {"language": lang, "files": [{"name": n.replace("_", "."), "text": t}
                                        for n, t in named.items()]}


def quote(s):
    return "$q$" + s + "$q$"


def insert(db, pid, checker, rows, judging, time_limit=1000):
    """One problem as the import stores it: the row, its tests (samples
    first), its judging plan (None: a problem of verdict's own format)."""
    sql = ("INSERT INTO problems (id, title, difficulty, statement, time_limit_ms, "
           "memory_limit_mb, output_limit_kb, checker, judging) VALUES "
           f"('{pid}', '{pid}', 'easy', '# {pid}', {time_limit}, 256, 1024, '{checker}', "
           f"{quote(json.dumps(judging)) + '::jsonb' if judging else 'NULL'});")
    for i, (sample, inp, out) in enumerate(rows):
        sql += (f"INSERT INTO tests (problem_id, ord, is_sample, input, output) VALUES "
                f"('{pid}', {i + 1}, {'true' if sample else 'false'}, {quote(inp)}, "
                f"{quote(out)});")
    h.psql(db, sql)


def problems(db):
    insert(db, "pk-cpp", "validator", [(True, "1 2\n", "3\n"), (False, "40 2\n", "42\n")],
           plan([test("sample/1"), test("secret/1")],
                files("cpp", validate_cc=VALIDATE_CC, validate_h=VALIDATE_H)))
    insert(db, "pk-crash", "validator", [(False, "1 2\n", "3\n")],
           plan([test("secret/1")], files("cpp", validate_cpp=CRASHING_CC)))
    insert(db, "pk-py", "validator", [(False, "5 6\n", "11\n"), (False, "500 6\n", "506\n")],
           plan([test("secret/mod7", vargs=["7"]), test("secret/mod1000", vargs=["1000"])],
                files("python", validate_py=VALIDATE_PY)))
    insert(db, "pk-driver", "kattis", [(False, "5\n", "18\n"), (False, "10\n", "22\n")],
           plan([test("secret/1", args=["3"]), test("secret/2", args=["2"])],
                include=[files("c", driver_c=DRIVER_C), files("java", Driver_java=DRIVER_JAVA)]))
    insert(db, "pk-flags", "kattis",
           [(False, "a\n", "YES\n"), (False, "b\n", "3.14\n"), (False, "c\n", "Yes\n")],
           plan([test("secret/1"), test("secret/2", vargs=["float_tolerance", "0.01"]),
                 test("secret/3", vargs=["case_sensitive"])]))
    groups = [dict(ROOT, aggregation="sum", onReject="continue"),
              dict(ROOT, name="secret/g1", parent=0, aggregation="min", acceptScore=30),
              dict(ROOT, name="secret/g2", parent=0, aggregation="min", acceptScore=70)]
    insert(db, "pk-score", "kattis", [(False, "1\n", "1\n"), (False, "2\n", "2\n")],
           plan([test("secret/g1/1", group=1), test("secret/g2/1", group=2)],
                types=("scoring",), groups=groups))
    insert(db, "pk-guess", "validator", [(False, "37\n", "37\n")],
           plan([test("secret/1")], files("c", interact_c=INTERACTOR_C),
                types=("pass-fail", "interactive")))
    bad = plan([test("secret/1")])
    bad["format"] = 2
    insert(db, "pk-badplan", "kattis", [(False, "1\n", "1\n")], bad)
    insert(db, "pk-nobuild", "validator", [(False, "1\n", "1\n")],
           plan([test("secret/1")], files("cpp", v_cpp="int main() { syntax error }\n")))
    insert(db, "pk-plain", "tokens", [(True, "1 2\n", "3\n"), (False, "40 2\n", "42\n")], None)


C_SUM = '#include <stdio.h>\nint main(void){long a,b;scanf("%ld %ld",&a,&b);printf("%ld\\n",a+%s);}'

# (name, problem, language, code, verdict, a fragment of the message, a fragment of
# the worker's line on its score and feedback: "!..." when it must not be there)
CASES = [
    ("cpp-ac", "pk-cpp", "c", C_SUM.replace("%s", "b"), "AC", "", None),
    ("cpp-wa", "pk-cpp", "c", C_SUM.replace("%s", "b+1"), "WA", "test 1 (sample/1)",
     'team message "expected 3\\n" judge message "off by 1\\n"'),
    ("crash-ie", "pk-crash", "c", C_SUM.replace("%s", "b"), "IE", "output validator failed",
     None),
    ("py-ac", "pk-py", "python", "a, b = map(int, input().split())\nprint(a + b)\n", "AC", "",
     None),
    ("py-mod7", "pk-py", "python", "a, b = map(int, input().split())\nprint(a + b + 7)\n", "WA",
     "test 2 (secret/mod1000)", 'team message "not congruent mod 1000\\n"'),
    ("driver-ac", "pk-driver", "c", "long solve(long x) { return x + 1; }\n", "AC", "", None),
    ("driver-wa", "pk-driver", "c", "long solve(long x) { return x + 2; }\n", "WA",
     "test 1 (secret/1)", None),
    ("driver-java", "pk-driver", "java",
     "public class Solution { static long solve(long x) { return x + 1; } }\n", "AC", "", None),
    ("flags-ac", "pk-flags", "python",
     "print({'a': 'yes', 'b': '3.141', 'c': 'Yes'}[input()])\n", "AC", "", None),
    ("flags-case", "pk-flags", "python",
     "print({'a': 'yes', 'b': '3.141', 'c': 'yes'}[input()])\n", "WA", "test 3 (secret/3)",
     None),
    ("flags-float", "pk-flags", "python",
     "print({'a': 'yes', 'b': '3.2', 'c': 'Yes'}[input()])\n", "WA", "test 2 (secret/2)", None),
    ("score-30", "pk-score", "python", "x = int(input())\nprint(x if x == 1 else 0)\n", "WA",
     "test 2 (secret/g2/1)", "score 30 of 100"),
    ("guess-ac", "pk-guess", "c", GUESS_AC, "AC", "", None),
    ("guess-wa-hang", "pk-guess", "c", GUESS_REJECTED_THEN_HANG, "WA", "wrong answer",
     r'team message "guess out of range"'),
    # Its writes after the validator's end get SIGPIPE: still the validator's WA.
    ("guess-wa-sigpipe", "pk-guess", "c", GUESS_REJECTED_THEN_WRITES, "WA", "wrong answer",
     'team message "guess out of range"'),
    # The validator's "no guess" is about the broken exchange, not an answer.
    ("guess-crash", "pk-guess", "c", GUESS_CRASH, "RE", "SIGABRT", "!team message"),
    ("guess-gone", "pk-guess", "c", GUESS_GONE, "WA", "wrong answer",
     'team message "no guess"'),
    ("guess-never-reads", "pk-guess", "c", GUESS_NEVER_READS, "TLE", "wall clock", None),
    ("bad-plan", "pk-badplan", "python", "print(1)\n", "IE", "judging plan is not valid", None),
    ("no-build", "pk-nobuild", "python", "print(1)\n", "IE", "output validator does not compile",
     None),
    ("java-different", "pk-plain", "java", JAVA_DIFFERENT, "AC", "", None),
    ("java-packaged", "pk-cpp", "java", JAVA_DIFFERENT, "AC", "", None),
]


def wait_done(port, ids, timeout=120):
    deadline = time.time() + timeout
    done = {}
    while len(done) < len(ids) and time.time() < deadline:
        for name, sid in ids.items():
            if name in done:
                continue
            st, _, body = h.http(port, "GET", f"/api/submissions/{sid}")
            doc = json.loads(body)
            if st == 200 and doc["status"] == "done":
                done[name] = doc
        time.sleep(0.2)
    return done


def main():
    db = h.fresh_db("packaged")
    problems(db)
    h.redis_cli(RDB, "FLUSHDB")
    api, port = h.start_api(db, RDB)
    worker = h.start_worker(db, RDB, slots=2)
    t0 = time.time()
    ids = {}
    # The slow ones first (a JVM, the interactive time limits), for both lanes.
    for name, problem, lang, code, *_ in sorted(CASES, key=lambda c: c[2] != "java" and
                                                 "guess" not in c[0]):
        st, _, body = h.http(port, "POST", "/api/submissions",
                             {"userId": "pk-" + name, "problemId": problem, "language": lang,
                              "code": code})
        assert st == 202, (name, st, body)
        ids[name] = json.loads(body)["id"]
    done = wait_done(port, ids)
    took = time.time() - t0
    worker.stop()
    api.stop()
    failed = []
    for name, problem, lang, _, verdict, fragment, log in CASES:
        doc = done.get(name)
        got = doc["verdict"] if doc else "not judged"
        msg = (doc or {}).get("message") or ""
        row = h.psql(db, "SELECT id FROM submissions WHERE public_id = "
                         f"'{ids[name]}'")
        absent = log is not None and log.startswith("!")
        seen = log is not None and any(log.lstrip("!") in line and f"submission {row}:" in line
                                       for line in worker.log.splitlines())
        logged = log is None or seen != absent
        ok = got == verdict and fragment in msg and logged
        print(f"{'ok  ' if ok else 'FAIL'} {name:<18} {problem:<10} expect {verdict} got {got:<4}"
              f" {msg!r}{'' if logged else ' (no log line ' + repr(log) + ')'}")
        if not ok:
            failed.append(name)
    print(f"{len(CASES)} submissions judged in {took:.1f}s")
    if failed:
        print(worker.log[-6000:])
    h.drop_db(db)
    print(f"{len(CASES) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


sys.exit(main())
