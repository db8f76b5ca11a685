"""Fault: the PostgreSQL primary is killed (kill -9) mid-burst and its
synchronous standby promoted. Every role is given both hosts in one libpq
URL with target_session_attrs=read-write and finds the new primary by
itself; while there is none, POST /api/submissions answers 503 (nothing
half-written); workers whose verdicts could not be stored get them stored
once it is back; every accepted submission gets one correct verdict, seen
once by its user."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import faults as f  # noqa: E402

pg = f.PgHA(standby=True)
redis = f.RedisHA(sentinels=0)
stack = None
try:
    db = pg.create_db(f"fault_pgfail_{os.getpid()}")
    stack = f.Stack("fault_pgfail", f"redis://127.0.0.1:{redis.primary}", db=db)
    users = [f.User(stack.gw_port, f"pf{os.getpid()}-{i}") for i in range(4)]
    burst = f.Burst(stack.api_port, users)
    burst.submit(20)
    pg.primary.kill()
    t0 = time.time()
    burst.submit(5)  # no primary: refused (503), never half-written
    pg.promote()
    burst.submit_accepted(15)
    n = burst.check(db, timeout=45)
    print(f"ok: {n} verdicts, {burst.refused} refused, recovered in {time.time() - t0:.1f} s")
    for u in users:
        u.close()
except BaseException:
    if stack:
        print(stack.logs())
    raise
finally:
    if stack:
        stack.stop()
    redis.stop()
    pg.stop()
