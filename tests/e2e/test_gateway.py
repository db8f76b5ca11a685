"""End to end: `verdict gateway` (two of them) with `verdict api` as the
publisher (POST /api/events, /api/broadcast, /api/tokens), against the
private Redis and PostgreSQL. Issue 5's test list: exactly-once fan-out to
every connection of a user on two gateways, every bad-input rule, slow
consumers, replay after a missed verdict, broadcast with coins credited once,
auth on and off, shutdown with 1001."""
import json
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

RDB = 6
ADMIN = "gw-admin-token"
SECRET = "gw-test-secret"
U = f"p{os.getpid()}"  # user names unique to this run: pub/sub ignores db numbers
AUTH = {"Authorization": f"Bearer {ADMIN}"}

db = h.fresh_db("gateway")
h.import_problems(db)
h.redis_cli(RDB, "FLUSHDB")
api, api_port = h.start_api(db, RDB, ["--admin-token", ADMIN, "--auth-secret", SECRET])
g1, p1 = h.start_gateway(RDB, ["--identify-timeout-ms", "400", "--linger-ms", "300"])
g2, p2 = h.start_gateway(RDB, ["--linger-ms", "300"])


def publish(user, event):
    st, _, body = h.http(api_port, "POST", "/api/events", {"userId": user, "event": event}, AUTH)
    assert st == 202, (st, body)
    return json.loads(body)["seq"]


def result(user, sid, status="AC"):
    return {"type": "result", "submissionId": str(sid), "userId": user, "problemId": "a-plus-b",
            "status": status}


def numsub(channel):
    out = h.redis_cli(RDB, "PUBSUB", "NUMSUB", channel).split("\n")
    return int(out[1])


def test_one_result_reaches_each_connection_of_the_user_once():
    alice, bob = U + "-alice", U + "-bob"
    a1, r1 = h.ws_identify(p1, alice)
    a2, _ = h.ws_identify(p2, alice)
    a3, _ = h.ws_identify(p1, alice)  # a second tab on the first gateway
    b1, _ = h.ws_identify(p1, bob)
    assert r1["seq"] == 0
    # each gateway holds alice once in Redis, however many tabs
    assert numsub("user:" + alice) == 2 and numsub("user:" + bob) == 1
    done = h.Events(RDB)
    seq = publish(alice, result(alice, 1))
    for ws in (a1, a2, a3):
        ev = ws.recv_json()
        assert ev["type"] == "result" and ev["submissionId"] == "1" and ev["seq"] == seq, ev
        assert ws.quiet(0.3), "delivered twice"
    assert b1.quiet(0.3), "another user got alice's result"
    # the tutorial's contract: SUBSCRIBE problem_done still shows every result
    got = done.wait_results(1, timeout=5)
    assert got[0]["submissionId"] == "1" and got[0]["userId"] == alice
    done.close()
    for ws in (a1, a2, a3, b1):
        ws.close()


def test_events_published_straight_to_problem_done_are_routed():
    # the worker before it calls events_publish(): a plain PUBLISH problem_done
    carol = U + "-carol"
    c1, _ = h.ws_identify(p1, carol)
    c2, _ = h.ws_identify(p2, carol)
    h.redis_cli(RDB, "PUBLISH", "problem_done", json.dumps(result(carol, 7, "WA")))
    for ws in (c1, c2):
        ev = ws.recv_json()
        assert ev["submissionId"] == "7" and ev["status"] == "WA"
        assert ws.quiet(0.3)
    # an event from events_publish() also lands on problem_done: not twice
    publish(carol, result(carol, 8))
    for ws in (c1, c2):
        assert ws.recv_json()["submissionId"] == "8"
        assert ws.quiet(0.3)
    c1.close()
    c2.close()


def test_progress_events_are_live_only():
    dave = U + "-dave"
    d, ready = h.ws_identify(p1, dave)
    assert publish(dave, {"type": "progress", "submissionId": "9", "userId": dave,
                          "stage": "test", "test": 1, "of": 3}) == 0
    ev = d.recv_json()
    assert ev["type"] == "progress" and ev["seq"] == 0
    d.close()
    # nothing to replay: progress is not kept
    d, ready = h.ws_identify(p1, dave, since=0)
    assert ready["seq"] == 0 and d.quiet(0.3)
    d.close()


