"""End to end: the built `verdict api` over HTTP, against real Redis and
PostgreSQL. Every bad-input rule of issue 2 has its own test."""
import json
import os
import re
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 5
db = h.fresh_db("api")
h.import_problems(db)
h.redis_cli(RDB, "FLUSHDB")
api, port = h.start_api(db, RDB, ["--http-timeout-ms", "500"])

GOOD = {"userId": "alice", "problemId": "a-plus-b", "language": "c",
        "code": "#include <stdio.h>\nint main(){long a,b;scanf(\"%ld %ld\",&a,&b);printf(\"%ld\\n\",a+b);}"}


def rows():
    return int(h.psql(db, "SELECT count(*) FROM submissions"))


def llen():
    return int(h.redis_cli(RDB, "LLEN", "problems"))


def expect_error(status, body, code, fragment):
    assert status == code, (status, body)
    msg = json.loads(body)["error"]
    assert fragment in msg, msg


def test_submission_is_stored_then_queued():
    before_rows, before_q = rows(), llen()
    st, hd, body = h.http(port, "POST", "/api/submissions", GOOD)
    assert st == 202, (st, body)
    doc = json.loads(body)
    # the public id: 32 random hex digits (issue 10), not the row's number
    assert doc["status"] == "queued" and len(doc["id"]) == 32 and int(doc["id"], 16) >= 0
    assert rows() == before_rows + 1 and llen() == before_q + 1
    job = json.loads(h.redis_cli(RDB, "LINDEX", "problems", "0"))
    # the job names the row (only workers read it); the answer its public id
    assert job["code"] == GOOD["code"]
    assert h.psql(db, "SELECT public_id FROM submissions WHERE id = "
                      f"{int(job['submissionId'])}") == doc["id"]
    st, _, body = h.http(port, "GET", f"/api/submissions/{doc['id']}")
    sub = json.loads(body)
    assert st == 200 and sub["status"] == "queued" and sub["userId"] == "alice"
    assert sub["language"] == "c" and sub["code"] == GOOD["code"]
    # a push that worked costs no second write: the row is enqueued from the start
    assert h.psql(db, f"SELECT enqueued FROM submissions WHERE public_id = '{doc['id']}'") == "t"


def test_tutorial_submit_only_queues():
    before_rows, before_q = rows(), llen()
    body = {"problemId": "a-plus-b", "code": "print(sum(map(int, input().split())))",
            "language": "python3"}
    st, _, resp = h.http(port, "POST", "/submit", body)
    assert st == 200, resp
    assert rows() == before_rows and llen() == before_q + 1
    assert json.loads(h.redis_cli(RDB, "LINDEX", "problems", "0")) == body


def test_aliases_are_normalised_in_the_row():
    st, _, body = h.http(port, "POST", "/api/submissions", dict(GOOD, language="C++"))
    assert st == 202
    sid = json.loads(body)["id"]
    assert h.psql(db, f"SELECT language FROM submissions WHERE public_id='{sid}'") == "cpp"


def test_history_is_newest_first_and_paged():
    ids = []
    for i in range(3):
        st, _, body = h.http(port, "POST", "/api/submissions", dict(GOOD, userId="bob"))
        ids.append(json.loads(body)["id"])
    st, _, body = h.http(port, "GET", "/api/users/bob/submissions")
    got = [s["id"] for s in json.loads(body)]
    assert got == ids[::-1], got
    st, _, body = h.http(port, "GET", f"/api/users/bob/submissions?limit=1&before={ids[2]}")
    assert [s["id"] for s in json.loads(body)] == [ids[1]]
    st, _, body = h.http(port, "GET", "/api/users/nobody/submissions")
    assert st == 200 and json.loads(body) == []


