"""End to end: who may do what (issue 10, Identity). `verdict api` and
`verdict gateway` with --auth-secret on, and in open mode: every rule with
a good, expired, tampered, another user's and the admin's token."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 14
ADMIN = "id-admin-token"
SECRET = "id-test-secret"
U = f"i{os.getpid()}"
ANN, BEN = U + "-ann", U + "-ben"
ADMIN_AUTH = {"Authorization": f"Bearer {ADMIN}"}

db = h.fresh_db("identity")
h.import_problems(db)
h.redis_cli(RDB, "FLUSHDB")
api, port = h.start_api(db, RDB, ["--admin-token", ADMIN, "--auth-secret", SECRET])
open_api, open_port = h.start_api(db, RDB, [])
gw, gw_port = h.start_gateway(RDB, ["--auth-secret", SECRET, "--admin-token", ADMIN])


def mint(user, ttl=600):
    st, _, body = h.http(port, "POST", "/api/tokens", {"userId": user, "ttlSeconds": ttl},
                         ADMIN_AUTH)
    assert st == 200, body
    return json.loads(body)["token"]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


ANN_T, BEN_T = mint(ANN), mint(BEN)


def sub(user=None):
    body = {"problemId": "a-plus-b", "language": "python", "code": "print(1)"}
    if user is not None:
        body["userId"] = user
    return body


def expect_401(st, hd, body, fragment):
    assert st == 401, (st, body)
    assert hd.get("WWW-Authenticate", "").startswith("Bearer"), hd
    assert fragment in json.loads(body)["error"], body


def submit(token, user=None, path="/api/submissions"):
    st, _, body = h.http(port, "POST", path, sub(user), bearer(token))
    assert st in (200, 202), (st, body)
    return json.loads(body).get("id")


def test_user_routes_need_a_bearer_token():
    rows = h.psql(db, "SELECT count(*) FROM submissions")
    for path in ("/api/submissions", "/submit"):
        expect_401(*h.http(port, "POST", path, sub(ANN)), "token required")
        expect_401(*h.http(port, "POST", path, sub(ANN), {"Authorization": "Basic eDp5"}),
                   "token required")
        expect_401(*h.http(port, "POST", path, sub(ANN), bearer("v1.x.1.y")), "bad token")
    sid = submit(ANN_T, ANN)
    expect_401(*h.http(port, "GET", f"/api/submissions/{sid}"), "token required")
    expect_401(*h.http(port, "GET", f"/api/users/{ANN}/submissions"), "token required")
    # nothing was stored or queued by the refused ones
    assert int(h.psql(db, "SELECT count(*) FROM submissions")) == int(rows) + 1


def test_problems_languages_and_the_page_stay_public():
    for path in ("/api/problems", "/api/problems/a-plus-b", "/api/languages", "/", "/healthz"):
        st, _, body = h.http(port, "GET", path)
        assert st == 200, (path, st, body)


def test_the_token_is_the_user():
    # none in the body: the token's user submits
    sid = submit(ANN_T)
    st, _, body = h.http(port, "GET", f"/api/submissions/{sid}", None, bearer(ANN_T))
    assert st == 200 and json.loads(body)["userId"] == ANN, body
    # the same user in the body is fine; another is 403 and stores nothing
    submit(ANN_T, ANN)
    rows = h.psql(db, "SELECT count(*) FROM submissions")
    for path in ("/api/submissions", "/submit"):
        st, _, body = h.http(port, "POST", path, sub(BEN), bearer(ANN_T))
        assert st == 403 and "token" in json.loads(body)["error"], (st, body)
    assert h.psql(db, "SELECT count(*) FROM submissions") == rows
    # the tutorial's route puts the token's user in the job
    h.redis_cli(RDB, "DEL", "problems")
    submit(ANN_T, path="/submit")
    job = json.loads(h.redis_cli(RDB, "LPOP", "problems"))
    assert job["userId"] == ANN, job
    sid = submit(ANN_T)
    row = h.psql(db, f"SELECT id FROM submissions WHERE public_id = '{sid}'")
    jobs = [json.loads(j) for j in h.redis_cli(RDB, "LRANGE", "problems", "0", "-1").split("\n")]
    assert {"submissionId": row, "userId": ANN} in [
        {k: j.get(k) for k in ("submissionId", "userId")} for j in jobs], jobs


def test_a_submission_is_read_by_its_owner_or_an_admin_only():
    sid = submit(ANN_T)
    st, _, body = h.http(port, "GET", f"/api/submissions/{sid}", None, bearer(ANN_T))
    assert st == 200 and json.loads(body)["code"] == "print(1)", body
    st, _, body = h.http(port, "GET", f"/api/submissions/{sid}", None, ADMIN_AUTH)
    assert st == 200, body
    # another user gets what a missing submission gets: existence does not leak
    other = h.http(port, "GET", f"/api/submissions/{sid}", None, bearer(BEN_T))
    missing = h.http(port, "GET", "/api/submissions/" + "0" * 32, None, bearer(BEN_T))
    assert other[0] == missing[0] == 404 and other[2] == missing[2], (other, missing)


def test_history_is_that_users_or_an_admins():
    submit(BEN_T)
    st, _, body = h.http(port, "GET", f"/api/users/{BEN}/submissions", None, bearer(BEN_T))
    assert st == 200 and len(json.loads(body)) >= 1, body
    st, _, body = h.http(port, "GET", f"/api/users/{BEN}/submissions", None, ADMIN_AUTH)
    assert st == 200 and len(json.loads(body)) >= 1, body
    st, _, body = h.http(port, "GET", f"/api/users/{BEN}/submissions", None, bearer(ANN_T))
    assert st == 403, (st, body)


def test_expired_and_tampered_tokens_are_401():
    now = int(time.time())
    old = h.user_token(SECRET, ANN, now - 61)  # past the 60 s allowance
    expect_401(*h.http(port, "POST", "/api/submissions", sub(), bearer(old)), "expired")
    # within the clock-skew allowance it still holds
    skewed = h.user_token(SECRET, ANN, now - 30)
    assert h.http(port, "POST", "/api/submissions", sub(), bearer(skewed))[0] == 202
    bad = ANN_T[:-1] + ("A" if ANN_T[-1] != "A" else "B")
    expect_401(*h.http(port, "POST", "/api/submissions", sub(), bearer(bad)), "bad token")
    # ann's name with ben's signature
    forged = ANN_T.split(".")[:3] + [BEN_T.split(".")[3]]
    expect_401(*h.http(port, "POST", "/api/submissions", sub(), bearer(".".join(forged))),
               "bad token")
    # signed with another secret
    other = h.user_token("not-the-secret", ANN, now + 600)
    expect_401(*h.http(port, "GET", f"/api/users/{ANN}/submissions", None, bearer(other)),
               "bad token")
    # the old gateway form names no user: not a bearer token
    v0 = h.user_token_v0(SECRET, ANN, now + 600)
    expect_401(*h.http(port, "POST", "/api/submissions", sub(ANN), bearer(v0)), "bad token")
    # a token minted elsewhere with the shared secret is as good as the api's
    mine = h.user_token(SECRET, ANN, now + 600)
    assert h.http(port, "POST", "/api/submissions", sub(), bearer(mine))[0] == 202


def test_the_admin_token_acts_for_anyone():
    st, _, body = h.http(port, "POST", "/api/submissions", sub(BEN), ADMIN_AUTH)
    assert st == 202, body
    # the admin names the user: a body without one is refused
    st, _, body = h.http(port, "POST", "/api/submissions", sub(), ADMIN_AUTH)
    assert st == 400, body
    # a user token is not an admin token
    st, _, body = h.http(port, "POST", "/api/tokens", {"userId": ANN}, bearer(ANN_T))
    assert st == 401, body


def test_no_token_is_made_or_taken_for_the_judge0_user():
    """judge0 owns every Judge0 client's runs (open mode, the admin token): a
    site user of that name with a token would read them all and hear their
    events."""
    st, _, body = h.http(port, "POST", "/api/tokens", {"userId": "judge0"}, ADMIN_AUTH)
    assert st == 400 and "reserved" in json.loads(body)["error"], (st, body)
    signed = h.user_token(SECRET, "judge0", int(time.time()) + 600)  # minted elsewhere
    expect_401(*h.http(port, "GET", "/api/users/judge0/submissions", None, bearer(signed)),
               "bad token")
    st, _, _ = h.http(port, "POST", "/judge0/authenticate", "", {"X-Auth-Token": signed})
    assert st == 401
    for hello in ({"token": signed}, {"userId": "judge0", "token": signed}):
        c = h.WS(gw_port)
        c.send_json(hello)
        code, reason = c.expect_close()
        c.close()
        assert code == 4401 and "bad token" in reason, (hello, code, reason)
    # the admin still acts for it
    ws, ready = h.ws_identify(gw_port, "judge0", token=ADMIN)
    assert ready["userId"] == "judge0", ready
    ws.close()


def test_gateway_takes_the_token_alone_and_refuses_the_rest():
    w = h.WS(gw_port)
    w.send_json({"token": ANN_T})
    ready = w.recv_json()
    assert ready["type"] == "ready" and ready["userId"] == ANN, ready
    w.close()
    ws, _ = h.ws_identify(gw_port, ANN, token=ANN_T)
    ws.close()

    def refused(hello, fragment):
        c = h.WS(gw_port)
        c.send_json(hello)
        code, reason = c.expect_close()
        c.close()
        assert code == 4401 and fragment in reason, (code, reason)

    refused({"userId": BEN, "token": ANN_T}, "bad token")
    refused({"token": h.user_token(SECRET, ANN, int(time.time()) - 61)}, "expired")
    refused({"token": ANN_T[:-1] + ("A" if ANN_T[-1] != "A" else "B")}, "bad token")
    refused({"userId": ANN}, "token required")
    # the admin token listens as any user it names, and names none by itself
    ws, ready = h.ws_identify(gw_port, BEN, token=ADMIN)
    assert ready["userId"] == BEN, ready
    ws.close()
    refused({"token": ADMIN}, "bad token")
    refused({"userId": BEN, "token": ADMIN + "x"}, "bad token")


def test_verdict_submit_uses_its_token_on_the_api_and_the_gateway():
    import re
    import subprocess
    import tempfile
    path = os.path.join(tempfile.mkdtemp(prefix="verdict-ident-"), "a.py")
    with open(path, "w") as f:
        f.write("print(1)\n")

    def run(token):
        args = [h.BIN, "submit", "--api", f"http://127.0.0.1:{port}", "--gateway",
                f"ws://127.0.0.1:{gw_port}/ws", "--problem", "a-plus-b", "--lang", "python",
                "--user", ANN, "--timeout-s", "20"] + (["--token", token] if token else []) + [path]
        return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    p = run(ANN_T)
    line = p.stdout.readline()
    m = re.match(r"submission (\S+) queued", line)
    assert m, (line, p.stderr.read() if not line else "")
    sid = m.group(1)
    ev = {"type": "result", "submissionId": sid, "userId": ANN, "problemId": "a-plus-b",
          "status": "AC", "timeMs": 3, "memoryKb": 2048}
    deadline = time.time() + 10
    while p.poll() is None and time.time() < deadline:
        h.redis_cli(RDB, "PUBLISH", "problem_done", json.dumps(ev))
        time.sleep(0.2)
    out, err = p.communicate(timeout=10)
    assert p.returncode == 0, (out, err)
    # another user's token: the api refuses it (403), and so does the gateway
    p = run(BEN_T)
    out, err = p.communicate(timeout=30)
    assert p.returncode == 2, (out, err)
    # none: the gateway refuses the identify
    p = run(None)
    out, err = p.communicate(timeout=30)
    assert p.returncode == 2 and "token" in err, (out, err)
    p = run("bad\ntoken")
    out, err = p.communicate(timeout=30)
    assert p.returncode == 2 and "--token" in err, (out, err)


def test_metrics_can_be_kept_off_the_public_port():
    p, pport = h.start_api(db, RDB, ["--metrics-addr", "127.0.0.1:0"])
    try:
        mport = int(p.wait_log(r"metrics on http://127\.0\.0\.1:(\d+)/metrics").group(1))
        st, _, body = h.http(mport, "GET", "/metrics")
        assert st == 200 and b"requests" in body, (st, body)
        st, _, body = h.http(pport, "GET", "/metrics")
        assert st == 404, (st, body)
        # the metrics port serves nothing else
        st, _, body = h.http(mport, "GET", "/api/problems")
        assert st == 404, (st, body)
        st, _, body = h.http(pport, "GET", "/api/problems")
        assert st == 200, (st, body)
    finally:
        assert p.stop() == 0, p.log
    # without it, /metrics stays on the public port
    assert h.http(port, "GET", "/metrics")[0] == 200
    g, gport = h.start_gateway(RDB, ["--metrics-addr", "127.0.0.1:0"])
    try:
        mport = int(g.wait_log(r"metrics on http://127\.0\.0\.1:(\d+)/metrics").group(1))
        st, _, body = h.http(mport, "GET", "/metrics")
        assert st == 200 and b"verdict_gateway_connections" in body, (st, body)
        assert h.http(gport, "GET", "/metrics")[0] == 404
        assert h.http(gport, "GET", "/healthz")[0] == 200
    finally:
        assert g.stop() == 0, g.log
    assert h.http(gw_port, "GET", "/metrics")[0] == 200
    import subprocess
    bad = subprocess.run([h.BIN, "api", "--port", "0", "--host", "127.0.0.1", "--db", db,
                          "--redis", h.redis_url(RDB), "--metrics-addr", "nonsense"],
                         capture_output=True, text=True, timeout=30)
    assert bad.returncode != 0 and "--metrics-addr" in bad.stderr, bad


def test_gateway_checks_origin_when_told_to():
    g, gport = h.start_gateway(RDB, ["--allowed-origins",
                                     "https://judge.example.com, http://localhost:3000"])
    try:
        for origin in ("https://judge.example.com", "http://localhost:3000",
                       "HTTPS://JUDGE.EXAMPLE.COM", None):
            w = h.WS(gport, origin=origin)  # None: not a browser, let in
            w.send_json({"userId": ANN})
            assert w.recv_json()["type"] == "ready"
            w.close()
        for origin in ("https://evil.example", "https://judge.example.com.evil.example",
                       "http://localhost:30001", "null"):
            try:
                h.WS(gport, origin=origin)
                assert False, f"{origin} was let in"
            except ConnectionError as e:
                assert "403" in str(e), e
    finally:
        assert g.stop() == 0, g.log
    # unset: any page may connect
    w = h.WS(gw_port, origin="https://anywhere.example")
    w.close()


def test_open_mode_says_so_and_trusts_the_body():
    assert "auth off" in open_api.log and "auth on" in api.log, open_api.log
    st, _, body = h.http(open_port, "POST", "/api/submissions", sub(ANN))
    assert st == 202, body
    sid = json.loads(body)["id"]
    st, _, body = h.http(open_port, "GET", f"/api/submissions/{sid}")
    assert st == 200, body
    st, _, body = h.http(open_port, "POST", "/api/submissions", sub())
    assert st == 400, body
    # ids are not guessable: 32 random hex digits, none derived from another;
    # the row's sequential id is never an answer's nor a name a read takes
    st, _, body = h.http(open_port, "POST", "/api/submissions", sub(ANN))
    sid2 = json.loads(body)["id"]
    assert len(sid) == len(sid2) == 32 and sid != sid2, (sid, sid2)
    row = h.psql(db, f"SELECT id FROM submissions WHERE public_id = '{sid}'")
    assert row.isdigit()
    st, _, body = h.http(open_port, "GET", f"/api/submissions/{row}")
    assert st == 404, body
    st, _, body = h.http(open_port, "GET", f"/api/users/{ANN}/submissions?limit=1&before={sid2}")
    assert st == 200 and json.loads(body)[0]["id"] == sid, body


try:
    rc = h.Suite().run([
        test_user_routes_need_a_bearer_token,
        test_problems_languages_and_the_page_stay_public,
        test_the_token_is_the_user,
        test_a_submission_is_read_by_its_owner_or_an_admin_only,
        test_history_is_that_users_or_an_admins,
        test_expired_and_tampered_tokens_are_401,
        test_the_admin_token_acts_for_anyone,
        test_gateway_takes_the_token_alone_and_refuses_the_rest,
        test_verdict_submit_uses_its_token_on_the_api_and_the_gateway,
        test_metrics_can_be_kept_off_the_public_port,
        test_gateway_checks_origin_when_told_to,
        test_open_mode_says_so_and_trusts_the_body,
    ])
finally:
    for p in (gw, open_api, api):
        p.stop()
    h.drop_db(db)
sys.exit(rc)