def test_reconnect_gets_the_missed_verdicts_in_order():
    erin = U + "-erin"
    e, ready = h.ws_identify(p1, erin)
    s0 = ready["seq"]
    e.close()
    s1 = publish(erin, result(erin, 11, "TLE"))
    s2 = publish(erin, result(erin, 12, "AC"))
    assert (s1, s2) == (s0 + 1, s0 + 2)
    e, ready = h.ws_identify(p2, erin, since=s0)
    assert ready["seq"] == s0
    got = [e.recv_json(), e.recv_json()]
    assert [g["submissionId"] for g in got] == ["11", "12"] and got[1]["seq"] == s2
    assert e.quiet(0.3)
    s3 = publish(erin, result(erin, 13))
    assert e.recv_json()["seq"] == s3 and e.quiet(0.3)
    e.close()
    # a tab that saw the first one replays only the second
    e, _ = h.ws_identify(p1, erin, since=s2)
    assert e.recv_json()["seq"] == s3 and e.quiet(0.3)
    e.close()


def test_history_overflow_says_resync():
    fay = U + "-fay"
    for i in range(105):
        publish(fay, result(fay, 1000 + i))
    f, ready = h.ws_identify(p1, fay, since=0)
    assert ready["seq"] == 0
    ev = f.recv_json()
    assert ev["type"] == "resync" and ev["seq"] == 105, ev
    seqs = [f.recv_json()["seq"] for _ in range(100)]
    assert seqs == list(range(6, 106))
    assert f.quiet(0.3)
    f.close()
    # a position past the counter (Redis lost it): everything kept, and resync
    f, ready = h.ws_identify(p1, fay, since=500)
    assert ready["seq"] == 0 and f.recv_json()["type"] == "resync"
    f.close()


def test_bad_input_is_closed_with_a_code_and_others_are_unaffected():
    gus = U + "-gus"
    watcher, _ = h.ws_identify(p1, gus)

    def closed_with(send, code):
        ws = h.WS(p1)
        send(ws)
        got, reason = ws.expect_close()
        ws.close()
        assert got == code, (got, reason)
        return reason

    assert "JSON" in closed_with(lambda w: w.send_frame(1, "hello"), 4400)
    assert "userId" in closed_with(lambda w: w.send_json({"user": "x"}), 4400)
    assert "userId" in closed_with(lambda w: w.send_json({"userId": ""}), 4400)
    assert "userId" in closed_with(lambda w: w.send_json({"userId": "a" * 65}), 4400)
    assert "since" in closed_with(lambda w: w.send_json({"userId": "x", "since": -1}), 4400)
    closed_with(lambda w: w.send_frame(2, b"\x00\x01"), 1003)  # binary
    closed_with(lambda w: w.send_frame(1, "x" * 5000), 1009)  # oversized
    closed_with(lambda w: w.send_frame(1, "x", mask=False), 1002)  # unmasked

    def flood(w):
        w.send_json({"userId": U + "-flood"})
        for _ in range(40):
            w.send_json({"hi": 1})
    assert "too many" in closed_with(flood, 4429)
    # never identifies: closed after --identify-timeout-ms
    ws = h.WS(p1)
    t0 = time.time()
    code, reason = ws.expect_close(timeout=5)
    assert code == 4408 and 0.3 < time.time() - t0 < 2, (code, time.time() - t0)
    ws.close()
    # wrong path, plain HTTP
    try:
        h.WS(p1, path="/nope")
        raise AssertionError("upgrade on /nope accepted")
    except ConnectionError as e:
        assert "404" in str(e)
    st, _, _ = h.http(p1, "GET", "/")
    assert st == 426
    st, _, body = h.http(p1, "GET", "/healthz")
    assert st == 200 and json.loads(body)["redis"] is True
    st, hdrs, _ = h.http(p1, "POST", "/metrics", b"")
    assert st == 405 and hdrs.get("Allow") == "GET, HEAD", (st, hdrs)
    st, _, body = h.http(p1, "HEAD", "/metrics")
    assert st == 200
    # the well-behaved connection saw none of it and still works
    assert watcher.quiet(0.1)
    publish(gus, result(gus, 21))
    assert watcher.recv_json()["submissionId"] == "21"
    watcher.close()


