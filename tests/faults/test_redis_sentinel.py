"""Fault: the Redis primary is killed (kill -9) under Sentinel during a
burst. Every role (api, workers, gateway) follows the failover by itself
(--redis sentinel://...); the jobs the old primary acknowledged but had not
replicated are pushed again from PostgreSQL (the failover sweep); workers
send again the announcements that failed; every accepted submission gets one
correct verdict, seen once by its user."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import faults as f  # noqa: E402


def fault(c):
    old = c.redis.primary
    c.redis.kill(old)
    c.burst.submit(20)  # during the failover: refused or accepted, never lost
    f.wait_until(lambda: c.redis.primary_port() != old, 20, "the sentinels to promote the replica")
    for p in [c.stack.api] + c.stack.workers:
        p.wait_log(r"switched .*; pushing again", timeout=20)


f.run("fault_sentinel", fault, redis="sentinel")
