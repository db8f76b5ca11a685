"""Fault: Redis stopped for 10 s mid-burst (shut down, saved to its AOF),
then started again. Submissions made meanwhile are stored (the push fails:
the api's sweep pushes them once Redis is back) or refused; workers keep the
verdicts they could not announce and send them once it is back."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import faults as f  # noqa: E402


def fault(c):
    f.judging(c.stack, c.stack.workers[0])
    c.redis.kill(sig=15)
    t0 = time.time()
    while time.time() - t0 < 10:  # the outage: submissions keep coming
        c.burst.submit(1)
        time.sleep(0.5)
    c.redis.start()


f.run("fault_redis_stop", fault)