def test_slow_consumer_is_closed_with_4008():
    g, port = h.start_gateway(RDB, ["--max-queue-kb", "16"])
    slow, fast = U + "-slow", U + "-fast"
    ws = h.WS(port, rcvbuf=4096)
    ws.send_json({"userId": slow})
    assert ws.recv_json()["type"] == "ready"
    other, _ = h.ws_identify(port, fast)
    # 12 MB for the slow user, which reads nothing meanwhile (more than the
    # kernel's socket buffers take: tcp_wmem's 4 MB at most here)
    big = "x" * 4000
    h.redis_cli(RDB, "EVAL", "for i = 1, 3000 do redis.call('PUBLISH', KEYS[1], "
                "'{\"seq\":0,\"type\":\"progress\",\"pad\":\"' .. ARGV[1] .. '\"}') end",
                "1", "user:" + slow, big)
    # read nothing until the gateway has handed all of it over
    deadline = time.time() + 20
    while True:
        _, _, m = h.http(port, "GET", "/metrics")
        if b"verdict_gateway_events_total 3000" in m:
            break
        assert time.time() < deadline, m
        time.sleep(0.05)
    try:
        code, _ = ws.expect_close(timeout=20)
    except TimeoutError:
        import subprocess
        ss = subprocess.run(["ss", "-tnmi", f"sport = :{port} or dport = :{port}"],
                            capture_output=True, text=True).stdout
        raise AssertionError(f"no close; buffered {len(ws.buf)}\n{ss}\n{g.drain()}")
    assert code == 4008, code
    ws.close()
    publish(fast, result(fast, 31))
    assert other.recv_json()["submissionId"] == "31"
    other.close()
    log = g.drain()
    assert g.stop() == 0, log


def test_broadcast_reaches_everyone_and_credits_coins_once():
    hal, ida = U + "-hal", U + "-ida"
    # users the store knows: they have submissions (the api has auth on: the
    # admin token submits for anyone)
    for u in (hal, ida):
        st, _, body = h.http(api_port, "POST", "/api/submissions",
                             {"userId": u, "problemId": "a-plus-b", "language": "python",
                              "code": "print(1)"}, AUTH)
        assert st == 202, body
    conns = [h.ws_identify(p1, hal)[0], h.ws_identify(p2, hal)[0], h.ws_identify(p2, ida)[0]]
    before = int(h.psql(db, f"SELECT count(*) FROM users WHERE id IN ('{hal}', '{ida}')"))
    req = {"id": f"b-{U}", "message": "everyone gets 10 coins", "coins": 10}
    st, _, body = h.http(api_port, "POST", "/api/broadcast", req, AUTH)
    doc = json.loads(body)
    assert st == 200 and doc["duplicate"] is False and doc["sent"] is True, body
    assert doc["gateways"] >= 2 and doc["credited"] >= 2
    for ws in conns:
        ev = ws.recv_json()
        assert ev["type"] == "broadcast" and ev["coins"] == 10 and ev["id"] == req["id"], ev
        assert ws.quiet(0.2)
    # each gateway says how long its fan-out took
    _, _, m = h.http(p2, "GET", "/metrics")
    last = [ln for ln in m.decode().split("\n")
            if ln.startswith("verdict_gateway_broadcast_last_seconds ")]
    assert len(last) == 1 and 0 < float(last[0].split()[1]) < 5, m
    g2.wait_log(r"broadcast: 2 connections in [\d.]+ ms")
    # the retry of a request whose answer was lost: nothing credited or sent twice
    st, _, body = h.http(api_port, "POST", "/api/broadcast", req, AUTH)
    doc = json.loads(body)
    assert st == 200 and doc["duplicate"] is True and doc["credited"] == 0, body
    for ws in conns:
        assert ws.quiet(0.3)
    coins = h.psql(db, f"SELECT string_agg(coins::text, ',') FROM users "
                       f"WHERE id IN ('{hal}', '{ida}')")
    assert before == 0 and coins == "10,10", coins
    # the page's balance: GET /api/users/{id} (that user's token or the admin's)
    st, _, body = h.http(api_port, "GET", f"/api/users/{hal}", None, AUTH)
    assert st == 200 and json.loads(body) == {"id": hal, "coins": 10}, body
    st, _, body = h.http(api_port, "GET", f"/api/users/{U}-nobody", None, AUTH)
    assert st == 200 and json.loads(body) == {"id": f"{U}-nobody", "coins": 0}, body
    st, _, _ = h.http(api_port, "GET", f"/api/users/{hal}")
    assert st == 401
    st, _, _ = h.http(api_port, "GET", "/api/users/bad%20id", None, AUTH)
    assert st == 400
    for ws in conns:
        ws.close()
    # admin only
    st, _, _ = h.http(api_port, "POST", "/api/broadcast", req)
    assert st == 401
    st, _, _ = h.http(api_port, "POST", "/api/broadcast", req,
                      {"Authorization": "Bearer wrong-token"})
    assert st == 401
    st, _, body = h.http(api_port, "POST", "/api/broadcast", {"message": "x"}, AUTH)
    assert st == 400 and "id" in json.loads(body)["error"]


