"""--redis-wait-replicas N: the api's push counts only once N replicas have
the job (WAIT N after the push). With the replica there, the push counts
(the row is marked enqueued); with fewer replicas than N, or the replica
gone, the push is reported failed after the WAIT timeout: the submission is
still accepted (the row is stored) and the api's sweep pushes it again."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import faults as f  # noqa: E402

h = f.h
ha = f.RedisHA(sentinels=0)
db = h.fresh_db("fault_wait")
h.import_problems(db)
apis = []
BODY = {"userId": "w", "problemId": "a-plus-b", "language": "python", "code": f.AC}


def api(wait):
    p = h.Proc(["api", "--port", "0", "--host", "127.0.0.1", "--db", db, "--redis",
                f"redis://127.0.0.1:{ha.primary}", "--redis-wait-replicas", str(wait)])
    apis.append(p)
    port = int(p.wait_log(r"listening on http://[\d.]+:(\d+)").group(1))
    p.wait_log(r"problems available")
    return p, port


def submit(port):
    t0 = time.time()
    st, _, raw = h.http(port, "POST", "/api/submissions", BODY)
    assert st == 202, (st, raw)
    return json.loads(raw)["id"], time.time() - t0


def enqueued(pid):
    return h.psql(db, f"SELECT enqueued FROM submissions WHERE public_id = '{pid}'")


try:
    p1, port1 = api(1)
    pid, took = submit(port1)
    assert enqueued(pid) == "t", "WAIT 1 with one replica: the push counts"
    assert int(f.redis_cli(ha.replica, "LLEN", "problems")) >= 1
    assert took < 0.9, f"a replicated push took {took:.2f} s"

    p2, port2 = api(2)
    pid, took = submit(port2)
    assert took >= 0.9, f"WAIT 2 with one replica answered in {took:.2f} s, before its timeout"
    assert enqueued(pid) == "f", "fewer replicas than asked: the push does not count"
    p2.wait_log(r"stored but not queued \(Resource temporarily unavailable\)")

    ha.kill(ha.replica)
    pid, _ = submit(port1)
    assert enqueued(pid) == "f", "the replica gone: the push does not count"
    # The primary has it all the same; the sweep pushes it again: judged once
    # by whichever copy a worker claims first (tests/faults/test_redis_sentinel.py).
    p1.wait_log(r"stored but not queued \(Resource temporarily unavailable\)")
    print("ok")
except BaseException:
    for p in apis:
        print(p.drain()[-3000:])
    raise
finally:
    for p in apis:
        p.stop()
    h.drop_db(db)
    ha.stop()
