"""End-to-end tests of the Judge0-compatible API (issue 13; README
"Judge0-compatible API"): the api and a worker on the real Redis, PostgreSQL
and sandbox, each route and error shape against the examples of Judge0's
documentation, runs of every outcome, base64 both ways, batches, wait=true,
and callbacks to a local HTTP server (and their refusal)."""
import base64
import http.server
import json
import os
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 3
db = h.fresh_db("judge0")
h.redis_cli(RDB, "FLUSHDB")


class Hook(http.server.BaseHTTPRequestHandler):
    """The client's callback endpoint: records each PUT."""
    got = []
    cond = threading.Condition()

    def do_PUT(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with Hook.cond:
            Hook.got.append((self.path, json.loads(body)))
            Hook.cond.notify_all()
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


hook = http.server.HTTPServer(("127.0.0.1", 0), Hook)
HOOK_PORT = hook.server_address[1]
threading.Thread(target=hook.serve_forever, daemon=True).start()

API_ARGS = ["--judge0-callback-hosts", "127.0.0.1, hooks.invalid", "--judge0-keep", "600"]
api, port = h.start_api(db, RDB, API_ARGS)
worker = h.start_worker(db, RDB, slots=2)
done = h.Events(RDB, channel="run_done")


def call(method, path, body=None, headers=None, p=None):
    status, hdrs, data = h.http(p or port, method, "/judge0" + path, body, headers, timeout=90)
    return status, (json.loads(data) if data else None)


def wait_runs(tokens, timeout=90):
    """Waits until the runs of tokens are announced on run_done."""
    deadline = time.time() + timeout
    while True:
        seen = {e.get("id") for e in done.events if e.get("type") == "run"}
        if set(tokens) <= seen:
            return
        left = deadline - time.time()
        if left <= 0:
            raise AssertionError(f"runs not done after {timeout}s: {set(tokens) - seen}")
        done.poll(left)


def run(source, language_id=71, **extra):
    body = {"source_code": source, "language_id": language_id}
    body.update(extra)
    status, sub = call("POST", "/submissions?wait=true&fields=*", body)
    assert status == 201, (status, sub)
    return sub


def test_languages_statuses_about_and_config():
    status, langs = call("GET", "/languages")
    assert status == 200
    ids = {l["id"]: l["name"] for l in langs}
    assert set(ids) == {50, 54, 60, 62, 63, 71, 73}, ids
    assert ids[50].startswith("C (") and ids[71].startswith("Python (")
    status, lang = call("GET", "/languages/54")
    assert status == 200 and lang["id"] == 54 and lang["is_archived"] is False, lang
    assert lang["source_file"] and lang["run_cmd"], lang
    assert call("GET", "/languages/4") == (404, {"status": 404, "error": "Not Found"})
    assert call("GET", "/languages/x") == (404, {"status": 404, "error": "Not Found"})
    status, sts = call("GET", "/statuses")
    assert status == 200 and len(sts) == 14
    assert sts[6] == {"id": 7, "description": "Runtime Error (SIGSEGV)"}, sts
    status, about = call("GET", "/about")
    assert status == 200 and "version" in about
    status, cfg = call("GET", "/config_info")
    assert status == 200 and cfg["enable_wait_result"] is True and cfg["enable_callbacks"] is True
    assert cfg["max_cpu_time_limit"] == 15.0 and cfg["max_submission_batch_size"] == 20
    assert call("GET", "/system_info") == (404, {"status": 404, "error": "Not Found"})


def test_documented_validation_errors():
    src = "#include <stdio.h>\nint main(void){return 0;}\n"
    assert call("POST", "/submissions", {"source_code": src}) == \
        (422, {"language_id": ["can't be blank"]})
    assert call("POST", "/submissions", {"source_code": src, "language_id": 150000,
                                         "stdin": "world", "expected_output": "hello, world"}) == \
        (422, {"language_id": ["language with id 150000 doesn't exist"]})
    assert call("POST", "/submissions", {"source_code": src, "language_id": 50,
                                         "wall_time_limit": 100000}) == \
        (422, {"wall_time_limit": ["must be less than or equal to 20.0"]})
    assert call("POST", "/submissions", {"source_code": src, "language_id": 50,
                                         "compiler_options": "-O3"}) == \
        (422, {"compiler_options": ["setting compiler options is not allowed"]})
    assert call("POST", "/submissions?fields=stdout,nope", {"source_code": src}) == \
        (400, {"error": "invalid fields: [nope]"})
    assert call("POST", "/submissions", "not json")[0] == 400
    assert call("GET", "/submissions/d85cd024-1548-4165-96c7-7bc88673f194") == \
        (404, {"status": 404, "error": "Not Found"})
    assert call("GET", "/submissions/nope")[0] == 404


def test_accepted_and_wrong_answer_with_expected_output():
    src = "name = input()\nprint(f'hello, {name}')\n"
    sub = run(src, stdin="Judge0", expected_output="hello, Judge0")
    assert sub["status"] == {"id": 3, "description": "Accepted"}, sub
    assert sub["stdout"] == "hello, Judge0\n" and sub["stderr"] == ""
    assert isinstance(sub["time"], str) and float(sub["time"]) >= 0, sub["time"]
    assert isinstance(sub["memory"], int) and sub["memory"] > 0
    assert sub["language"] == {"id": 71, "name": sub["language"]["name"]}
    assert sub["exit_code"] == 0 and sub["exit_signal"] is None
    assert sub["created_at"].endswith("Z") and sub["token"]
    sub = run(src, stdin="Judge0", expected_output="hello, world")
    assert sub["status"]["id"] == 4, sub
    # The default fields of GET, as documented.
    status, got = call("GET", f"/submissions/{sub['token']}")
    assert status == 200
    assert set(got) == {"stdout", "time", "memory", "stderr", "token", "compile_output",
                        "message", "status"}, got
    status, got = call("GET", f"/submissions/{sub['token']}?fields=status_id,language_id")
    assert (status, got) == (200, {"language_id": 71, "status_id": 4}), got


def test_compile_error_and_time_limit():
    sub = run("int main(void) { return nope; }\n", language_id=50)
    assert sub["status"]["id"] == 6, sub
    assert "nope" in sub["compile_output"] and sub["stdout"] is None, sub
    sub = run("while True:\n    pass\n", cpu_time_limit=0.5, wall_time_limit=2)
    assert sub["status"] == {"id": 5, "description": "Time Limit Exceeded"}, sub
    assert sub["message"] == "Time limit exceeded", sub


def test_runtime_errors_by_signal_and_exit_code():
    sub = run("int main(void) { volatile int *p = 0; return *p; }\n", language_id=50)
    assert sub["status"] == {"id": 7, "description": "Runtime Error (SIGSEGV)"}, sub
    assert sub["exit_signal"] == 11 and sub["message"] == "Caught fatal signal 11", sub
    sub = run("#include <stdlib.h>\nint main(void) { abort(); }\n", language_id=50)
    assert sub["status"]["id"] == 10 and sub["exit_signal"] == 6, sub
    sub = run("import sys\nsys.exit(3)\n")
    assert sub["status"] == {"id": 11, "description": "Runtime Error (NZEC)"}, sub
    assert sub["exit_code"] == 3 and sub["message"] == "Exited with error status 3", sub


def test_memory_limit_is_said_in_the_message():
    sub = run("x = bytearray(200 * 1024 * 1024)\nprint(len(x))\n", memory_limit=65536)
    assert sub["status"]["id"] == 12, sub
    assert sub["message"].startswith("Memory limit exceeded"), sub


def test_base64_round_trip():
    src = "import sys\nsys.stdout.write(sys.stdin.read().upper())\n"
    body = {"source_code": base64.b64encode(src.encode()).decode(), "language_id": 71,
            "stdin": base64.b64encode("héllo\n".encode()).decode()}
    status, sub = call("POST", "/submissions?base64_encoded=true&wait=true", body)
    assert status == 201 and sub["status"]["id"] == 3, sub
    assert base64.b64decode(sub["stdout"]).decode() == "HÉLLO\n", sub
    status, got = call("GET", f"/submissions/{sub['token']}?base64_encoded=true&fields=*")
    assert status == 200
    assert base64.b64decode(got["stdout"]).decode() == "HÉLLO\n", got
    assert base64.b64decode(got["source_code"]).decode() == src
    assert got["stdout"].endswith("\n"), got  # Ruby's encode64, as Judge0 writes it


def test_batch_of_three():
    subs = [{"source_code": f"print({i} * 2)", "language_id": 71} for i in range(3)]
    subs.insert(1, {"source_code": "print(1)"})
    status, made = call("POST", "/submissions/batch", {"submissions": subs})
    assert status == 201, made
    assert made[1] == {"language_id": ["can't be blank"]}, made
    tokens = [made[i]["token"] for i in (0, 2, 3)]
    wait_runs(tokens)
    q = ",".join(tokens[:2] + ["d85cd024-1548-4165-96c7-7bc88673f194"] + tokens[2:])
    status, got = call("GET", f"/submissions/batch?tokens={q}&fields=token,stdout,status_id,message")
    assert status == 200, got
    outs = got["submissions"]
    assert outs[2] is None and [o["stdout"] for o in outs if o] == ["0\n", "2\n", "4\n"], outs
    assert all(o["status_id"] == 3 for o in outs if o)
    assert call("POST", "/submissions/batch", {"submissions": []}) == \
        (400, {"error": "there should be at least one submission in a batch"})
    assert call("POST", "/submissions/batch", {"submissions": subs * 6}) == \
        (400, {"error": "number of submissions in a batch should be less than or equal to 20"})
    assert call("POST", "/submissions/batch", {"submissions": [{"source_code": "x"}]}) == \
        (422, [{"language_id": ["can't be blank"]}])


def test_without_wait_then_delete():
    status, made = call("POST", "/submissions", {"source_code": "print(42)", "language_id": 71})
    assert status == 201 and set(made) == {"token"}, made
    wait_runs([made["token"]])
    status, got = call("GET", f"/submissions/{made['token']}")
    assert status == 200 and got["stdout"] == "42\n", got
    status, gone = call("DELETE", f"/submissions/{made['token']}?fields=stdout")
    assert status == 200 and gone == {"stdout": "NDIK\n"}, gone
    assert call("GET", f"/submissions/{made['token']}")[0] == 404


def test_callback_to_an_allowed_host():
    url = f"http://127.0.0.1:{HOOK_PORT}/done?x=1"
    status, made = call("POST", "/submissions", {"source_code": "print('hi')", "language_id": 71,
                                                 "callback_url": url})
    assert status == 201, made
    with Hook.cond:
        ok = Hook.cond.wait_for(lambda: any(b.get("token") == made["token"] for _, b in Hook.got),
                                timeout=60)
    assert ok, Hook.got
    path, body = [g for g in Hook.got if g[1].get("token") == made["token"]][0]
    assert path == "/done?x=1"
    assert body["status"]["id"] == 3 and base64.b64decode(body["stdout"]) == b"hi\n", body


def test_callback_to_other_hosts_is_refused():
    for url, why in [("http://10.0.0.1/x", "host 10.0.0.1 is not allowed"),
                     ("http://evil.example/x", "host evil.example is not allowed"),
                     ("http://user@127.0.0.1/", "is not a valid URL")]:
        assert call("POST", "/submissions", {"source_code": "print(1)", "language_id": 71,
                                             "callback_url": url}) == \
            (422, {"callback_url": [why]}), url
    # Listed by name, but the name resolves to an inside address that is not
    # listed: resolved, checked, and not called. Alone, since any api that
    # hears of the finished run may be the one that calls.
    global api, port
    api.stop()
    other, oport = h.start_api(db, RDB, ["--judge0-callback-hosts", "localhost"])
    try:
        before = len(Hook.got)
        status, made = call("POST", "/submissions", {
            "source_code": "print(1)", "language_id": 71,
            "callback_url": f"http://localhost:{HOOK_PORT}/inside"}, p=oport)
        assert status == 201, made
        other.wait_log(made["token"] + r": callback to localhost:\d+ not delivered: its addresses "
                       "are private and not listed", timeout=60)
        assert len(Hook.got) == before and all(p != "/inside" for p, _ in Hook.got)
    finally:
        other.stop()
        api, port = h.start_api(db, RDB, API_ARGS)
    # Without --judge0-callback-hosts there are no callbacks at all.
    other, oport = h.start_api(db, RDB)
    try:
        assert call("POST", "/submissions", {"source_code": "print(1)", "language_id": 71,
                                             "callback_url": url}, p=oport) == \
            (422, {"callback_url": ["callbacks are not enabled on this server"]})
    finally:
        other.stop()


def test_identity_with_auth_secret():
    other, oport = h.start_api(db, RDB, ["--auth-secret", "s3cret", "--admin-token", "adm"])
    try:
        st, hdrs, data = h.http(oport, "GET", "/judge0/languages")
        assert st == 200
        st, hdrs, data = h.http(oport, "POST", "/judge0/submissions",
                                {"source_code": "print(1)", "language_id": 71})
        assert (st, data) == (401, b""), (st, data)
        tok = h.user_token("s3cret", "alice", int(time.time()) + 600)
        assert h.http(oport, "POST", "/judge0/authenticate", "",
                      {"X-Auth-Token": tok})[0] == 200
        assert h.http(oport, "POST", "/judge0/authenticate", "",
                      {"X-Auth-Token": "wrong"})[0] == 401
        st, made = call("POST", "/submissions", {"source_code": "print(1)", "language_id": 71},
                        {"X-Auth-Token": tok}, p=oport)
        assert st == 201, made
        bob = h.user_token("s3cret", "bob", int(time.time()) + 600)
        assert call("GET", f"/submissions/{made['token']}", None, {"X-Auth-Token": bob},
                    p=oport)[0] == 404
        assert call("GET", f"/submissions/{made['token']}", None, {"X-Auth-Token": tok},
                    p=oport)[0] == 200
        assert call("GET", f"/submissions/{made['token']}", None, {"X-Auth-Token": "adm"},
                    p=oport)[0] == 200
    finally:
        other.stop()


def test_rate_limit_counts_each_submission():
    h.redis_cli(RDB, "DEL", "rate:submit:judge0")
    other, oport = h.start_api(db, RDB, ["--submit-rate", "2"])
    try:
        body = {"source_code": "print(1)", "language_id": 71}
        assert call("POST", "/submissions", body, p=oport)[0] == 201
        status, made = call("POST", "/submissions/batch", {"submissions": [body, body]}, p=oport)
        assert status == 201 and "token" in made[0], made
        assert made[1]["error"].startswith("too many submissions"), made
        st, hdrs, data = h.http(oport, "POST", "/judge0/submissions", body)
        assert st == 429 and int(hdrs["Retry-After"]) > 0, (st, hdrs, data)
        assert json.loads(data)["error"].startswith("too many submissions"), data
    finally:
        other.stop()


if __name__ == "__main__":
    rc = h.Suite().run([
        test_languages_statuses_about_and_config,
        test_documented_validation_errors,
        test_accepted_and_wrong_answer_with_expected_output,
        test_compile_error_and_time_limit,
        test_runtime_errors_by_signal_and_exit_code,
        test_memory_limit_is_said_in_the_message,
        test_base64_round_trip,
        test_batch_of_three,
        test_without_wait_then_delete,
        test_callback_to_an_allowed_host,
        test_callback_to_other_hosts_is_refused,
        test_identity_with_auth_secret,
        test_rate_limit_counts_each_submission,
    ])
    done.close()
    worker.stop()
    api.stop()
    hook.shutdown()
    h.drop_db(db)
    sys.exit(rc)