def test_admin_routes_are_off_without_a_token():
    other, port = h.start_api(db, RDB)
    try:
        st, _, body = h.http(port, "POST", "/api/broadcast", {"id": "x", "message": "m"},
                             AUTH)
        assert st == 403, body
        st, _, body = h.http(port, "POST", "/api/tokens", {"userId": "x"}, AUTH)
        assert st == 403, body
    finally:
        other.stop()


def test_auth_on_needs_a_valid_unexpired_token_for_that_user():
    g, port = h.start_gateway(RDB, ["--auth-secret", SECRET])
    assert "auth on" in g.log and "tutorial mode" not in g.log
    jan, kim = U + "-jan", U + "-kim"

    def token(user, ttl=600):
        st, _, body = h.http(api_port, "POST", "/api/tokens", {"userId": user, "ttlSeconds": ttl},
                             AUTH)
        assert st == 200, body
        return json.loads(body)["token"]

    t = token(jan)
    ws, _ = h.ws_identify(port, jan, token=t)
    publish(jan, result(jan, 41))
    assert ws.recv_json()["submissionId"] == "41"
    ws.close()

    def refused(hello, fragment):
        w = h.WS(port)
        w.send_json(hello)
        code, reason = w.expect_close()
        w.close()
        assert code == 4401 and fragment in reason, (code, reason)

    refused({"userId": jan}, "token required")
    refused({"userId": kim, "token": t}, "bad token")  # jan's token cannot hear kim
    refused({"userId": jan, "token": t[:-1] + ("0" if t[-1] != "0" else "1")}, "bad token")
    # expired past the clock-skew allowance (60 s), signed as the api signs
    refused({"userId": jan, "token": h.user_token(SECRET, jan, int(time.time()) - 61)}, "expired")
    refused({"token": h.user_token(SECRET, jan, int(time.time()) - 61)}, "expired")
    # within the allowance it still holds
    ws, ready = h.ws_identify(port, jan, token=h.user_token(SECRET, jan, int(time.time()) - 30))
    ws.close()
    # the token alone says who listens
    w = h.WS(port)
    w.send_json({"token": t})
    assert w.recv_json()["userId"] == jan
    w.close()
    refused({"token": t[:-1] + ("A" if t[-1] != "A" else "B")}, "bad token")
    refused({"token": "x"}, "bad token")
    # the older gateway form (before issue 10) is still taken with its userId
    ws, _ = h.ws_identify(port, jan, token=h.user_token_v0(SECRET, jan, int(time.time()) + 60))
    ws.close()
    refused({"userId": kim, "token": h.user_token_v0(SECRET, jan, int(time.time()) + 60)},
            "bad token")
    assert g.stop() == 0
    # auth off says so at start (the shared gateways)
    assert "tutorial mode" in g1.log


