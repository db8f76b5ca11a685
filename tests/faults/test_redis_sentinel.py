"""Fault: the Redis primary is killed (kill -9) under Sentinel during a
burst. Every role (api, workers, gateway) follows the failover by itself
(--redis sentinel://...); the jobs the old primary acknowledged but had not
replicated are pushed again from PostgreSQL (the failover sweep); every
accepted submission gets one correct verdict, seen once by its user."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import faults as f  # noqa: E402

ha = f.RedisHA()
stack = None
try:
    stack = f.Stack("fault_sentinel", ha.url)
    stack.api.wait_log(r"connected to Redis")
    users = [f.User(stack.gw_port, f"s{os.getpid()}-{i}") for i in range(4)]
    burst = f.Burst(stack.api_port, users)
    burst.submit(20)
    old = ha.primary
    ha.kill(old)
    t0 = time.time()
    burst.submit(20)  # during the failover: refused or accepted, never lost
    f.wait_until(lambda: ha.primary_port() != old, 20, "the sentinels to promote the replica")
    for p in [stack.api] + stack.workers:
        p.wait_log(r"primary switched; pushing again", timeout=20)
    burst.submit(10)
    n = burst.check(stack.db)
    print(f"ok: {n} verdicts, {burst.refused} refused, failover followed in "
          f"{time.time() - t0:.1f} s")
    for u in users:
        u.close()
except BaseException:
    if stack:
        print(stack.logs())
    raise
finally:
    if stack:
        stack.stop()
    ha.stop()
