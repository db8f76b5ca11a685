"""Fault: Redis killed (kill -9) and restarted from its AOF mid-burst. Every
role reconnects; the restarted server is a new run_id, so the api and the
workers push the rows still queued again; announcements that failed are sent
again; the gateway resubscribes and replays."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import faults as f  # noqa: E402


def fault(c):
    f.judging(c.stack, c.stack.workers[0])
    c.redis.kill()
    c.redis.start()
    c.stack.api.wait_log(r"switched \(a failover or a restart\); pushing again", timeout=20)


f.run("fault_redis_restart", fault)