def test_user_channel_is_dropped_after_the_last_connection_lingers():
    lea = U + "-lea"
    ws, _ = h.ws_identify(p1, lea)
    assert numsub("user:" + lea) == 1
    ws.close()
    # a reload within --linger-ms keeps the subscription
    ws, _ = h.ws_identify(p1, lea)
    ws.close()
    deadline = time.time() + 5
    while numsub("user:" + lea) != 0:
        assert time.time() < deadline, "still subscribed"
        time.sleep(0.1)


def test_redis_blip_replays_what_was_published_meanwhile():
    # Redis drops the gateways' subscriber connections (a blip); the verdict
    # published at once, before they are back, reaches both by replay.
    ola = U + "-ola"
    o1, _ = h.ws_identify(p1, ola)
    o2, _ = h.ws_identify(p2, ola)
    n = len(g1.drain())
    h.redis_cli(RDB, "CLIENT", "KILL", "TYPE", "pubsub")
    s1 = publish(ola, result(ola, 61))
    g1.wait_log("subscriptions: Redis unavailable")
    assert "subscriptions: connected" not in g1.log[n:], "reconnected before the publish"
    for ws in (o1, o2):
        assert ws.recv_json(timeout=10)["seq"] == s1
    s2 = publish(ola, result(ola, 62))
    for ws in (o1, o2):
        assert ws.recv_json()["seq"] == s2 and ws.quiet(0.3)
        ws.close()
    assert "subscriptions: connected" in g1.drain()[n:]