def test_problems_and_cache():
    st, _, body = h.http(port, "GET", "/api/problems")
    probs = json.loads(body)
    assert st == 200 and len(probs) >= 9 and any(p["id"] == "a-plus-b" for p in probs)
    st, _, body = h.http(port, "GET", "/api/problems/a-plus-b")
    p = json.loads(body)
    assert st == 200 and p["title"] == "A + B" and p["samples"] and p["testCount"] > len(p["samples"])
    assert "tests" not in p  # hidden tests never leave the server
    # the problem cache's entry (README "The problem cache"): its version
    # and the JSON served
    deadline = time.time() + 3  # Redis is used once the api reconciled it (1 s at most)
    while h.redis_cli(RDB, "HGET", "problem:{a-plus-b}", "v") != str(p["version"]):
        assert time.time() < deadline, "problem not cached"
        h.http(port, "GET", "/api/problems/a-plus-b")
        time.sleep(0.1)
    st, _, body = h.http(port, "GET", "/api/problems/a-plus-b")
    assert json.loads(body) == p
    st, _, body = h.http(port, "GET", "/api/problems/no-such-problem")
    expect_error(st, body, 404, "unknown problem")


def write_probe(root, title):
    d = os.path.join(root, "cache-probe")
    for sub in ("samples", "tests"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
        for ext in ("in", "out"):
            with open(os.path.join(d, sub, f"01.{ext}"), "w") as f:
                f.write("1\n")
    with open(os.path.join(d, "statement.md"), "w") as f:
        f.write(f"# {title}\n\nPrint the input.\n")
    with open(os.path.join(d, "problem.json"), "w") as f:
        json.dump({"title": title, "difficulty": "easy", "timeLimitMs": 1000, "memoryLimitMb": 64,
                   "outputLimitKb": 64, "checker": "tokens"}, f)
    return d


def test_a_reimported_problem_is_served_fresh_without_touching_the_cache():
    import tempfile
    root = tempfile.mkdtemp(prefix="verdict-probe-")
    h.import_problems(db, write_probe(root, "Probe One"))
    def title_of(path, pick):
        deadline = time.time() + 12
        while True:
            st, _, body = h.http(port, "GET", path)
            got = pick(json.loads(body)) if st == 200 else None
            if got is not None:
                return got
            assert time.time() < deadline, (st, body)
            time.sleep(0.2)
    one = title_of("/api/problems/cache-probe", lambda p: p["title"])
    assert one == "Probe One"
    lst = lambda ps: next((p["title"] for p in ps if p["id"] == "cache-probe"), None)
    assert title_of("/api/problems", lst) == "Probe One"
    # the import never spoke to Redis: the apis' reconcile publishes what it
    # wrote (sql/005's trigger records it as an unpublished write)
    h.import_problems(db, write_probe(root, "Probe Two"))
    deadline = time.time() + 12
    while title_of("/api/problems/cache-probe", lambda p: p["title"]) != "Probe Two":
        assert time.time() < deadline, "stale problem served after a re-import"
        time.sleep(0.2)
    while title_of("/api/problems", lst) != "Probe Two":
        assert time.time() < deadline, "stale problem list served after a re-import"
        time.sleep(0.2)


def test_languages_lists_installed():
    st, _, body = h.http(port, "GET", "/api/languages")
    ids = [l["id"] for l in json.loads(body)]
    assert st == 200 and "c" in ids and "python" in ids


def test_health_and_metrics():
    st, _, body = h.http(port, "GET", "/healthz")
    assert st == 200 and json.loads(body)["status"] == "ok"
    st, hd, body = h.http(port, "GET", "/metrics")
    assert st == 200 and b"verdict_submissions_accepted_total" in body
    assert hd["Content-Type"].startswith("text/plain")


def test_page_is_served():
    st, hd, body = h.http(port, "GET", "/")
    assert st == 200 and hd["Content-Type"].startswith("text/html") and b"<" in body
    assert hd["Cache-Control"] == "no-cache"
    st, hd, body = h.http(port, "GET", "/config.js")
    assert st == 200 and b"gatewayUrl" in body


def test_page_assets_are_hashed_and_immutable():
    # index.html (no-cache) names the bundle's files, whose names carry their
    # content's hash: cached for good, each with its type
    _, _, page = h.http(port, "GET", "/index.html")
    names = re.findall(rb'(?:src|href)="(/assets/[^"]+)"', page)
    assert len(names) == 3, page  # KaTeX's style sheet, the page's, its script
    types = {".js": "text/javascript", ".css": "text/css"}
    for name in names:
        st, hd, body = h.http(port, "GET", name.decode())
        assert st == 200 and body, name
        assert re.search(r"-[A-Z0-9]{8}\.", name.decode()), name
        assert hd["Cache-Control"] == "public, max-age=31536000, immutable", hd
        assert hd["Content-Type"].startswith(types[name.decode()[name.rindex(b"."):]]), hd
    # fonts are woff2 only, served as such
    _, _, css = h.http(port, "GET", next(n.decode() for n in names if b"katex" in n))
    fonts = re.findall(rb"url\(\"?([^)\"]+)\"?\)", css)
    assert fonts and all(f.endswith(b".woff2") for f in fonts), fonts[:3]
    st, hd, _ = h.http(port, "GET", "/assets/" + fonts[0].decode().lstrip("./"))
    assert st == 200 and hd["Content-Type"] == "font/woff2"
    # an asset of another build, or a path below assets/, is a 404
    for path in ("/assets/main-AAAAAAAA.js", "/assets/a/b.js", "/app.js", "/style.css"):
        st, _, body = h.http(port, "GET", path)
        assert st == 404, path


def test_unknown_route_and_method():
    st, _, body = h.http(port, "GET", "/nope")
    expect_error(st, body, 404, "no such route")
    st, _, body = h.http(port, "DELETE", "/api/problems")
    expect_error(st, body, 405, "method not allowed")
    st, _, body = h.http(port, "GET", "/api/submissions/abc")
    expect_error(st, body, 404, "unknown submission")
    st, _, body = h.http(port, "GET", "/api/submissions/999999999")
    expect_error(st, body, 404, "unknown submission")
    st, _, body = h.http(port, "GET", "/api/submissions/" + "0" * 32)
    expect_error(st, body, 404, "unknown submission")


def test_405_names_the_allowed_methods():
    for method, path, allow in [("DELETE", "/api/problems", "GET, HEAD"),
                                ("POST", "/api/problems/a-plus-b",
                                 "GET, HEAD, PUT, DELETE, PATCH"),
                                ("PUT", "/", "GET, HEAD"),
                                ("GET", "/api/submissions", "POST"),
                                ("HEAD", "/submit", "POST"),
                                # admin routes: a wrong method is 405 before the token is asked
                                ("GET", "/api/broadcast", "POST"),
                                ("PUT", "/api/tokens", "POST"),
                                ("GET", "/api/events", "POST")]:
        st, hd, body = h.http(port, method, path)
        assert st == 405, (method, path, st, body)
        assert hd.get("Allow") == allow, (method, path, hd)
        if method != "HEAD":
            expect_error(st, body, 405, "method not allowed")


def test_paths_are_matched_as_sent():
    # a trailing slash, an empty segment or an escaped '/' is another path
    for method, path in [("GET", "/api/problems/"), ("GET", "/api/submissions/"),
                         ("POST", "/api/submissions/"), ("POST", "/submit/"), ("GET", "/healthz/"),
                         ("GET", "/api/users//submissions"), ("GET", "/api%2Fproblems"),
                         ("GET", "/index.html/"), ("POST", "/nope")]:
        st, hd, body = h.http(port, method, path)
        expect_error(st, body, 404, "no such route")
        assert "Allow" not in hd, (path, hd)
    # the query string is not part of the path
    st, _, body = h.http(port, "GET", "/healthz?verbose=1")
    assert st == 200 and json.loads(body)["status"] == "ok", body
    # parameters keep their escapes, and their handler judges them
    st, _, body = h.http(port, "GET", "/api/problems/a%2Dplus-b")
    expect_error(st, body, 404, "unknown problem")
    st, _, body = h.http(port, "GET", "/api/users/a%20b/submissions")
    expect_error(st, body, 400, "user ids")
    st, _, body = h.http(port, "GET", "/api/submissions/" + "1" * 4000)
    expect_error(st, body, 404, "unknown submission")


def nothing_written(fn):
    before_rows, before_q = rows(), llen()
    fn()
    assert rows() == before_rows and llen() == before_q, "a rejected request wrote something"


def test_malformed_json():
    def go():
        st, _, body = h.http(port, "POST", "/api/submissions", '{"userId": "a", ')
        expect_error(st, body, 400, "malformed JSON")
        st, _, body = h.http(port, "POST", "/api/submissions", '{"a":1} trailing')
        expect_error(st, body, 400, "malformed JSON")
        st, _, body = h.http(port, "POST", "/api/submissions", '[1,2]')
        expect_error(st, body, 400, "JSON object")
        st, _, body = h.http(port, "POST", "/api/submissions", "")
        expect_error(st, body, 400, "empty body")
    nothing_written(go)


def test_wrong_types():
    def go():
        for field, value in [("userId", 5), ("problemId", ["x"]), ("language", {}), ("code", 1)]:
            st, _, body = h.http(port, "POST", "/api/submissions", dict(GOOD, **{field: value}))
            expect_error(st, body, 400, f"'{field}' must be")
    nothing_written(go)


def test_missing_fields():
    def go():
        for field in ["userId", "problemId", "language", "code"]:
            b = dict(GOOD)
            del b[field]
            st, _, body = h.http(port, "POST", "/api/submissions", b)
            expect_error(st, body, 400, f"missing field '{field}'")
    nothing_written(go)


def test_unknown_language_and_problem():
    def go():
        st, _, body = h.http(port, "POST", "/api/submissions", dict(GOOD, language="cobol"))
        expect_error(st, body, 400, "unknown language")
        st, _, body = h.http(port, "POST", "/api/submissions", dict(GOOD, problemId="no-such"))
        expect_error(st, body, 404, "unknown problem")
        st, _, body = h.http(port, "POST", "/api/submissions", dict(GOOD, problemId="Bad Id!"))
        expect_error(st, body, 400, "problemId")
        st, _, body = h.http(port, "POST", "/api/submissions", dict(GOOD, userId="a b"))
        expect_error(st, body, 400, "userId")
    nothing_written(go)


def test_empty_and_oversized_code():
    def go():
        st, _, body = h.http(port, "POST", "/api/submissions", dict(GOOD, code=""))
        expect_error(st, body, 400, "empty")
        st, _, body = h.http(port, "POST", "/api/submissions", dict(GOOD, code="x" * (64 * 1024 + 1)))
        expect_error(st, body, 413, "limit")
        st, _, body = h.http(port, "POST", "/api/submissions", dict(GOOD, code="\u0000" * 100000))
        assert st == 413, (st, body)  # the body itself is past the byte limit
    nothing_written(go)
    st, _, body = h.http(port, "POST", "/api/submissions", dict(GOOD, code="x" * (64 * 1024)))
    assert st == 202, body


def test_invalid_utf8_and_nul():
    def go():
        raw = json.dumps(GOOD).encode().replace(b"#include", b"\xff\xfe#include")
        st, _, body = h.http(port, "POST", "/api/submissions", raw)
        expect_error(st, body, 400, "UTF-8")
        st, _, body = h.http(port, "POST", "/api/submissions", json.dumps(dict(GOOD, code="a\u0000b")))
        expect_error(st, body, 400, "NUL")
    nothing_written(go)
    # an escaped backslash followed by "u0000" is ordinary text
    st, _, body = h.http(port, "POST", "/api/submissions", dict(GOOD, code='puts("\\u0000");'))
    assert st == 202, body


def test_wrong_content_type():
    def go():
        st, _, body = h.http(port, "POST", "/api/submissions", json.dumps(GOOD),
                             headers={"Content-Type": "text/plain"})
        expect_error(st, body, 415, "application/json")
        st, _, body = h.http(port, "POST", "/submit", json.dumps(GOOD),
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
        expect_error(st, body, 415, "application/json")
    nothing_written(go)
    st, _, body = h.http(port, "POST", "/api/submissions", json.dumps(GOOD),
                         headers={"Content-Type": "application/json; charset=utf-8"})
    assert st == 202, body


def test_oversized_headers():
    def go():
        req = (b"POST /api/submissions HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40000 +
               b"\r\nContent-Length: 2\r\n\r\n{}")
        out = h.raw(port, req)
        assert out.startswith(b"HTTP/1.1 431"), out[:100]
    nothing_written(go)


def test_body_that_never_finishes():
    def go():
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        body = json.dumps(GOOD).encode()
        s.sendall(b"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:10])
        t0 = time.time()
        out = s.recv(65536)
        s.close()
        assert out.startswith(b"HTTP/1.1 408"), out[:80]
        assert time.time() - t0 < 4
    nothing_written(go)


def test_keepalive_and_pipelining():
    body = json.dumps(GOOD).encode()
    one = (b"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    get = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(one + get + one + b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    out = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        out += chunk
    s.close()
    # bodies have no trailing newline: status lines follow them directly
    statuses = re.findall(rb"HTTP/1\.1 (\d{3}) ", out)
    assert statuses == [b"202", b"200", b"202", b"200"], statuses


def test_sweep_queues_rows_whose_push_failed():
    # A row stored whose push failed, as after a Redis failure between the
    # INSERT and the LPUSH.
    sid = h.psql(db, "INSERT INTO submissions (user_id, problem_id, language, code, enqueued, "
                     "updated_at) VALUES ('carol', 'a-plus-b', 'c', 'int main(){}', false, "
                     "now() - interval '1 minute') RETURNING id")
    deadline = time.time() + 15
    while h.psql(db, f"SELECT enqueued FROM submissions WHERE id = {sid}") != "t":
        assert time.time() < deadline, "sweep never queued the row"
        time.sleep(0.1)
    jobs = [json.loads(j) for j in h.redis_cli(RDB, "LRANGE", "problems", "0", "-1").splitlines()]
    assert any(j.get("submissionId") == sid for j in jobs)


def test_redis_down_gives_503_and_writes_nothing():
    other = h.Proc(["api", "--port", "0", "--host", "127.0.0.1", "--db", db,
                    "--redis", "redis://127.0.0.1:1"])
    try:
        port2 = int(other.wait_log(r"listening on http://[\d.]+:(\d+)").group(1))
        other.wait_log("problems available")
        def go():
            st, _, body = h.http(port2, "POST", "/api/submissions", GOOD)
            expect_error(st, body, 503, "Redis")
            st, _, body = h.http(port2, "POST", "/submit", GOOD)
            expect_error(st, body, 503, "unavailable")
        nothing_written(go)
        st, _, body = h.http(port2, "GET", "/healthz")
        assert st == 503 and json.loads(body)["redis"] is False
        # reads still work: the cache is optional
        st, _, _ = h.http(port2, "GET", "/api/problems/a-plus-b")
        assert st == 200
    finally:
        assert other.stop() == 0


def test_db_down_gives_503_and_writes_nothing():
    other = h.Proc(["api", "--port", "0", "--host", "127.0.0.1",
                    "--db", "postgresql://postgres@127.0.0.1:1/verdict", "--redis", h.redis_url(RDB)])
    try:
        port2 = int(other.wait_log(r"listening on http://[\d.]+:(\d+)").group(1))
        other.wait_log("PostgreSQL unavailable")
        def go():
            st, _, body = h.http(port2, "POST", "/api/submissions", GOOD)
            expect_error(st, body, 503, "database")
            st, _, body = h.http(port2, "GET", "/api/submissions/" + "0" * 32)
            expect_error(st, body, 503, "database")
        nothing_written(go)
    finally:
        assert other.stop() == 0


def test_bad_urls_fail_fast_with_one_line():
    import subprocess
    for args, frag in [(["--redis", "http://x"], "Redis URL"), (["--db", "nonsense=1"], "database URL"),
                       (["--port", "99999"], "--port")]:
        r = subprocess.run([h.BIN, "api"] + args, capture_output=True, text=True, timeout=10)
        assert r.returncode == 2 and frag in r.stderr and r.stderr.count("\n") == 1, r.stderr


suite = h.Suite()
rc = suite.run([v for k, v in list(globals().items()) if k.startswith("test_")])
assert api.stop() == 0, api.log
h.drop_db(db)
sys.exit(rc)