def test_redis_restart_mid_stream_loses_no_verdict():
    import shutil
    import signal
    import subprocess
    import tempfile
    d = tempfile.mkdtemp(prefix="verdict-gw-redis-")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    rport = s.getsockname()[1]
    s.close()
    url = f"redis://127.0.0.1:{rport}"

    def start_redis():
        p = subprocess.Popen(["redis-server", "--port", str(rport), "--bind", "127.0.0.1",
                              "--dir", d, "--appendonly", "yes", "--appendfsync", "always",
                              "--save", ""], stdout=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", rport), timeout=1).close()
                return p
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    r = start_redis()
    a = g = None
    try:
        a = h.Proc(["api", "--port", "0", "--host", "127.0.0.1", "--db", db, "--redis", url,
                    "--admin-token", ADMIN])
        aport = int(a.wait_log(r"listening on http://[\d.]+:(\d+)").group(1))
        g = h.Proc(["gateway", "--port", "0", "--host", "127.0.0.1", "--redis", url])
        gport = int(g.wait_log(r"listening on ws://[\d.]+:(\d+)").group(1))
        g.wait_log("subscriptions: connected")
        max_ = U + "-max"
        ws, _ = h.ws_identify(gport, max_)

        def pub(sid, tries=100):
            for _ in range(tries):
                st, _, body = h.http(aport, "POST", "/api/events",
                                     {"userId": max_, "event": result(max_, sid)}, AUTH)
                if st == 202:
                    return json.loads(body)["seq"]
                time.sleep(0.05)
            raise AssertionError(f"could not publish {sid}: {st} {body}")

        s1 = pub(51)
        assert ws.recv_json(timeout=5)["seq"] == s1
        r.send_signal(signal.SIGTERM)
        r.wait(10)
        g.wait_log("subscriptions: Redis unavailable")
        r = start_redis()
        # published as soon as Redis is back, most likely before the gateway
        # has subscribed again: it reaches the client by replay
        s2 = pub(52)
        s3 = pub(53)
        try:
            got = [ws.recv_json(timeout=10), ws.recv_json(timeout=10)]
        except TimeoutError:
            raise AssertionError("missed verdicts not replayed; gateway log:\n" + g.drain())
        assert [e["seq"] for e in got] == [s2, s3], got
        assert ws.quiet(0.3)
        ws.close()
    finally:
        for p in (g, a):
            if p:
                p.stop()
        r.send_signal(signal.SIGTERM)
        r.wait(10)
        shutil.rmtree(d, ignore_errors=True)


def test_shutdown_closes_clients_with_1001():
    g, port = h.start_gateway(RDB)
    ws, _ = h.ws_identify(port, U + "-ned")
    g.p.send_signal(15)
    code, _ = ws.expect_close(timeout=5)
    assert code == 1001
    ws.close()
    assert g.p.wait(10) == 0
    assert g.stop() == 0, g.log



def owners(port):
    """pid -> established connections on port, from ss (we run as root)."""
    import re
    import subprocess
    out = subprocess.run(["ss", "-Htnp", "state", "established", f"( sport = :{port} )"],
                         capture_output=True, text=True, check=True).stdout
    count = {}
    for pid in re.findall(r"pid=(\d+)", out):
        count[int(pid)] = count.get(int(pid), 0) + 1
    return count


def test_gateways_share_a_port_with_reuse_port():
    ga, port = h.start_gateway(RDB, ["--reuse-port"])
    gb, _ = h.start_gateway(RDB, ["--reuse-port", "--port", str(port)])
    # without the switch, the port is taken
    gc = h.Proc(["gateway", "--port", str(port), "--host", "127.0.0.1", "--redis",
                 h.redis_url(RDB)])
    assert gc.p.wait(10) == 2
    gc.stop()
    assert "cannot listen" in gc.log and "in use" in gc.log, gc.log
    users = [f"{U}-rp{i}" for i in range(40)]
    conns = [h.ws_identify(port, u)[0] for u in users]
    split = owners(port)
    assert set(split) == {ga.p.pid, gb.p.pid}, split  # the kernel spread them
    assert sum(split.values()) == 40
    # each user's events reach it through whichever gateway holds it
    for u, ws in zip(users[:10], conns[:10]):
        publish(u, result(u, 7))
        ev = ws.recv_json()
        assert ev["type"] == "result" and ev["userId"] == u, ev
    # a broadcast reaches all of them, from both gateways
    req = {"id": f"rp-{U}", "message": "shared port", "coins": 0}
    st, _, body = h.http(api_port, "POST", "/api/broadcast", req, AUTH)
    assert st == 200 and json.loads(body)["gateways"] >= 2, body
    for ws in conns:
        ev = ws.recv_json()
        assert ev["type"] == "broadcast" and ev["id"] == req["id"], ev
    # one of them stops: its clients are told to go elsewhere, and the port
    # still answers through the other
    ga.p.send_signal(15)
    assert ga.p.wait(10) == 0
    closed = 0
    for ws in conns:
        try:
            op, payload = ws.recv_frame(0.1)
        except TimeoutError:
            continue  # held by the gateway still running
        assert op == 8 and int.from_bytes(payload[:2], "big") == 1001, (op, payload)
        closed += 1
    assert closed == split[ga.p.pid]
    again, ready = h.ws_identify(port, users[0])
    assert ready["type"] == "ready"
    again.close()
    for ws in conns:
        ws.close()
    assert gb.stop() == 0, gb.log
    ga.stop()

try:
    rc = h.Suite().run([
        test_one_result_reaches_each_connection_of_the_user_once,
        test_events_published_straight_to_problem_done_are_routed,
        test_progress_events_are_live_only,
        test_reconnect_gets_the_missed_verdicts_in_order,
        test_history_overflow_says_resync,
        test_bad_input_is_closed_with_a_code_and_others_are_unaffected,
        test_slow_consumer_is_closed_with_4008,
        test_broadcast_reaches_everyone_and_credits_coins_once,
        test_admin_routes_are_off_without_a_token,
        test_auth_on_needs_a_valid_unexpired_token_for_that_user,
        test_user_channel_is_dropped_after_the_last_connection_lingers,
        test_redis_blip_replays_what_was_published_meanwhile,
        test_redis_restart_mid_stream_loses_no_verdict,
        test_shutdown_closes_clients_with_1001,
        test_gateways_share_a_port_with_reuse_port,
    ])
finally:
    for p in (g1, g2, api):
        p.stop()
    h.drop_db(db)
sys.exit(rc)
